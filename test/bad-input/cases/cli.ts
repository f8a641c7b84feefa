/** Bad command lines: usage errors (exit 2 with help) and bad option values (exit 2, one line). */
import type { BadInputCase } from '../harness.ts';

const run = (...extra: string[]) => ['run', '@suite', '--target', '@fx/moto.yaml', '--vars', '@fx/vars.json', ...extra];

const usage = (name: string, args: string[], says: RegExp, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  name: `cli: ${name}`,
  category: 'cli',
  args,
  says,
  usage: true,
  ...extra,
});

const option = (name: string, args: string[], says: RegExp, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  name: `cli: ${name}`,
  category: 'cli',
  args,
  says,
  ...extra,
});

export const CLI_CASES: BadInputCase[] = [
  usage('no command', [], /^Usage: crisp/, { spawn: true }),
  usage('an unknown command', ['frobnicate'], /^error: unknown command 'frobnicate'/, { spawn: true }),
  usage('an unknown option', run('--frobnicate'), /^error: unknown option '--frobnicate'/, { spawn: true }),
  usage('run without --target', ['run', '@suite'], /^error: required option '--target <file>' not specified/),
  usage('run without suites', ['run', '--target', '@fx/moto.yaml'], /^error: missing required argument 'suites'/),
  usage('--target without its value', ['run', '@suite', '--target'], /^error: option '--target <file>' argument missing/),
  usage('drift without --baseline', ['drift', '--current', '@fx/pack'], /^error: required option '--baseline <pack\|results\.json>' not specified/),
  usage('explain without --request', ['explain'], /^error: required option '--request <file>' not specified/),
  usage('verify without a pack', ['verify'], /^error: missing required argument 'pack'/),
  usage('merge without folders', ['merge'], /^error: missing required argument 'folders'/),
  usage('replay with two packs', ['replay', '@fx/pack', '@fx/pack'], /^error: too many arguments/),
  option('--shard 0/2', run('--shard', '0/2'), /^crisp: --shard must be i\/n with 1 <= i <= n <= 1000, not 0\/2/),
  option('--shard 3/2', run('--shard', '3/2'), /^crisp: --shard must be i\/n .*not 3\/2/),
  option('--shard that is not i/n', run('--shard', 'half'), /^crisp: --shard must be i\/n .*not half/),
  option('--shard beyond 1000 shards', run('--shard', '1/1001'), /^crisp: --shard must be i\/n .*not 1\/1001/),
  option('--format crisp does not write', run('--format', 'sarif'), /^crisp: unknown --format sarif \(known: ocsf\)/),
  option('--format with a bad second value', run('--format', 'ocsf,xml'), /^crisp: unknown --format xml/),
  option('--check that selects none of the checks', run('--check', 'nothing.*'), /^crisp: --check nothing\.\* selects none of the suites' checks/),
  option('--shard that selects no check instance', run('--check', 'network.peering-active', '--shard', '1/2'), /selects none of the 1 check instances/),
  option(
    'drift with neither --current nor suites',
    ['drift', '--baseline', '@fx/results/results.json'],
    /^crisp: crisp drift needs --current <pack>, or suites and --target/,
  ),
  option(
    'drift with suites but no --target',
    ['drift', '--baseline', '@fx/results/results.json', '@suite'],
    /^crisp: crisp drift needs --current <pack>, or suites and --target/,
  ),
];
