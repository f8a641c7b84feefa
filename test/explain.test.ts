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

  test('the lab role through a profile the SCPs do not allow is denied at the OU', async () => {
    const { governance } = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1, fault: 'scp-missing-ap-southeast-4' });
    const dir = await mkdtemp(join(tmpdir(), 'crisp-explain-'));
    const target = join(dir, 'moto.yaml');
    await writeFile(target, `kind: moto\nendpoint: ${moto.endpoint}\n`);
    const profile = `arn:aws:bedrock:ap-southeast-6:${governance.memberAccount}:inference-profile/au.anthropic.claude-sonnet-4-5-20250929-v1:0`;
    const request = join(dir, 'request.json');
    await writeFile(
      request,
      JSON.stringify({
        principal: governance.roleArn,
        action: 'bedrock:InvokeModel',
        resource: 'arn:aws:bedrock:ap-southeast-4::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
        context: { 'bedrock:InferenceProfileArn': profile, 'aws:RequestedRegion': 'ap-southeast-4' },
      }),
    );
    const result = await runCli(['explain', '--request', request, '--target', target]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      decision: 'ExplicitDeny',
      reason: `Explicitly denied by statement DenyOutsideAllowedRegions of SCP region-allow-list at ${governance.workloadsOu}.`,
    });
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
