/**
 * Table test for proxy.lambda-no-credentials with the function as the Lambda
 * collector keeps it: variable names only, each with why it looks like a
 * credential when it does (values never leave the collector). Proves: a clean
 * environment passes naming the function and its variables; a suspicious variable
 * fails naming it and the reason — and no value ever appears in the message; a
 * credential-shaped name is reported masked; an unreadable function is an error.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations } from '../../model/observations.ts';
import check from './proxy.lambda-no-credentials.ts';
import { ARN, failed, FUNCTION, GOV, observe, proxyScope, type Estate } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

/** The function with its environment replaced. */
const environment =
  (...variables: { name: string; suspicious?: string }[]) =>
  (estate: Estate) =>
    (estate.lambda = { arn: ARN.function, role: ARN.role, timeoutSeconds: 25, reservedConcurrency: 10, environment: variables });

/** The lab's fake credential: it must never reach a finding (the collector drops values; the check never sees one). */
const FAKE_KEY_ID = 'AKIACRISPLABFAKE0001';

describe(check.id, () => {
  test('clean: pointer variables only (SECRET_ID, AUDIT_TABLE, COMMERCIAL_REGION) pass, naming the function and each variable', () => {
    expect(run(observe(scope))).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::Lambda::Function', id: ARN.function, name: FUNCTION, account: GOV }),
        message: `None of the 3 environment variables of ${ARN.function} (AUDIT_TABLE, COMMERCIAL_REGION, SECRET_ID) looks like a credential.`,
      }),
    ]);
  });

  test('an empty environment passes, saying so', () => {
    expect(run(observe(scope, environment()))[0]).toMatchObject({
      status: 'pass',
      message: `None of the 0 environment variables of ${ARN.function} (none) looks like a credential.`,
    });
  });

  test('fault: a variable holding an access key fails, naming the variable and why — never a value', () => {
    const [finding] = run(
      observe(
        scope,
        environment(
          { name: 'AUDIT_TABLE' },
          { name: 'COMMERCIAL_ACCESS_KEY_ID', suspicious: 'value looks like an AWS access key id' },
          { name: 'COMMERCIAL_SECRET_ACCESS_KEY', suspicious: 'value looks like an AWS secret access key' },
          { name: 'SECRET_ID' },
        ),
      ),
    );
    expect(finding).toMatchObject({ status: 'fail', actual: 'COMMERCIAL_ACCESS_KEY_ID, COMMERCIAL_SECRET_ACCESS_KEY' });
    expect(finding!.message).toBe(
      `The environment of ${ARN.function} holds what looks like a credential: COMMERCIAL_ACCESS_KEY_ID (value looks like an AWS access key id), COMMERCIAL_SECRET_ACCESS_KEY (value looks like an AWS secret access key). The value is not shown.`,
    );
    expect(JSON.stringify(finding)).not.toContain(FAKE_KEY_ID);
  });

  test('fault: a credential-shaped variable name arrives masked and is reported masked', () => {
    const [finding] = run(observe(scope, environment({ name: '(credential-shaped name ending 0001)', suspicious: 'the name itself looks like a credential' })));
    expect(finding).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('(credential-shaped name ending 0001) (the name itself looks like a credential)'),
    });
  });

  test('error: a function whose configuration (or environment) could not be read is an error, never a pass', () => {
    const findings = run(observe(scope, (estate) => (estate.lambda = failed('the environment of bedrock-proxy could not be read: KMSAccessDeniedException'))));
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: 'lambda.function' }),
        message: expect.stringContaining('KMSAccessDeniedException'),
      }),
    ]);
  });
});
