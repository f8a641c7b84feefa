/**
 * Table test for proxy.api-resource-policy with the policy as the collector parses
 * GetRestApi's: in API Gateway's short resource form (`execute-api:/*`, as moto
 * returns it) or as the full ARN AWS saves. Proves: a policy limited to the account
 * or to a VPC endpoint (aws:SourceVpce) passes; one allowing `*` without a
 * condition fails as open to anonymous callers (short form and full ARN alike);
 * one granting another account — by principal or by an aws:PrincipalAccount
 * condition — fails naming it; no policy is not applicable; an unparsable policy
 * or an unreadable API is an error.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations } from '../../model/observations.ts';
import check from './proxy.api-resource-policy.ts';
import { API_ID, failed, GOV, GOV_REGION, observe, proxyScope, STAGE } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

const OTHER = '222233334444';
const API_ARN = `arn:aws-us-gov:execute-api:${GOV_REGION}:${GOV}:${API_ID}`;
const TARGET = `${API_ARN}/${STAGE}/POST/v1/bedrock/invoke-model`;
/** A resource policy of `statements`. */
const policyOf = (...Statement: Record<string, unknown>[]) =>
  observe(
    scope,
    (estate) => (estate.restApi = { id: API_ID, name: 'bedrock-proxy', policy: { Version: '2012-10-17', Statement }, endpointTypes: ['REGIONAL'] }),
  );
const invoke = (Principal: unknown, Resource: unknown = 'execute-api:/*', extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal,
  Action: 'execute-api:Invoke',
  Resource,
  ...extra,
});

describe(check.id, () => {
  test('clean: the lab’s policy (the account root, short resource form) passes, naming the API and the method judged', () => {
    expect(run(observe(scope))).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::ApiGateway::RestApi', id: API_ID, name: 'bedrock-proxy', account: GOV }),
        message: `The resource policy of API ${API_ID} lets neither an anonymous caller nor another account invoke ${TARGET}.`,
      }),
    ]);
  });

  test('a policy allowing `*` only through a named VPC endpoint (aws:SourceVpce) passes', () => {
    const [finding] = run(policyOf(invoke('*', 'execute-api:/*', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60718' } } })));
    expect(finding).toMatchObject({ status: 'pass' });
  });

  test('a policy allowing `*` only to principals of the account (aws:PrincipalAccount) passes', () => {
    const [finding] = run(policyOf(invoke('*', `${API_ARN}/*`, { Condition: { StringEquals: { 'aws:PrincipalAccount': GOV } } })));
    expect(finding).toMatchObject({ status: 'pass' });
  });

  test.each([
    ['the short form execute-api:/*', 'execute-api:/*'],
    ['the full ARN AWS saves', `${API_ARN}/*`],
    ['the short form of the stage and method', `execute-api:/${STAGE}/POST/*`],
  ])('fault: `*` allowed without a condition (%s) fails as open to anonymous callers and other accounts', (_label, resource) => {
    const [finding] = run(policyOf(invoke('*', resource)));
    expect(finding).toMatchObject({ status: 'fail', expected: 'Deny', actual: 'Allow' });
    expect(finding!.message).toContain(`The resource policy of API ${API_ID} lets an anonymous caller invoke it (`);
    expect(finding!.message).toContain('a role of another account invoke it');
  });

  test('fault: a grant to another account’s root fails, naming that account (a probe from an unnamed account alone would miss it)', () => {
    const [finding] = run(policyOf(invoke({ AWS: `arn:aws-us-gov:iam::${GOV}:root` }), invoke({ AWS: `arn:aws-us-gov:iam::${OTHER}:root` })));
    expect(finding).toMatchObject({ status: 'fail' });
    expect(finding!.message).toContain(`lets a role of account ${OTHER} invoke it`);
    expect(finding!.message).not.toContain('anonymous');
  });

  test('fault: a grant to another account by a bare account id fails, naming it', () => {
    const [finding] = run(policyOf(invoke({ AWS: OTHER })));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining(`a role of account ${OTHER}`) });
  });

  test('fault: `*` conditioned on another account (aws:PrincipalAccount) fails, naming it', () => {
    const [finding] = run(policyOf(invoke('*', 'execute-api:/*', { Condition: { StringEquals: { 'aws:PrincipalAccount': [GOV, OTHER] } } })));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining(`a role of account ${OTHER} invoke it`) });
  });

  test('fault: `*` limited to an organization (aws:PrincipalOrgID) fails: other accounts of the organization may invoke it', () => {
    const [finding] = run(policyOf(invoke('*', 'execute-api:/*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-gov0123456' } } })));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('a role of another account in organization o-gov0123456 invoke it') });
    expect(finding!.message).not.toContain('anonymous');
  });

  test('a Deny for everyone outside the account keeps an otherwise open policy closed', () => {
    const [finding] = run(
      policyOf(invoke('*'), {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': GOV } },
      }),
    );
    expect(finding).toMatchObject({ status: 'pass' });
  });

  test('no resource policy is not applicable, pointing at the methods’ authentication', () => {
    const findings = run(observe(scope, (estate) => (estate.restApi = { id: API_ID, name: 'bedrock-proxy', endpointTypes: ['REGIONAL'] })));
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'not_applicable',
        message: `API ${API_ID} has no resource policy; access rests on its methods' authentication (proxy.api-requires-auth).`,
      }),
    ]);
  });

  test('error: a policy the collector could not parse is an error, never "no policy"', () => {
    const findings = run(
      observe(
        scope,
        (estate) =>
          (estate.restApi = {
            id: API_ID,
            endpointTypes: ['REGIONAL'],
            policyUnreadable: 'the policy text (212 characters) is not JSON, even with its escaping undone',
          }),
      ),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        message: expect.stringContaining(`The resource policy of API ${API_ID} could not be parsed (the policy text (212 characters) is not JSON`),
      }),
    ]);
  });

  test('error: an unreadable API is an error naming the observation', () => {
    expect(run(observe(scope, (estate) => (estate.restApi = failed('NotFoundException: Invalid API identifier specified'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'apigateway.restApi' }) }),
    ]);
  });
});
