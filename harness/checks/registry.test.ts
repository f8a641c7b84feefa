/**
 * Contract every check must keep: id = file name, complete metadata, a failure
 * to observe never passes, and a fault fixture exists that makes it fail.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LAB_FAULTS } from '../../lab/faults.ts';
import { Observations } from '../model/observations.ts';
import { evaluateInstance } from '../engine/engine.ts';
import { SEVERITIES } from '../model/findings.ts';
import { ALL_CHECKS } from './registry.ts';

const SCOPE = {
  app: { account: '111111111111', region: 'ap-southeast-6', vpcId: 'vpc-0a' },
  endpoint: { account: '222222222222', region: 'ap-southeast-2', vpcId: 'vpc-0b' },
  services: ['bedrock-runtime'],
};

const GOVERNANCE_SCOPE = {
  accountId: '111111111111',
  sourceRegion: 'ap-southeast-6',
  principalArns: ['arn:aws:iam::111111111111:role/app'],
  inferenceProfileIds: ['au.anthropic.claude-sonnet-4-5-20250929-v1:0'],
  residencyRegions: ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6'],
};

const LATENCY_SCOPE = {
  accountId: '111111111111',
  sourceRegion: 'ap-southeast-2',
  auProfileId: 'au.anthropic.claude-sonnet-4-5-20250929-v1:0',
  globalProfileId: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
  samples: 20,
  budget: { maxRequests: 100 },
  baselineFile: 'baseline.json',
  expectedPeak: { requestsPerMinute: 60 },
};

const RESIDENCY_SCOPE = {
  accountId: '111111111111',
  sourceRegion: 'ap-southeast-2',
  inferenceProfileIds: ['au.anthropic.claude-sonnet-4-5-20250929-v1:0'],
  residencyRegions: ['ap-southeast-2', 'ap-southeast-4'],
};

const COHERENCE_SCOPE = { ...SCOPE, accountId: '111111111111', sourceRegion: 'ap-southeast-2', principalArns: ['arn:aws:iam::111111111111:role/app'] };

const PROXY_SCOPE = {
  govAccountId: '333333333333',
  restApiId: 'abcde12345',
  stageName: 'prod',
  functionName: 'bedrock-proxy',
  secretId: 'bedrock-proxy/commercial-credential',
  auditTable: 'bedrock-proxy-audit',
  proxyUrl: 'https://abcde12345.execute-api.us-gov-west-1.amazonaws.com/prod',
  commercialAccountId: '444444444444',
  bedrockCredentialUser: 'bedrock-proxy-commercial',
  allowedModelIds: ['anthropic.claude-sonnet-4-5-20250929-v1:0'],
};

/** Valid parameters for a check of any domain. */
const paramsFor = (id: string) =>
  /^(iam|organizations)\./.test(id)
    ? GOVERNANCE_SCOPE
    : /^(latency|quota)\./.test(id)
      ? LATENCY_SCOPE
      : /^residency\./.test(id)
        ? RESIDENCY_SCOPE
        : /^coherence\./.test(id)
          ? COHERENCE_SCOPE
          : /^proxy\./.test(id)
            ? PROXY_SCOPE
            : SCOPE;

/** Checks whose fault fixture is a pure table test (the emulator cannot show the fault). */
const FAULTS_IN_TABLE_TESTS = new Set([
  'network.endpoint-ips-in-subnets',
  // Faults of the latency suite live in test/latency.test.ts (a reconfigured stand-in) and the quota table test.
  'latency.budget-guard',
  'latency.profile-baseline',
  'latency.regression',
  'latency.au-vs-global',
  'quota.headroom',
  // Proxy checks whose faults the lab estate has no knob for; their table tests carry every fail branch.
  'proxy.api-stage-protected',
  'proxy.api-resource-policy',
  'proxy.lambda-limits',
  'proxy.kms-keys-hygiene',
  'proxy.bearer-token-governance',
  'proxy.live-no-credential-headers',
]);

describe('check registry', () => {
  test('every check file is registered under its file name, in the folder of its domain', () => {
    const files = readdirSync(import.meta.dirname, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((folder) =>
        readdirSync(join(import.meta.dirname, folder.name))
          .filter((name) => name.startsWith(`${folder.name}.`) && name.endsWith('.ts') && !name.endsWith('.test.ts'))
          .map((name) => name.replace(/\.ts$/, '')),
      );
    expect(ALL_CHECKS.map((check) => check.id).sort()).toEqual(files.sort());
  });

  test.each(ALL_CHECKS.map((check) => [check.id, check] as const))('%s has complete metadata', (_id, check) => {
    expect(check.title.length).toBeGreaterThan(20);
    expect(check.rationale.length).toBeGreaterThan(40);
    expect(check.remediation.length).toBeGreaterThan(20);
    expect(SEVERITIES).toContain(check.severity);
    expect(check.params.safeParse(paramsFor(check.id)).success).toBe(true);
    // Users never saw the documents crisp grew from: metadata cites AWS documentation or the pattern.
    for (const text of [check.title, check.rationale, check.remediation]) expect(text).not.toMatch(/\bseeds?\b/i);
  });

  // The budget guard judges the suite's own plan and observes nothing, so it is exempt.
  test.each(ALL_CHECKS.filter((check) => check.needs(check.params.parse(paramsFor(check.id))).length > 0).map((check) => [check.id, check] as const))(
    '%s reports error, never pass, when nothing could be observed',
    (_id, check) => {
      const params = check.params.parse(paramsFor(check.id));
      const findings = evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, new Observations(), { targetKind: 'aws' });
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((finding) => finding.status === 'error')).toBe(true);
    },
  );

  test.each(ALL_CHECKS.map((check) => [check.id] as const))('%s has a fault fixture that makes it fail', (id) => {
    expect(LAB_FAULTS.some((fault) => fault.detectedBy.includes(id)) || FAULTS_IN_TABLE_TESTS.has(id)).toBe(true);
  });

  test('a check that needs a capability the target lacks is skipped with the reason, not evaluated', () => {
    const check = ALL_CHECKS.find((candidate) => candidate.id === 'network.endpoint-ips-in-subnets')!;
    const findings = evaluateInstance({ check, params: check.params.parse(SCOPE), guard: false, suite: 't', location: { file: 't' } }, new Observations(), {
      targetKind: 'moto',
    });
    expect(findings).toEqual([expect.objectContaining({ status: 'skipped', message: expect.stringContaining('moto allocates endpoint ENI IPs') })]);
  });
});
