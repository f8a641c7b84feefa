/**
 * Table test for proxy.api-requires-auth with the API's methods as GetResources
 * (embed=methods) returns them and usage plans as GetUsagePlans + GetUsagePlanKeys
 * count them. Proves: an API key enforced by a keyed plan on the stage passes; a
 * method open without a key fails naming it; a key requirement with no plan on the
 * stage, or a plan without keys, fails; AWS_IAM, CUSTOM and COGNITO_USER_POOLS
 * pass; every method gets its own finding; an unreadable listing is an error.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations, RestApiResources } from '../../model/observations.ts';
import check from './proxy.api-requires-auth.ts';
import { methodArn } from './proxy-scope.ts';
import { API_ID, failed, GOV, GOV_REGION, observe, proxyScope, STAGE, type Estate } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

type Method = RestApiResources['resources'][number]['methods'][number];
const INVOKE = '/v1/bedrock/invoke-model';

/** The API with the invoke resource's methods replaced. */
const withMethods =
  (...methods: Method[]) =>
  (estate: Estate) =>
    (estate.resources = {
      resources: [
        { id: 'r00t00', path: '/', methods: [] },
        { id: 'inv0k3', path: INVOKE, methods },
      ],
    });

describe(check.id, () => {
  test('clean: POST requires an API key and the keyed usage plan covers the stage — pass, naming the method, the plan and the stage', () => {
    const findings = run(observe(scope));
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::ApiGateway::Method', id: `${API_ID}/POST${INVOKE}`, account: GOV, region: GOV_REGION }),
        message: `POST ${INVOKE} on API ${API_ID} requires an API key, enforced by usage plan bedrock-proxy-clients on stage ${STAGE}.`,
      }),
    ]);
  });

  test('fault: a method with authorization NONE and no API key fails, naming the method and the API', () => {
    const [finding] = run(observe(scope, withMethods({ httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: false })));
    expect(finding).toMatchObject({ status: 'fail', expected: 'API key, AWS_IAM or an authorizer', actual: 'NONE, apiKeyRequired false' });
    expect(finding!.message).toBe(
      `POST ${INVOKE} on API ${API_ID} (${methodArn(scope, 'POST', INVOKE)}) takes requests without authentication (authorizationType NONE, no API key required): anyone who reaches the API spends the commercial credential.`,
    );
  });

  test('fault: an API key required but no usage plan on the stage fails (the plan covers another stage)', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.usagePlans = { plans: [{ id: 'pl4n01', name: 'bedrock-proxy-clients', apiStages: [{ apiId: API_ID, stage: 'dev' }], keyCount: 1 }] };
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', actual: 'no usage plan' });
    expect(finding!.message).toContain(
      `POST ${INVOKE} on API ${API_ID} (${methodArn(scope, 'POST', INVOKE)}) requires an API key, but no usage plan covers stage ${STAGE}`,
    );
  });

  test('fault: an API key required and a plan on the stage that holds no key fails', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.usagePlans = { plans: [{ id: 'pl4n01', name: 'bedrock-proxy-clients', apiStages: [{ apiId: API_ID, stage: STAGE }], keyCount: 0 }] };
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', actual: 'no key in the plan' });
    expect(finding!.message).toContain('no usage plan covering the stage holds a key');
  });

  test.each(['AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'])('%s without an API key passes (the caller is authenticated)', (authorizationType) => {
    const [finding, ...rest] = run(
      observe(scope, (estate) => {
        withMethods({ httpMethod: 'POST', authorizationType, apiKeyRequired: false, ...(authorizationType === 'AWS_IAM' ? {} : { authorizerId: 'auth01' }) })(
          estate,
        );
        estate.usagePlans = { plans: [] };
      }),
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ status: 'pass', message: `POST ${INVOKE} on API ${API_ID} authenticates callers with ${authorizationType}.` });
  });

  test('every method is judged: a keyed POST passes while an open GET on the same resource fails, naming GET', () => {
    const findings = run(
      observe(
        scope,
        withMethods(
          { httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: true },
          { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false },
          { httpMethod: 'PUT', authorizationType: 'AWS_IAM', apiKeyRequired: true },
        ),
      ),
    );
    expect(findings.map((finding) => [finding.resource.name, finding.status])).toEqual([
      [`POST ${INVOKE}`, 'pass'],
      [`GET ${INVOKE}`, 'fail'],
      [`PUT ${INVOKE}`, 'pass'],
    ]);
    expect(findings[1]!.message).toContain(`GET ${INVOKE} on API ${API_ID} (${methodArn(scope, 'GET', INVOKE)}) takes requests without authentication`);
    expect(findings[2]!.message).toBe(`PUT ${INVOKE} on API ${API_ID} authenticates callers with AWS_IAM and an API key.`);
  });

  test('an API without any method fails, naming the API (there is no proxy to judge)', () => {
    const findings = run(observe(scope, (estate) => (estate.resources = { resources: [{ id: 'r00t00', path: '/', methods: [] }] })));
    expect(findings).toEqual([expect.objectContaining({ status: 'fail', message: `API ${API_ID} has no methods: there is no proxy to judge.` })]);
  });

  test('error: an unreadable resource listing is an error naming the observation, never a pass', () => {
    const findings = run(observe(scope, (estate) => (estate.resources = failed('AccessDeniedException: apigateway:GET on /restapis/a1b2c3d4e5/resources'))));
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ type: 'crisp::Observation', id: 'apigateway.resources' }),
        message: expect.stringContaining(`AccessDeniedException: apigateway:GET on /restapis/${API_ID}/resources (account ${GOV}, Region ${GOV_REGION})`),
      }),
    ]);
  });

  test('error: unreadable usage plans are an error, even where a method requires a key', () => {
    const findings = run(observe(scope, (estate) => (estate.usagePlans = failed('AccessDeniedException: apigateway:GET on /usageplans'))));
    expect(findings).toEqual([expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'apigateway.usagePlans' }) })]);
  });
});
