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
