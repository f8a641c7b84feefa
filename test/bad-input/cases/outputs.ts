/**
 * Bad output folders: checked before anything runs (no run is lost to a folder found bad at the
 * end, nothing hangs on /proc), exit 2 naming the path, and nothing there is replaced.
 */
import { chmod, cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FOLDER, type BadInputCase } from '../harness.ts';

const run = (...extra: string[]) => ['run', '@suite', '--target', '@fx/moto.yaml', '--vars', '@fx/vars.json', '--check', 'network.peering-active', ...extra];

const output = (name: string, args: string[], at: string | undefined, says: RegExp, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  name: `output: ${name}`,
  category: 'output',
  args,
  ...(at !== undefined ? { at } : {}),
  says,
  ...extra,
});

const isRoot = () => (process.getuid?.() === 0 ? 'permissions do not bind root (the /sys case covers an unwritable folder for everyone)' : undefined);

export const OUTPUT_CASES: BadInputCase[] = [
  output('run --out that is a file', run('--out', '@/report.txt'), '@/report.txt', /^--out is a file, not a folder/, {
    files: { 'report.txt': 'mine\n' },
    spawn: true,
  }),
  output(
    'run --out under a file',
    run('--out', '@/report.txt/latest'),
    '@/report.txt/latest',
    /^--out lies under .*report\.txt, which is a file, not a folder/,
    {
      files: { 'report.txt': 'mine\n' },
    },
  ),
  output(
    'run --out under /proc: refused, never a hang',
    run('--out', '/proc/crisp-reports/latest'),
    '/proc/crisp-reports/latest',
    /^--out: cannot write under \/proc \(ENOENT\)/,
    { spawn: true },
  ),
  output(
    'run --out under /sys: unwritable',
    run('--out', '/sys/crisp-reports'),
    '/sys/crisp-reports',
    /^--out: cannot write under \/sys \((EPERM|EACCES|EROFS)\)/,
  ),
  output('run --out in a read-only folder', run('--out', '@/read-only/latest'), '@/read-only/latest', /^--out: cannot write under .*read-only \(EACCES\)/, {
    skip: isRoot,
    prepare: async (dir) => {
      await mkdir(join(dir, 'read-only'));
      await chmod(join(dir, 'read-only'), 0o555);
    },
  }),
  output('run --out holding a folder where results.json goes', run('--out', '@/out'), '@/out', /^--out holds results\.json, which is not a file/, {
    files: { 'out/results.json': FOLDER },
  }),
  output(
    'run --out that is an evidence pack',
    run('--out', '@/pack'),
    '@/pack',
    /^--out is an evidence pack: writing reports into it would break its signature/,
    {
      prepare: (dir, fixtures) => cp(join(fixtures, 'pack'), join(dir, 'pack'), { recursive: true }),
    },
  ),
  output('run --out that is empty', run('--out', ''), undefined, /^crisp: --out is empty/),
  output('run --evidence that is a file', run('--evidence', '@/report.txt'), '@/report.txt', /^--evidence is a file, not a folder/, {
    files: { 'report.txt': 'mine\n' },
  }),
  output('run --evidence holding other files', run('--evidence', '@/mine'), '@/mine', /^--evidence holds files that are not an evidence pack/, {
    files: { 'mine/notes.txt': 'not a pack\n', 'mine/more/data.csv': '1,2\n' },
  }),
  output(
    'run --evidence the same folder as --out',
    run('--out', '@/previous', '--evidence', '@/previous'),
    '@/previous',
    /^(--out lies inside --evidence|--evidence holds files)/,
  ),
  output(
    'run --out inside --evidence',
    run('--out', '@/pack/reports', '--evidence', '@/pack'),
    '@/pack/reports',
    /^--out lies inside --evidence, which the pack replaces whole/,
  ),
  output(
    'run --evidence whose archive path is a folder',
    run('--evidence', '@/pack'),
    '@/pack',
    /^--evidence: .*pack\.tar\.gz, where the pack's archive goes, is not a file/,
    {
      files: { 'pack.tar.gz': FOLDER },
    },
  ),
  output('run --evidence under /proc', run('--evidence', '/proc/crisp-pack'), '/proc/crisp-pack', /^--evidence: cannot write under \/proc/),
  output('run --update-baseline that is a folder', run('--update-baseline', '@/baselines'), '@/baselines', /^--update-baseline is a folder/, {
    files: { baselines: FOLDER },
  }),
  output(
    'run --update-baseline under a file',
    run('--update-baseline', '@/report.txt/baseline.json'),
    '@/report.txt/baseline.json',
    /^--update-baseline lies under .*report\.txt, which is a file/,
    {
      files: { 'report.txt': 'mine\n' },
    },
  ),
  output('merge --out that is a file', ['merge', '@fx/shard-1', '@fx/shard-2', '--out', '@/report.txt'], '@/report.txt', /^--out is a file, not a folder/, {
    files: { 'report.txt': 'mine\n' },
  }),
  output(
    'merge --out under /proc',
    ['merge', '@fx/shard-1', '@fx/shard-2', '--out', '/proc/crisp-merged'],
    '/proc/crisp-merged',
    /^--out: cannot write under \/proc/,
  ),
  output(
    'drift --out that is a file',
    ['drift', '--baseline', '@fx/pack', '--current', '@fx/pack', '--out', '@/report.txt'],
    '@/report.txt',
    /^--out is a file, not a folder/,
    {
      files: { 'report.txt': 'mine\n' },
    },
  ),
  output(
    'drift --baseline inside the current pack this drift rewrites',
    ['drift', '--baseline', '@/drift/current-pack', '@suite', '--target', '@fx/moto.yaml', '--vars', '@fx/vars.json', '--out', '@/drift'],
    '@/drift/current-pack',
    /^--baseline lies where this drift writes .*current-pack.*: it would be overwritten/,
    { prepare: (dir, fixtures) => cp(join(fixtures, 'pack'), join(dir, 'drift/current-pack'), { recursive: true }) },
  ),
];
