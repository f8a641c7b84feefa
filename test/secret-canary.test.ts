/**
 * No secret leaves: a whole lab run — every reference suite, the GovCloud proxy's
 * live checks included, with a credential planted in the proxy function's
 * environment — writes reports and a signed evidence pack, and none of them (nor
 * the console) contains the proxy's API key, the commercial credential held in
 * the secret, the planted environment values, or a canary planted in crisp's own
 * environment.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { FAKE_COMMERCIAL_ACCESS_KEY_ID, FAKE_COMMERCIAL_BEDROCK_API_KEY, FAKE_COMMERCIAL_SECRET_ACCESS_KEY, LAB_PROXY_API_KEY } from '../lab/govcloud/shape.ts';
import { ROOT, runCli } from './support/cli.ts';

const CANARY = 'crispCanarySecret/DoNotLeak+0123456789ABCDEFabcdef';

async function filesOf(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

test('no report, pack file or console line carries a key, a secret value, an environment value or the canary', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crisp-canary-'));
  const target = join(dir, 'lab.yaml');
  await writeFile(target, 'kind: lab\nfault: credential-in-lambda-environment\n');
  const result = await runCli(['run', join(ROOT, 'suites'), '--target', target, '--out', join(dir, 'out'), '--evidence', join(dir, 'pack')], {
    AWS_SECRET_ACCESS_KEY: CANARY,
    CRISP_CANARY_TOKEN: CANARY,
  });
  // The planted credential fails its check — proof the live run and the environment scan happened.
  expect(result.code).toBe(1);
  const results = JSON.parse(await readFile(join(dir, 'out', 'results.json'), 'utf8'));
  expect(
    results.findings.some((finding: { checkId: string; status: string }) => finding.checkId === 'proxy.lambda-no-credentials' && finding.status === 'fail'),
  ).toBe(true);
  expect(
    results.findings.some((finding: { checkId: string; status: string }) => finding.checkId === 'proxy.live-invoke-audited' && finding.status === 'pass'),
  ).toBe(true);
  // The pack's archive is unpacked too, so nothing hides in the .tar.gz.
  const unpacked = join(dir, 'unpacked');
  execFileSync('mkdir', ['-p', unpacked]);
  execFileSync('tar', ['-xzf', join(dir, 'pack.tar.gz'), '-C', unpacked]);
  const files = [...(await filesOf(join(dir, 'out'))), ...(await filesOf(join(dir, 'pack'))), ...(await filesOf(unpacked))];
  expect(files.length).toBeGreaterThan(10);
  const secrets = { LAB_PROXY_API_KEY, FAKE_COMMERCIAL_ACCESS_KEY_ID, FAKE_COMMERCIAL_SECRET_ACCESS_KEY, FAKE_COMMERCIAL_BEDROCK_API_KEY, CANARY };
  const leaks: string[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    if (result.stdout.includes(value) || result.stderr.includes(value)) leaks.push(`${name} on the console`);
    for (const file of files) if ((await readFile(file)).includes(value)) leaks.push(`${name} in ${file.slice(dir.length)}`);
  }
  expect(leaks).toEqual([]);
}, 240_000);

test('a token in the target endpoint’s userinfo reaches no report, pack file, drift report or console line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crisp-canary-'));
  const TOKEN = 'crispUserinfoTokenCANARY0123456789';
  const target = join(dir, 'moto.yaml');
  // Port 1 on loopback refuses: the run is incomplete (exit 3) but every report is written.
  await writeFile(target, `kind: moto\nendpoint: http://crisp:${TOKEN}@127.0.0.1:1\n`);
  const vars = join(dir, 'vars.json');
  await writeFile(
    vars,
    JSON.stringify({
      app_account_id: '111111111111',
      app_region: 'ap-southeast-6',
      app_vpc_id: 'vpc-0a1b2c3d',
      endpoint_account_id: '222222222222',
      endpoint_region: 'ap-southeast-2',
      endpoint_vpc_id: 'vpc-0e1f2a3b',
    }),
  );
  const suite = join(ROOT, 'suites', 'bedrock-private-connectivity.yaml');
  const run = await runCli(['run', suite, '--target', target, '--vars', vars, '--out', join(dir, 'out'), '--evidence', join(dir, 'pack'), '--format', 'ocsf']);
  expect(run.code).toBe(3);
  const drift = await runCli(['drift', '--baseline', join(dir, 'pack'), '--current', join(dir, 'pack'), '--out', join(dir, 'drift')]);
  expect(drift.code).toBe(0);
  const files = [...(await filesOf(join(dir, 'out'))), ...(await filesOf(join(dir, 'pack'))), ...(await filesOf(join(dir, 'drift')))];
  expect(files.some((file) => file.endsWith('ocsf.json'))).toBe(true);
  expect(files.some((file) => file.endsWith('drift.json'))).toBe(true);
  const leaks: string[] = [];
  for (const file of files) if ((await readFile(file)).includes(TOKEN)) leaks.push(file.slice(dir.length));
  for (const output of [run.stdout, run.stderr, drift.stdout, drift.stderr]) if (output.includes(TOKEN)) leaks.push('console');
  expect(leaks).toEqual([]);
}, 120_000);
