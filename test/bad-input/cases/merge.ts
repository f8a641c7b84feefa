/** Bad merge inputs: whole runs, missing or repeated shards, folders without results — refused, naming the folder. */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FOLDER, type BadInputCase } from '../harness.ts';

const merge = (name: string, folders: string[], at: string | undefined, says: RegExp, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  name: `merge: ${name}`,
  category: 'merge',
  args: ['merge', ...folders],
  ...(at !== undefined ? { at } : {}),
  says,
  ...extra,
});

/** A shard folder whose results.json is the fixture shard's, changed. */
const shardWith = (change: (value: any) => unknown) => async (dir: string, fixtures: string) => {
  const value = JSON.parse(await readFile(join(fixtures, 'shard-1/results.json'), 'utf8'));
  await mkdir(join(dir, 'shard'));
  await writeFile(join(dir, 'shard/results.json'), JSON.stringify(change(value) ?? value));
};

export const MERGE_CASES: BadInputCase[] = [
  merge(
    'two unsharded result folders (it would count every finding twice)',
    ['@fx/results', '@/copy'],
    '@fx/results',
    /^holds the results of a whole run, not of one shard/,
    {
      prepare: (dir, fixtures) => cp(join(fixtures, 'results'), join(dir, 'copy'), { recursive: true }),
      spawn: true,
    },
  ),
  merge('a shard and an unsharded run', ['@fx/shard-1', '@fx/results'], '@fx/results', /^holds the results of a whole run, not of one shard/),
  merge(
    'the same shard twice',
    ['@fx/shard-1', '@fx/shard-1'],
    undefined,
    /^crisp: the folders hold shards 1, 1 of 2; merge needs each of 1\.\.2 exactly once/,
  ),
  merge('a missing shard', ['@fx/shard-1'], undefined, /^crisp: the folders hold shards 1 of 2; merge needs each of 1\.\.2 exactly once/),
  merge('shards of two different splits', ['@fx/shard-1', '@fx/shard-2', '@fx/shard-1-of-3'], undefined, /merge needs each of 1\.\.2 exactly once/),
  merge('a folder that does not exist', ['@fx/shard-1', '@/missing'], '@/missing', /^no such result folder/),
  merge(
    'a file instead of a folder',
    ['@fx/shard-1', '@/results.json'],
    '@/results.json',
    /^is not a result folder \(give the folder holding results\.json\)/,
    {
      files: { 'results.json': '{}' },
    },
  ),
  merge('a folder without results.json', ['@fx/shard-1', '@/empty'], '@/empty', /^holds no readable results\.json/, { files: { empty: FOLDER } }),
  merge('results.json of random bytes', ['@fx/shard-1', '@/shard'], '@/shard/results.json', /^not a results\.json: /, {
    files: { 'shard/results.json': Buffer.from('9a00ffe21b5b324b', 'hex') },
  }),
  merge(
    'results.json that is a JSON array',
    ['@fx/shard-1', '@/shard'],
    '@/shard/results.json',
    /^not a results\.json written by crisp run: a results\.json is a JSON object, not an array/,
    {
      files: { 'shard/results.json': '[]' },
    },
  ),
  merge(
    'results.json with a finding of an unknown status',
    ['@fx/shard-1', '@/shard'],
    '@/shard/results.json',
    /findings\[0\]\.status is not one of pass, fail, error, skipped, not_applicable/,
    {
      prepare: shardWith((value) => {
        value.findings[0].status = 'maybe';
      }),
    },
  ),
  merge('results.json with an impossible shard', ['@fx/shard-1', '@/shard'], '@/shard/results.json', /its shard is not \{ index, count \}/, {
    prepare: shardWith((value) => {
      value.shard = { index: 3, count: 2 };
    }),
  }),
  merge('results.json is a folder', ['@fx/shard-1', '@/shard'], '@/shard', /^holds no readable results\.json/, { files: { 'shard/results.json': FOLDER } }),
  merge('--out that is one of the shards', ['@fx/shard-1', '@/shard-2', '--out', '@/shard-2'], '@/shard-2', /^is both a shard to merge and --out/, {
    prepare: (dir, fixtures) => cp(join(fixtures, 'shard-2'), join(dir, 'shard-2'), { recursive: true }),
  }),
];
