/** `crisp explain` on the documented examples, on a principal read from a target, and on bad input. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { provisionLab } from '../lab/open-lab.ts';
import { ROOT, runCli } from './support/cli.ts';

const EXAMPLES = join(ROOT, 'examples/explain');

describe('crisp explain on the README examples', () => {
  test.each([
    ['through-profile-allowed', 'Allow', 'Allowed by statement AllowAuDestinationsViaProfile of identity policy bedrock-cris.'],
    ['direct-call-denied', 'ExplicitDeny', 'Explicitly denied by statement DenyDirectModelCalls of identity policy bedrock-cris.'],
    ['scp-missing-destination', 'ExplicitDeny', 'Explicitly denied by statement DenyOutsideAllowedRegions of SCP region-allow-list at ou-workloads.'],
    ['misspelled-condition-key', 'ExplicitDeny', 'Explicitly denied by statement DenyDirectModelCalls of identity policy bedrock-cris.'],
  ])('%s → %s', async (name, decision, reason) => {
    const result = await runCli(['explain', '--request', join(EXAMPLES, `${name}.json`)]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ decision, reason });
    expect(output.decidedBy.length).toBeGreaterThan(0);
  });
});

describe('crisp explain with policies read from a target', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  test('the lab role, tagged data-class=restricted, is denied Melbourne by the SCP on its tag: the target fills the context', async () => {
    const { governance } = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1, fault: 'role-tagged-restricted' });
    const dir = await mkdtemp(join(tmpdir(), 'crisp-explain-'));
    const target = join(dir, 'moto.yaml');
    await writeFile(target, `kind: moto\nendpoint: ${moto.endpoint}\n`);
    const profile = `arn:aws:bedrock:${governance.sourceRegion}:${governance.memberAccount}:inference-profile/au.anthropic.claude-sonnet-4-5-20250929-v1:0`;
    const model = (region: string) => `arn:aws:bedrock:${region}::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0`;
    const request = (region: string, expect: string) => ({
      principal: governance.roleArn,
      action: 'bedrock:InvokeModel',
      resource: model(region),
      context: { 'bedrock:InferenceProfileArn': profile, 'aws:RequestedRegion': region },
      expect,
    });
    const single = join(dir, 'request.json');
    await writeFile(single, JSON.stringify(request('ap-southeast-4', 'ExplicitDeny')));
    const result = await runCli(['explain', '--request', single, '--target', target]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({
      decision: 'ExplicitDeny',
      reason: `Explicitly denied by statement DenyRestrictedDataInMelbourne of SCP restricted-data-regions at ${governance.workloadsOu}.`,
      asExpected: true,
    });
    expect(output.request.context).toMatchObject({
      'aws:PrincipalTag/data-class': 'restricted',
      'aws:PrincipalArn': governance.roleArn,
      'aws:PrincipalAccount': governance.memberAccount,
      'aws:PrincipalOrgID': expect.stringMatching(/^o-/),
      'aws:SecureTransport': 'true',
      'aws:CurrentTime': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // Many requests in one process: Sydney is allowed, Melbourne is not; one wrong expectation exits 1, naming it.
    const lines = join(dir, 'requests.jsonl');
    await writeFile(
      lines,
      [request('ap-southeast-2', 'Allow'), { ...request('ap-southeast-4', 'Allow'), name: 'melbourne' }].map((entry) => JSON.stringify(entry)).join('\n'),
    );
    const batch = await runCli(['explain', '--request', lines, '--target', target]);
    expect(batch.code).toBe(1);
    expect(
      batch.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).decision),
    ).toEqual(['Allow', 'ExplicitDeny']);
    expect(batch.stderr).toContain(
      `requests.jsonl:2: request 2 (melbourne) expected Allow, got ExplicitDeny — Explicitly denied by statement DenyRestrictedDataInMelbourne`,
    );
    expect(batch.stderr).toContain('1 of 2 expectations hold, 1 do not');
  });
});

test('a malformed request names its location and exits 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crisp-explain-'));
  const request = join(dir, 'bad.yaml');
  await writeFile(request, 'principal: arn:aws:iam::111111111111:role/app\naction: InvokeModel\nresource: "*"\npolicies: { identity: [] }\n');
  const result = await runCli(['explain', '--request', request]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/bad\.yaml:2:9 \(at action\): request: must be service:Action/);
});

describe('policy tests at scale', () => {
  test('the README invariants file answers one JSON line per request, in order, and every expectation holds', async () => {
    const result = await runCli(['explain', '--request', join(EXAMPLES, 'invariants.yaml')]);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.index, line.decision, line.asExpected])).toEqual([
      [1, 'Allow', true],
      [2, 'ExplicitDeny', true],
      [3, 'ImplicitDeny', true],
      [4, 'ExplicitDeny', true],
    ]);
    expect(result.stderr).toContain('4 of 4 expectations hold');
  });

  test('a bad line in a JSON Lines file is named by its line before anything is answered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crisp-explain-'));
    const file = join(dir, 'requests.jsonl');
    const good = { principal: 'arn:aws:iam::111111111111:role/app', action: 's3:GetObject', resource: '*', policies: { identity: [] } };
    await writeFile(file, [JSON.stringify(good), JSON.stringify({ ...good, action: 'GetObject' }), '{"principal": '].join('\n'));
    const result = await runCli(['explain', '--request', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/requests\.jsonl:2:\d+ \(at action\): request: must be service:Action/);
    expect(result.stderr).toMatch(/requests\.jsonl:3: not a JSON object/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('policies and requests IAM would refuse are input errors, never verdicts', () => {
  const statement = (extra: object) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });
  test.each([
    [
      'an unknown condition operator',
      { identity: [{ name: 'p', document: { Statement: [statement({ Condition: { StringEqualsFoo: { 'aws:x': 'y' } } })] } }] },
      'unknown condition operator StringEqualsFoo',
    ],
    [
      'a Principal in an identity policy',
      { identity: [{ name: 'p', document: { Statement: [statement({ Principal: '*' })] } }] },
      'Principal and NotPrincipal do not belong in an identity policy',
    ],
    ['a resource policy without Principal', { identity: [], resource: { name: 'bucket', document: { Statement: [statement({})] } } }, 'needs Principal'],
  ])('%s', async (_label, policies, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'crisp-explain-'));
    const file = join(dir, 'request.json');
    await writeFile(
      file,
      JSON.stringify({
        principal: 'arn:aws:iam::111111111111:role/app',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        resourceAccount: '111111111111',
        policies,
      }),
    );
    const result = await runCli(['explain', '--request', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    // Located at the statement (the operator, for an unknown one), not just the request.
    expect(result.stderr).toMatch(/request\.json:1:\d+ \(at policies\.[^)]+\): /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('an S3 object without its owning account cannot be judged same- or cross-account', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crisp-explain-'));
    const file = join(dir, 'request.yaml');
    await writeFile(file, 'principal: arn:aws:iam::111111111111:role/app\naction: s3:GetObject\nresource: arn:aws:s3:::b/k\npolicies: { identity: [] }\n');
    const result = await runCli(['explain', '--request', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('names no account: give resourceAccount');
  });
});
