/**
 * Table test for proxy.lambda-limits with the function as GetFunctionConfiguration
 * and GetFunctionConcurrency report it. Proves: reserved concurrency 10 and a 25 s
 * timeout pass, naming both; no reserved concurrency, reserved concurrency 0, and a
 * timeout of 29 s or 30 s (at or beyond API Gateway's 29 s) each fail naming the
 * function; an unreadable function is an error.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations } from '../../model/observations.ts';
import check from './proxy.lambda-limits.ts';
import { ARN, failed, observe, proxyScope } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

/** The function with reserved concurrency (undefined: none) and a timeout. */
const limits = (reservedConcurrency: number | undefined, timeoutSeconds: number) =>
  observe(
    scope,
    (estate) =>
      (estate.lambda = {
        arn: ARN.function,
        role: ARN.role,
        timeoutSeconds,
        ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }),
        environment: [],
      }),
  );

describe(check.id, () => {
  test('clean: reserved concurrency 10 and a 25 s timeout pass, naming the function and both limits', () => {
    expect(run(observe(scope))).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::Lambda::Function', id: ARN.function }),
        message: `${ARN.function} runs at most 10 at once with a 25 s timeout, below API Gateway's 29 s.`,
      }),
    ]);
  });

  test('fault: no reserved concurrency fails (unbounded)', () => {
    expect(run(limits(undefined, 25))[0]).toMatchObject({ status: 'fail', message: `${ARN.function}: no reserved concurrency (unbounded).` });
  });

  test('fault: reserved concurrency 0 fails (the function cannot run)', () => {
    expect(run(limits(0, 25))[0]).toMatchObject({ status: 'fail', message: `${ARN.function}: reserved concurrency 0 (the function cannot run).` });
  });

  test.each([29, 30, 900])('fault: a %i s timeout fails (not below API Gateway’s 29 s)', (timeout) => {
    expect(run(limits(10, timeout))[0]).toMatchObject({
      status: 'fail',
      message: `${ARN.function}: timeout ${timeout} s, not below API Gateway's 29 s.`,
    });
  });

  test('both problems are named in one finding', () => {
    expect(run(limits(undefined, 30))[0]!.message).toBe(`${ARN.function}: no reserved concurrency (unbounded); timeout 30 s, not below API Gateway's 29 s.`);
  });

  test('error: an unreadable function is an error naming the observation', () => {
    expect(run(observe(scope, (estate) => (estate.lambda = failed('ResourceNotFoundException: Function not found'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'lambda.function' }) }),
    ]);
  });
});
