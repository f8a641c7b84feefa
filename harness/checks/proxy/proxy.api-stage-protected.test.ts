/**
 * Table test for proxy.api-stage-protected with the stage as GetStage returns it
 * (method settings keyed `*\/*` for the stage default, the access log destination
 * an ARN) and usage plans as GetUsagePlans does. Proves: stage throttling plus
 * access logs pass, naming the limits and the log group; usage-plan throttling
 * alone passes; no throttling anywhere fails; a rate without a burst is not
 * throttling; access logging off fails; an unreadable stage is an error.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations } from '../../model/observations.ts';
import check from './proxy.api-stage-protected.ts';
import { API_ID, ARN, failed, GOV, observe, proxyScope, STAGE, type Estate } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

/** The stage with its method settings replaced. */
const stageSettings = (methodSettings: Record<string, Record<string, unknown>>) => (estate: Estate) =>
  (estate.stage = { stageName: STAGE, deploymentId: 'dep1oy', accessLogDestination: ARN.accessLogs, methodSettings });
const noPlanThrottle = (estate: Estate) =>
  (estate.usagePlans = { plans: [{ id: 'pl4n01', name: 'bedrock-proxy-clients', apiStages: [{ apiId: API_ID, stage: STAGE }], keyCount: 1 }] });

describe(check.id, () => {
  test('clean: stage */* throttling and an access log destination pass, naming the stage, the limits and the log group', () => {
    expect(run(observe(scope))).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::ApiGateway::Stage', id: `${API_ID}/${STAGE}`, account: GOV }),
        message: `Stage ${STAGE} of API ${API_ID} is throttled (stage 50/s, burst 100) and writes access logs to ${ARN.accessLogs}.`,
      }),
    ]);
  });

  test('usage-plan throttling alone passes (the stage sets none)', () => {
    const [finding] = run(observe(scope, stageSettings({})));
    expect(finding).toMatchObject({ status: 'pass', message: expect.stringContaining('is throttled (by its usage plan)') });
  });

  test('fault: neither the stage default nor a plan on the stage throttles — fail, naming the stage and the API', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        stageSettings({ '*/*': { loggingLevel: 'INFO', metricsEnabled: true } })(estate);
        noPlanThrottle(estate);
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', expected: 'throttled, access-logged' });
    expect(finding!.message).toBe(
      `Stage ${STAGE} of API ${API_ID}: no throttling limits (neither stage method settings */* nor a usage plan on the stage set a rate and a burst limit).`,
    );
  });

  test('fault: a throttled plan on another stage does not throttle this one', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        stageSettings({})(estate);
        estate.usagePlans = {
          plans: [{ id: 'pl4n02', apiStages: [{ apiId: API_ID, stage: 'dev' }], throttle: { rateLimit: 5, burstLimit: 10 }, keyCount: 1 }],
        };
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('no throttling limits') });
  });

  test('fault: a rate limit without a burst limit is not throttling', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        stageSettings({ '*/*': { throttlingRateLimit: 50 } })(estate);
        noPlanThrottle(estate);
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('no throttling limits') });
  });

  test('fault: access logging off fails, naming the stage', () => {
    const [finding] = run(observe(scope, (estate) => delete (estate.stage as { accessLogDestination?: string }).accessLogDestination));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `Stage ${STAGE} of API ${API_ID}: access logging is off (no accessLogSettings destination).`,
    });
  });

  test('error: an unreadable stage is an error naming the observation, never a pass', () => {
    const findings = run(observe(scope, (estate) => (estate.stage = failed(`NotFoundException: Invalid stage identifier specified`))));
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: 'apigateway.stage' }),
        message: expect.stringContaining('NotFoundException: Invalid stage identifier specified'),
      }),
    ]);
  });

  test('error: unreadable usage plans are an error', () => {
    expect(run(observe(scope, (estate) => (estate.usagePlans = failed('AccessDeniedException'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'apigateway.usagePlans' }) }),
    ]);
  });
});
