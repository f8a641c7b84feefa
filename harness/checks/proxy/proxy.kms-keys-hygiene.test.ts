/**
 * Table test for proxy.kms-keys-hygiene with keys as DescribeKey,
 * GetKeyRotationStatus and GetKeyPolicy report them (the collector parses the
 * policy). Proves: the shared CMK naming only the account root, rotating, passes
 * once (the secret and the table use the same key); rotation off fails; a key
 * policy allowing `*` without a condition fails; one naming another account —
 * as a principal or in a kms:CallerAccount condition — fails naming it; an AWS
 * managed key's own policy passes; neither secret nor table using a CMK is not
 * applicable; an unreadable secret, table or key is an error (never not
 * applicable); a key pending deletion fails.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { KmsKeyView, Observations } from '../../model/observations.ts';
import check from './proxy.kms-keys-hygiene.ts';
import { ARN, failed, GOV, GOV_REGION, KEY_ID, KEY_POLICY, observe, proxyScope, SECRET, TABLE, type Estate } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

const OTHER = '222233334444';
const cmk = (edit: Partial<KmsKeyView> = {}): KmsKeyView => ({
  keyId: KEY_ID,
  arn: ARN.key,
  keyManager: 'CUSTOMER',
  keyState: 'Enabled',
  rotationEnabled: true,
  policy: KEY_POLICY,
  ...edit,
});
const withKey = (edit: Partial<KmsKeyView>) => observe(scope, (estate) => (estate.keys[ARN.key] = cmk(edit)));
const keyPolicy = (...statements: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: [...KEY_POLICY.Statement, ...statements] });
/** Neither the secret nor the table names a customer key. */
const noCmk = (estate: Estate) => {
  estate.secret = { arn: ARN.secret, name: SECRET, rotationEnabled: false, lastChangedDate: '2026-05-20T00:00:00.000Z' };
  estate.table = { name: TABLE, arn: ARN.table, deletionProtection: true, pointInTimeRecovery: 'ENABLED' };
};

describe(check.id, () => {
  test('clean: the one CMK of the secret and the table, rotating and naming only the account root, passes once, naming the key', () => {
    const observations = observe(scope);
    expect(check.probes!(scope, observations)).toEqual([{ kind: 'kms.key', account: GOV, region: GOV_REGION, args: { keyId: ARN.key } }]);
    expect(run(observations)).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::KMS::Key', id: ARN.key, account: GOV }),
        message: `Key ${ARN.key} rotates and its policy admits no one outside account ${GOV}.`,
      }),
    ]);
  });

  test('fault: automatic rotation off fails, naming the key', () => {
    expect(run(withKey({ rotationEnabled: false }))[0]).toMatchObject({ status: 'fail', message: `Key ${ARN.key}: automatic rotation is off.` });
  });

  test('fault: a key policy allowing `*` to decrypt without a condition fails', () => {
    const [finding] = run(withKey({ policy: keyPolicy({ Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }) }));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `Key ${ARN.key}: its key policy lets a role of another account outside account ${GOV} decrypt.`,
    });
  });

  test('fault: a key policy granting another account’s root fails, naming that account', () => {
    const [finding] = run(
      withKey({ policy: keyPolicy({ Effect: 'Allow', Principal: { AWS: `arn:aws-us-gov:iam::${OTHER}:root` }, Action: 'kms:Decrypt', Resource: '*' }) }),
    );
    expect(finding).toMatchObject({
      status: 'fail',
      message: `Key ${ARN.key}: its key policy lets a role of account ${OTHER} outside account ${GOV} decrypt.`,
    });
  });

  test('fault: `*` limited by kms:CallerAccount to another account fails, naming it', () => {
    const [finding] = run(
      withKey({
        policy: keyPolicy({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': OTHER } },
        }),
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining(`a role of account ${OTHER}`) });
  });

  test('`*` limited by kms:CallerAccount to the account passes (the AWS-managed key policy pattern)', () => {
    const [finding] = run(
      withKey({
        keyManager: 'AWS',
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
              Resource: '*',
              Condition: { StringEquals: { 'kms:CallerAccount': GOV, 'kms:ViaService': `dynamodb.${GOV_REGION}.amazonaws.com` } },
            },
          ],
        },
      }),
    );
    expect(finding).toMatchObject({ status: 'pass' });
  });

  test('fault: a key pending deletion (rotation cannot be read) fails, naming its state', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        const key = cmk({ keyState: 'PendingDeletion' });
        delete key.rotationEnabled;
        estate.keys[ARN.key] = key;
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', message: `Key ${ARN.key}: it is PendingDeletion, so it cannot rotate.` });
  });

  test('error: a key whose policy was not returned is an error, never a pass', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        const key = cmk();
        delete key.policy;
        estate.keys[ARN.key] = key;
      }),
    );
    expect(finding).toMatchObject({ status: 'error', message: `Key ${ARN.key} cannot be judged: its key policy was not returned.` });
  });

  test('neither the secret nor the table using a customer key is not applicable, pointing at the checks that report it', () => {
    expect(run(observe(scope, noCmk))).toEqual([
      expect.objectContaining({
        status: 'not_applicable',
        message: `Neither secret ${SECRET} nor table ${TABLE} uses a customer-managed key (proxy.secret-protected and proxy.audit-table-protected report that).`,
      }),
    ]);
  });

  test('error: an unreadable secret is an error — it may hide a key — never not applicable', () => {
    const findings = run(
      observe(scope, (estate) => {
        noCmk(estate);
        estate.secret = failed('AccessDeniedException: secretsmanager:DescribeSecret');
      }),
    );
    expect(findings).toEqual([expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'secretsmanager.secret' }) })]);
  });

  test('error: an unreadable table is an error', () => {
    expect(run(observe(scope, (estate) => (estate.table = failed('AccessDeniedException: dynamodb:DescribeTable'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'dynamodb.table' }) }),
    ]);
  });

  test('error: an unreadable key is an error naming the observation', () => {
    expect(run(observe(scope, (estate) => (estate.keys[ARN.key] = failed('AccessDeniedException: kms:GetKeyPolicy'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'kms.key' }), message: expect.stringContaining('kms:GetKeyPolicy') }),
    ]);
  });
});
