/**
 * Table test for proxy.bearer-token-governance with the commercial account's
 * organization path as the Organizations collector builds it (SCP levels from the
 * root down). Proves: an SCP statement naming bedrock:CallWithBearerToken passes,
 * naming the policy, its level and its effect; only FullAWSAccess fails, as does a
 * bedrock:* Region rule that never decides about API keys; an account in no
 * organization, or the management account, is not applicable; an unreadable path
 * is an error.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations, OrganizationPath } from '../../model/observations.ts';
import check from './proxy.bearer-token-governance.ts';
import { COMMERCIAL, COMMERCIAL_ORG, COMMERCIAL_REGION, failed, observe, organizationPath, proxyScope } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

const withPath = (path: OrganizationPath) => observe(scope, (estate) => (estate.commercialOrganization = path));
const scp = (name: string, statement: Record<string, unknown>) => ({
  name,
  id: `p-${name.slice(0, 8)}`,
  document: { Version: '2012-10-17', Statement: [statement] },
});

describe(check.id, () => {
  test('clean: an SCP denying bearer tokens to all but the proxy user passes, naming the statement, the policy and its level', () => {
    expect(run(observe(scope))).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::Organizations::Account', id: COMMERCIAL, account: COMMERCIAL, region: COMMERCIAL_REGION }),
        message: `The SCPs on the path of ${COMMERCIAL} govern bedrock:CallWithBearerToken: Deny in bedrock-api-keys at ou-ab12-workload (with conditions).`,
      }),
    ]);
  });

  test('a narrower pattern (bedrock:Call*) in an SCP also governs it', () => {
    const [finding] = run(
      withPath(organizationPath(COMMERCIAL, COMMERCIAL_ORG, [scp('no-bearer', { Effect: 'Deny', Action: ['bedrock:Call*'], Resource: '*' })])),
    );
    expect(finding).toMatchObject({ status: 'pass', message: expect.stringContaining('Deny in no-bearer at ou-ab12-workload.') });
  });

  test('fault: only FullAWSAccess on the path fails, naming the account', () => {
    const [finding] = run(withPath(organizationPath(COMMERCIAL, COMMERCIAL_ORG)));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `No SCP on the path of ${COMMERCIAL} names bedrock:CallWithBearerToken: Bedrock API keys are governed only by each user's IAM policies.`,
      expected: 'an SCP statement on bedrock:CallWithBearerToken',
      actual: 'none',
    });
  });

  test('fault: a bedrock:* Region rule says nothing about API keys and fails', () => {
    const regions = scp('bedrock-regions', {
      Effect: 'Deny',
      Action: 'bedrock:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } },
    });
    expect(run(withPath(organizationPath(COMMERCIAL, COMMERCIAL_ORG, [regions])))[0]).toMatchObject({ status: 'fail' });
  });

  test('an account in no organization is not applicable, saying no SCP applies', () => {
    expect(run(withPath({ account: COMMERCIAL, inOrganization: false, scpLevels: [], rcpLevels: [] }))).toEqual([
      expect.objectContaining({
        status: 'not_applicable',
        message: `Commercial account ${COMMERCIAL} is in no organization, so no SCP governs bedrock:CallWithBearerToken.`,
      }),
    ]);
  });

  test('the management account is not applicable (SCPs do not apply to it)', () => {
    const path = { ...organizationPath(COMMERCIAL, COMMERCIAL_ORG), managementAccount: COMMERCIAL };
    expect(run(withPath(path))[0]).toMatchObject({ status: 'not_applicable', message: expect.stringContaining("is the organization's management account") });
  });

  test('error: an unreadable organization path is an error, never not applicable', () => {
    expect(run(observe(scope, (estate) => (estate.commercialOrganization = failed('AccessDeniedException: organizations:ListPoliciesForTarget'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'organizations.path', account: COMMERCIAL }) }),
    ]);
  });
});
