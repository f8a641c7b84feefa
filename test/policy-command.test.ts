/**
 * `crisp policy` through the real CLI: JSON policies per role on stdout (stable, parseable),
 * a summary on stderr naming every role and the data-plane calls, the target's kind deciding
 * what is planned (a lab target is started for its variables only), and input errors exit 2.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import type { RolePolicy } from '../harness/engine/least-privilege.ts';
import { ROOT, runCli } from './support/cli.ts';
import { REFERENCE_VARS, referenceVarsFile } from './support/reference-vars.ts';

interface PolicyOutput {
  targetKind: string;
  suites: string[];
  roles: RolePolicy[];
  notes: string[];
}

test('prints one policy per role for the reference suites, the same every time, and a summary on stderr', async () => {
  const vars = await referenceVarsFile();
  const first = await runCli(['policy', join(ROOT, 'suites'), '--vars', vars]);
  const second = await runCli(['policy', join(ROOT, 'suites'), '--vars', vars]);
  expect(first.code).toBe(0);
  expect(second.stdout).toBe(first.stdout);
  const output = JSON.parse(first.stdout) as PolicyOutput;
  expect(output.targetKind).toBe('aws');
  expect(output.suites).toEqual([
    'bedrock-cris-governance',
    'bedrock-cross-partition-proxy',
    'bedrock-estate-coherence',
    'bedrock-latency-baseline',
    'bedrock-private-connectivity',
    'bedrock-residency',
  ]);
  expect(output.roles.map((role) => role.role)).toEqual([
    'reader-111111111111',
    'reader-222222222222',
    'reader-333333333333',
    'commercial-555555555555',
    'govcloud-444444444444',
    'organizations-management',
    'organizations-management-govcloud',
    'linked-accounts',
  ]);
  for (const role of output.roles) {
    expect(role.policy.Version).toBe('2012-10-17');
    expect(first.stderr).toContain(`crisp:   ${role.role}: `);
  }
  expect(first.stderr).toMatch(/data-plane calls, stated apart/);
  expect(first.stderr).toMatch(/reader-333333333333: bedrock:InvokeModelWithResponseStream: 23 ConverseStream calls/);
  expect(first.stderr).toMatch(/govcloud-444444444444: HTTPS to the proxy's invoke URL/);
}, 60_000);

test('--check selects what is planned; a moto target plans what moto runs (no IAM simulation)', async () => {
  const vars = await referenceVarsFile();
  const target = join(dirname(vars), 'moto.yaml');
  await writeFile(target, 'kind: moto\nendpoint: http://127.0.0.1:5000\n');
  const governance = await runCli(['policy', join(ROOT, 'suites/bedrock-cris-governance.yaml'), '--vars', vars, '--check', 'iam.*']);
  expect(governance.code).toBe(0);
  const onAws = JSON.parse(governance.stdout) as PolicyOutput;
  expect(onAws.roles.map((role) => role.role)).toEqual(['reader-222222222222', 'reader-333333333333', 'organizations-management']);
  expect(JSON.stringify(onAws.roles)).toContain('iam:SimulatePrincipalPolicy');
  const onMoto = await runCli(['policy', join(ROOT, 'suites/bedrock-cris-governance.yaml'), '--vars', vars, '--check', 'iam.*', '--target', target]);
  expect(onMoto.code).toBe(0);
  const moto = JSON.parse(onMoto.stdout) as PolicyOutput;
  expect(moto.targetKind).toBe('moto');
  expect(JSON.stringify(moto.roles)).not.toContain('iam:SimulatePrincipalPolicy');
}, 60_000);

test('a missing variable is exit 2 naming it, with nothing on stdout', async () => {
  const { gov_account_id: _dropped, ...rest } = REFERENCE_VARS;
  const vars = await referenceVarsFile(rest);
  const result = await runCli(['policy', join(ROOT, 'suites/bedrock-cross-partition-proxy.yaml'), '--vars', vars]);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/gov_account_id/);
  expect(result.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
}, 60_000);

test('a lab target supplies its own variables: the lab is started for them and stopped', async () => {
  const result = await runCli(['policy', join(ROOT, 'suites'), '--target', join(ROOT, 'targets/lab.yaml')]);
  expect(result.code).toBe(0);
  const output = JSON.parse(result.stdout) as PolicyOutput;
  expect(output.targetKind).toBe('lab');
  expect(output.roles.map((role) => role.role)).toEqual(
    expect.arrayContaining(['reader-111111111111', 'reader-222222222222', 'commercial-444444444444', 'govcloud-333333333333', 'organizations-management']),
  );
  expect(result.stderr).toMatch(/starting the lab for the variables it supplies/);
}, 120_000);
