/**
 * Table test for proxy.audit-table-protected with the table as DescribeTable and
 * DescribeContinuousBackups report it (point-in-time recovery from its own status)
 * and its key as DescribeKey does — DescribeTable names the AWS-managed
 * aws/dynamodb key by a key ARN like any other. Proves: a CMK, PITR ENABLED and
 * deletion protection pass; the AWS-owned key, an AWS-managed key, PITR DISABLED
 * or absent, and deletion protection off each fail naming the table; an
 * unreadable table is an error; an unreadable key is an error unless another
 * problem already fails the table.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { DynamoTableView, Observations } from '../../model/observations.ts';
import check from './proxy.audit-table-protected.ts';
import { ARN, failed, GOV, GOV_REGION, observe, proxyScope, TABLE } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

const table = (edit: Partial<DynamoTableView>, unset: (keyof DynamoTableView)[] = []) =>
  observe(scope, (estate) => {
    const value: DynamoTableView = {
      name: TABLE,
      arn: ARN.table,
      sseType: 'KMS',
      kmsKeyArn: ARN.key,
      deletionProtection: true,
      pointInTimeRecovery: 'ENABLED',
      ...edit,
    };
    for (const key of unset) delete value[key];
    estate.table = value;
    estate.keys[ARN.awsManagedKey] = {
      keyId: '9f8e7d6c-5b4a-3210-fedc-ba9876543210',
      arn: ARN.awsManagedKey,
      keyManager: 'AWS',
      keyState: 'Enabled',
      rotationEnabled: true,
    };
  });

describe(check.id, () => {
  test('clean: CMK, PITR and deletion protection pass, naming the table and its key', () => {
    const observations = observe(scope);
    expect(check.probes!(scope, observations)).toEqual([{ kind: 'kms.key', account: GOV, region: GOV_REGION, args: { keyId: ARN.key } }]);
    expect(run(observations)).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::DynamoDB::Table', id: ARN.table, name: TABLE, account: GOV }),
        message: `Audit table ${ARN.table} is encrypted with customer-managed key ${ARN.key}, has point-in-time recovery and deletion protection.`,
      }),
    ]);
  });

  test('fault: the AWS-owned key (no SSE description) fails, and no key is asked for', () => {
    const observations = table({}, ['sseType', 'kmsKeyArn']);
    expect(check.probes!(scope, observations)).toEqual([]);
    expect(run(observations)[0]).toMatchObject({
      status: 'fail',
      message: `Audit table ${ARN.table}: it is encrypted with the AWS-owned key, not a customer-managed KMS key.`,
    });
  });

  test('fault: the AWS-managed aws/dynamodb key — a key ARN in DescribeTable — fails, naming the key', () => {
    expect(run(table({ kmsKeyArn: ARN.awsManagedKey }))[0]).toMatchObject({
      status: 'fail',
      message: `Audit table ${ARN.table}: its key ${ARN.awsManagedKey} is managed by AWS, not the customer.`,
    });
  });

  test.each([
    ['DISABLED', { pointInTimeRecovery: 'DISABLED' }, [], 'point-in-time recovery is DISABLED'],
    ['absent', {}, ['pointInTimeRecovery'], 'point-in-time recovery is not reported'],
  ] as const)('fault: point-in-time recovery %s fails', (_label, edit, unset, text) => {
    expect(run(table(edit, [...unset]))[0]).toMatchObject({ status: 'fail', message: `Audit table ${ARN.table}: ${text}.` });
  });

  test('fault: deletion protection off fails', () => {
    expect(run(table({ deletionProtection: false }))[0]).toMatchObject({ status: 'fail', message: `Audit table ${ARN.table}: deletion protection is off.` });
  });

  test('every problem is named in one finding', () => {
    expect(run(table({ deletionProtection: false, pointInTimeRecovery: 'DISABLED' }, ['sseType', 'kmsKeyArn']))[0]!.message).toBe(
      `Audit table ${ARN.table}: it is encrypted with the AWS-owned key, not a customer-managed KMS key; point-in-time recovery is DISABLED; deletion protection is off.`,
    );
  });

  test('error: an unreadable key is an error when nothing else fails, never a pass', () => {
    const [finding] = run(observe(scope, (estate) => (estate.keys[ARN.key] = failed('AccessDeniedException: kms:DescribeKey'))));
    expect(finding).toMatchObject({
      status: 'error',
      message: `Audit table ${ARN.table}: who manages its key ${ARN.key} could not be read (AccessDeniedException: kms:DescribeKey).`,
    });
  });

  test('an unreadable key does not hide an observed fault: PITR off still fails, saying the key is unknown', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.keys[ARN.key] = failed('AccessDeniedException: kms:DescribeKey');
        (estate.table as DynamoTableView).pointInTimeRecovery = 'DISABLED';
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('point-in-time recovery is DISABLED (and who manages its key') });
  });

  test('error: an unreadable table is an error naming the observation', () => {
    expect(run(observe(scope, (estate) => (estate.table = failed('ResourceNotFoundException: Requested resource not found'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'dynamodb.table' }) }),
    ]);
  });
});
