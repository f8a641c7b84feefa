/**
 * Bad evidence packs and results for verify, replay and drift: unreadable ones are exit 2
 * naming the path; a pack anyone re-signed (it verifies, integrity only) whose contents are
 * malformed is exit 2 naming the pack and the file; verify says "not intact" (exit 1) and never hangs.
 */
import { gzipSync } from 'node:zlib';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resignedCopy, type BadInputCase } from '../harness.ts';

const RANDOM = Buffer.from(Array.from({ length: 2048 }, (_, index) => (index * 7919 + 13) % 251));

/** A results.json of the fixture run, changed. */
const results = (change: (value: any) => unknown) => async (dir: string, fixtures: string) => {
  const value = JSON.parse(await readFile(join(fixtures, 'results/results.json'), 'utf8'));
  await writeFile(join(dir, 'results.json'), JSON.stringify(change(value) ?? value));
};

/** The fixture pack, one of its files changed, signed again by someone else. */
const resigned = (file: string, change: (text: string) => string) => async (dir: string, fixtures: string) =>
  resignedCopy(join(fixtures, 'pack'), join(dir, 'pack'), async (pack) => {
    await writeFile(join(pack, file), change(await readFile(join(pack, file), 'utf8')));
  });

const withJson = (change: (value: any) => unknown) => (text: string) => {
  const value = JSON.parse(text);
  return JSON.stringify(change(value) ?? value, null, 2) + '\n';
};

const pack = (name: string, args: string[], at: string | undefined, says: RegExp, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  name: `pack: ${name}`,
  category: 'pack',
  args,
  ...(at !== undefined ? { at } : {}),
  says,
  ...extra,
});

export const PACK_CASES: BadInputCase[] = [
  pack('verify random bytes', ['verify', '@/pack.tar.gz'], '@/pack.tar.gz', /^not a readable \.tar\.gz evidence pack/, { files: { 'pack.tar.gz': RANDOM } }),
  pack('verify an empty .tar.gz', ['verify', '@/pack.tar.gz'], '@/pack.tar.gz', /^not a readable \.tar\.gz evidence pack|manifest/, {
    files: { 'pack.tar.gz': '' },
  }),
  pack('verify a gzip that holds no tar', ['verify', '@/pack.tar.gz'], '@/pack.tar.gz', /^not a readable \.tar\.gz evidence pack/, {
    files: { 'pack.tar.gz': gzipSync(Buffer.from('just text, no tar header\n'.repeat(40))) },
  }),
  pack('verify a pack that does not exist', ['verify', '@/missing.tar.gz'], '@/missing.tar.gz', /^no such evidence pack/),
  pack('replay random bytes', ['replay', '@/pack.tar.gz'], '@/pack.tar.gz', /^not a readable \.tar\.gz evidence pack/, { files: { 'pack.tar.gz': RANDOM } }),
  pack(
    'drift --baseline of random bytes',
    ['drift', '--baseline', '@/baseline.tar.gz', '--current', '@fx/pack'],
    '@/baseline.tar.gz',
    /^not a readable \.tar\.gz evidence pack/,
    {
      files: { 'baseline.tar.gz': RANDOM },
      spawn: true,
    },
  ),
  pack(
    'drift --baseline of random bytes named .json',
    ['drift', '--baseline', '@/results.json', '--current', '@fx/pack'],
    '@/results.json',
    /^not a results\.json: /,
    {
      files: { 'results.json': RANDOM },
    },
  ),
  pack(
    'drift --baseline of a JSON array',
    ['drift', '--baseline', '@/results.json', '--current', '@fx/pack'],
    '@/results.json',
    /^not a results\.json written by crisp run: a results\.json is a JSON object, not an array/,
    {
      files: { 'results.json': '[{"checkId":"x"}]\n' },
      spawn: true,
    },
  ),
  pack(
    'drift --baseline whose findings are no list',
    ['drift', '--baseline', '@/results.json', '--current', '@fx/pack'],
    '@/results.json',
    /it has no findings list/,
    {
      prepare: results((value) => ({ ...value, findings: {} })),
    },
  ),
  pack(
    'drift --baseline with a finding without status',
    ['drift', '--baseline', '@/results.json', '--current', '@fx/pack'],
    '@/results.json',
    /findings\[0\]\.status is not one of/,
    {
      prepare: results((value) => {
        delete value.findings[0].status;
      }),
    },
  ),
  pack(
    'drift --baseline with a null finding',
    ['drift', '--baseline', '@/results.json', '--current', '@fx/pack'],
    '@/results.json',
    /findings\[0\] is not an object/,
    {
      prepare: results((value) => ({ ...value, findings: [null] })),
    },
  ),
  pack(
    'drift --current of random bytes',
    ['drift', '--baseline', '@fx/results/results.json', '--current', '@/current.tar.gz'],
    '@/current.tar.gz',
    /^not a readable \.tar\.gz evidence pack/,
    {
      files: { 'current.tar.gz': RANDOM },
    },
  ),
  pack(
    'drift --baseline of a folder that is no pack',
    ['drift', '--baseline', '@/folder', '--current', '@fx/pack'],
    '@/folder',
    /^the evidence pack does not verify: manifest\.json is missing/,
    {
      files: { 'folder/notes.txt': 'not a pack\n' },
    },
  ),
  pack(
    'drift --baseline of an altered pack',
    ['drift', '--baseline', '@/pack', '--current', '@fx/pack'],
    '@/pack',
    /^the evidence pack does not verify: .*altered: results\.json/,
    {
      prepare: async (dir, fixtures) =>
        resignedCopy(join(fixtures, 'pack'), join(dir, 'pack'), async () => {}).then(async () => {
          await writeFile(join(dir, 'pack/results.json'), '{}\n');
        }),
    },
  ),
  pack('replay a re-signed pack whose run.json is not JSON', ['replay', '@/pack'], '@/pack', /^run\.json in the pack is not readable JSON/, {
    prepare: resigned('run.json', () => 'not json at all\n'),
  }),
  pack(
    'replay a re-signed pack whose run.json names a suite outside it',
    ['replay', '@/pack'],
    '@/pack',
    /^run\.json in the pack is not what crisp run writes: instances\[0\]\.suite "\.\.\/\.\.\/etc\/passwd" lies outside the pack/,
    {
      prepare: resigned(
        'run.json',
        withJson((run) => {
          run.instances[0].suite = '../../etc/passwd';
        }),
      ),
    },
  ),
  pack(
    'replay a re-signed pack whose run.json has no instances',
    ['replay', '@/pack'],
    '@/pack',
    /^run\.json in the pack is not what crisp run writes: it has no instances list/,
    {
      prepare: resigned(
        'run.json',
        withJson((run) => {
          delete run.instances;
        }),
      ),
    },
  ),
  pack(
    'replay a re-signed pack whose observations are a list',
    ['replay', '@/pack'],
    '@/pack',
    /^observations\.json in the pack is not what crisp run writes/,
    {
      prepare: resigned('observations.json', () => '[]\n'),
    },
  ),
  pack(
    'replay a re-signed pack whose results have no findings',
    ['replay', '@/pack'],
    '@/pack',
    /^results\.json in the pack is not what crisp run writes: it has no findings list/,
    {
      prepare: resigned(
        'results.json',
        withJson((value) => {
          delete value.findings;
        }),
      ),
    },
  ),
  pack(
    'replay a re-signed pack whose suite no longer loads',
    ['replay', '@/pack'],
    '@/pack',
    /^the pack's suite suites\/0-bedrock-private-connectivity\.yaml does not load: .*YAML syntax error/,
    {
      prepare: resigned('suites/0-bedrock-private-connectivity.yaml', (text) => `${text}\n  - [unclosed\n`),
    },
  ),
  pack(
    'drift --baseline a re-signed pack whose results are a list',
    ['drift', '--baseline', '@/pack', '--current', '@fx/pack'],
    '@/pack',
    /^results\.json in the pack is not what crisp run writes: a results\.json is a JSON object, not an array/,
    {
      prepare: resigned('results.json', () => '[]\n'),
    },
  ),
  pack('verify a pack whose manifest is null: not intact', ['verify', '@/pack'], undefined, /^crisp verify: manifest\.json is not a manifest/, {
    exit: 1,
    stream: 'stdout',
    prepare: async (dir, fixtures) => {
      await resignedCopy(join(fixtures, 'pack'), join(dir, 'pack'), async () => {});
      await writeFile(join(dir, 'pack/manifest.json'), 'null\n');
    },
  }),
  pack('verify a pack holding a link to /dev/zero: not intact, no hang', ['verify', '@/pack'], undefined, /^crisp verify: results\.json is not a plain file/, {
    exit: 1,
    stream: 'stdout',
    spawn: true,
    prepare: async (dir, fixtures) => {
      await resignedCopy(join(fixtures, 'pack'), join(dir, 'pack'), async () => {});
      const { rm } = await import('node:fs/promises');
      await rm(join(dir, 'pack/results.json'));
      await symlink('/dev/zero', join(dir, 'pack/results.json'));
    },
  }),
];
