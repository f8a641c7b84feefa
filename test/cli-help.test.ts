/**
 * The CLI's help, version and usage errors (commander): every verb answers --help and
 * -h with its options and exit 0; usage errors exit 2 with what is wrong and the help.
 */
import { describe, expect, test } from 'vitest';
import { runCli } from './support/cli.ts';
import packageJson from '../package.json' with { type: 'json' };

/** Each verb with options its help must list. */
const VERBS: Record<string, string[]> = {
  run: [
    '<suites...>',
    '--target <file>',
    '--vars <file>',
    '--out <dir>',
    '--check <id-glob>',
    '--evidence <dir>',
    '--signing-key <pem>',
    '--format <format>',
    '--shard <i/n>',
    '--update-baseline <file>',
  ],
  merge: ['<folders...>', '--out <dir>', '--format <format>'],
  verify: ['<pack>', '--public-key <pem>'],
  replay: ['<pack>'],
  drift: ['[suites...]', '--baseline <pack|results.json>', '--current <pack>', '--target <file>', '--vars <file>', '--out <dir>'],
  explain: ['--request <file>', '--target <file>'],
  schema: [],
};

describe('help', () => {
  test('crisp --help lists every command and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const verb of Object.keys(VERBS)) expect(result.stdout).toMatch(new RegExp(`^  ${verb}\\b`, 'm'));
    expect(result.stdout).toContain('Exit codes: 0 passed');
  });

  test.each(Object.entries(VERBS))('crisp %s --help and -h print its usage and options, exit 0', async (verb, options) => {
    for (const flag of ['--help', '-h']) {
      const result = await runCli([verb, flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: crisp ${verb} `);
      for (const option of options) expect(result.stdout).toContain(option);
      expect(result.stderr).toBe('');
    }
  });

  test('crisp schema --help prints help, not the schema', async () => {
    const result = await runCli(['schema', '--help']);
    expect(result.stdout).not.toContain('"$schema"');
  });

  test('crisp --version and -v print the version', async () => {
    for (const flag of ['--version', '-v']) {
      const result = await runCli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(packageJson.version);
    }
  });
});

describe('usage errors exit 2', () => {
  test('crisp alone shows the help', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: crisp');
  });

  test('a missing required option names it', async () => {
    const result = await runCli(['run', 'suites']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--target <file>' not specified");
    expect(result.stderr).toContain('Usage: crisp run');
  });

  test('an unknown option names it', async () => {
    const result = await runCli(['verify', 'pack', '--pubkey', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--pubkey'");
  });

  test('a shard out of bounds is judged by crisp, not taken for an option', async () => {
    const result = await runCli(['run', 'suites', '--target', 'targets/lab.yaml', '--shard', '-1/4']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--shard must be i/n with 1 <= i <= n <= 1000, not -1/4');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unknown --format is refused before anything runs', async () => {
    const result = await runCli(['run', 'suites', '--target', 'targets/lab.yaml', '--format', 'sarif']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown --format sarif (known: ocsf)');
  });
});

describe('selections that judge nothing exit 2, never green', () => {
  test('a --shard that selects none of the check instances', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'crisp-shard-'));
    const target = join(dir, 'moto.yaml');
    // An endpoint nothing listens on: the selection is judged before anything is dialled.
    await writeFile(target, 'kind: moto\nendpoint: http://127.0.0.1:9\n');
    const vars = join(dir, 'vars.json');
    await writeFile(
      vars,
      JSON.stringify({
        app_account_id: '111111111111',
        app_region: 'ap-southeast-6',
        app_vpc_id: 'vpc-0a',
        endpoint_account_id: '222222222222',
        endpoint_region: 'ap-southeast-2',
        endpoint_vpc_id: 'vpc-0b',
      }),
    );
    const common = [
      'run',
      'suites/bedrock-private-connectivity.yaml',
      '--target',
      target,
      '--vars',
      vars,
      '--check',
      'network.vpc-cidrs-disjoint',
      '--out',
      join(dir, 'out'),
    ];
    // One instance: exactly one of two shards holds it; the other selects nothing.
    const results = await Promise.all([1, 2].map((index) => runCli([...common, '--shard', `${index}/2`])));
    const empty = results.find((result) => result.code === 2)!;
    expect(empty.stderr).toMatch(/--shard [12]\/2 selects none of the 1 check instances/);
    expect(results.filter((result) => result.code === 2)).toHaveLength(1);
  });
});
