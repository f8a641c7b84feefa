/**
 * Table test for proxy.secret-protected with the secret as DescribeSecret tells it
 * (KmsKeyId as given at creation, absent for the AWS-managed key) and the key as
 * DescribeKey does; ages are counted from the run's recorded clock. Proves: a CMK
 * with rotation passes; a CMK without rotation changed 10 days ago passes (max 30);
 * 60 days ago fails; no KmsKeyId and alias/aws/secretsmanager fail as AWS-managed;
 * a key ARN DescribeKey says AWS manages fails; rotation switched on but last
 * rotated long ago fails; an unreadable secret, key or clock is an error.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations, SecretView } from '../../model/observations.ts';
import check from './proxy.secret-protected.ts';
import { ARN, daysAgo, failed, GOV, KEY_ID, observe, proxyScope, SECRET } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations, params = scope) =>
  evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

/** The secret with `edit` applied. */
const secret = (edit: Partial<SecretView>, unset: (keyof SecretView)[] = []) =>
  observe(scope, (estate) => {
    const value: SecretView = { arn: ARN.secret, name: SECRET, kmsKeyId: ARN.key, rotationEnabled: false, lastChangedDate: daysAgo(10), ...edit };
    for (const key of unset) delete value[key];
    estate.secret = value;
  });

describe(check.id, () => {
  test('clean: a CMK, rotation off, changed 10 days ago (max 30) passes, naming the secret, the key and the age', () => {
    const observations = observe(scope);
    expect(check.probes!(scope, observations)).toEqual([{ kind: 'kms.key', account: GOV, region: 'us-gov-west-1', args: { keyId: ARN.key } }]);
    expect(run(observations)).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::SecretsManager::Secret', id: ARN.secret, name: SECRET, account: GOV }),
        message: `Secret ${ARN.secret} is encrypted with customer-managed key ${ARN.key} and was changed 10 days ago (within 30).`,
      }),
    ]);
  });

  test('a CMK with rotation on, last rotated 5 days ago, passes', () => {
    const [finding] = run(secret({ rotationEnabled: true, rotationDays: 30, lastRotatedDate: daysAgo(5), lastChangedDate: daysAgo(5) }));
    expect(finding).toMatchObject({
      status: 'pass',
      message: `Secret ${ARN.secret} is encrypted with customer-managed key ${ARN.key} and rotates (last rotated 5 days ago).`,
    });
  });

  test('fault: rotation off and changed 60 days ago fails, naming the secret and the age', () => {
    const [finding] = run(secret({ lastChangedDate: daysAgo(60) }));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `Secret ${ARN.secret}: rotation is off and the credential was last changed 60 days ago, beyond 30.`,
    });
  });

  test('fault: rotation off and no change date at all fails (an unknown age is never young)', () => {
    const [finding] = run(secret({}, ['lastChangedDate']));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('last changed at an unknown time, beyond 30') });
  });

  test('fault: rotation on but last rotated 200 days ago (schedule 30) fails: rotation is failing', () => {
    const [finding] = run(secret({ rotationEnabled: true, rotationDays: 30, lastRotatedDate: daysAgo(200), lastChangedDate: daysAgo(200) }));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `Secret ${ARN.secret}: rotation is on, but the credential was last rotated 200 days ago, beyond 30: rotation is failing.`,
    });
  });

  test('rotation on a 90-day schedule, last rotated 60 days ago, passes (the schedule is longer than the limit)', () => {
    expect(run(secret({ rotationEnabled: true, rotationDays: 90, lastRotatedDate: daysAgo(60) }))[0]).toMatchObject({ status: 'pass' });
  });

  test('a longer max_credential_age_days is honoured', () => {
    const longer = proxyScope({ maxCredentialAgeDays: 90 });
    const [finding] = run(
      observe(longer, (estate) => ((estate.secret as SecretView).lastChangedDate = daysAgo(60))),
      longer,
    );
    expect(finding).toMatchObject({ status: 'pass', message: expect.stringContaining('was changed 60 days ago (within 90)') });
  });

  test('fault: no KmsKeyId (the AWS-managed key) fails, and no key is asked for', () => {
    const observations = secret({}, ['kmsKeyId']);
    expect(check.probes!(scope, observations)).toEqual([]);
    expect(run(observations)[0]).toMatchObject({
      status: 'fail',
      message: `Secret ${ARN.secret}: it is encrypted with the AWS-managed key aws/secretsmanager, not a customer-managed key.`,
    });
  });

  test('fault: KmsKeyId alias/aws/secretsmanager fails as the AWS-managed key', () => {
    expect(run(secret({ kmsKeyId: 'alias/aws/secretsmanager' }))[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('encrypted with the AWS-managed key aws/secretsmanager'),
    });
  });

  test('fault: a key ARN that DescribeKey says AWS manages fails, naming the key', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.keys[ARN.key] = { keyId: KEY_ID, arn: ARN.key, keyManager: 'AWS', keyState: 'Enabled', rotationEnabled: true };
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', message: `Secret ${ARN.secret}: its key ${ARN.key} is managed by AWS, not the customer.` });
  });

  test('both problems are named in one finding', () => {
    expect(run(secret({ lastChangedDate: daysAgo(45) }, ['kmsKeyId']))[0]!.message).toBe(
      `Secret ${ARN.secret}: it is encrypted with the AWS-managed key aws/secretsmanager, not a customer-managed key; rotation is off and the credential was last changed 45 days ago, beyond 30.`,
    );
  });

  test('error: an unreadable secret is an error naming the observation', () => {
    expect(run(observe(scope, (estate) => (estate.secret = failed('AccessDeniedException: secretsmanager:DescribeSecret'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'secretsmanager.secret' }) }),
    ]);
  });

  test('error: an unreadable key is an error, never a pass', () => {
    expect(run(observe(scope, (estate) => (estate.keys[ARN.key] = failed('AccessDeniedException: kms:DescribeKey'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'kms.key' }) }),
    ]);
  });

  test('error: without the run’s clock no age is judged', () => {
    expect(run(observe(scope, (estate) => (estate.clock = failed('no clock recorded'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'run.clock' }) }),
    ]);
  });
});
