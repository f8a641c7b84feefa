/**
 * Table test for proxy.commercial-credential with the commercial user as
 * GetAccountAuthorizationDetails lists it, its keys as ListAccessKeys and
 * ListServiceSpecificCredentials return them (ids cut to four characters), the
 * commercial organization path, and ages counted from the run's clock. Proves: a
 * 12-day access key and a policy invoking only the allowed model pass; an access
 * key or Bedrock API key older than the limit fails; inactive and expired keys are
 * not counted; policies allowing another model, IAM or S3 fail; an SCP denying
 * the Region fails the allowed model; no user named is not applicable; an unknown
 * user or an unreadable policy is an error; the service-specific listing skipped
 * by the target passes with a note when an access key is present, and is skipped
 * without one; a failed listing is an error unless a fault is already observed.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations } from '../../model/observations.ts';
import check from './proxy.commercial-credential.ts';
import {
  ARN,
  commercialUser,
  COMMERCIAL,
  COMMERCIAL_ORG,
  COMMERCIAL_REGION,
  CREDENTIAL_USER,
  daysAgo,
  failed,
  MODEL,
  observe,
  organizationPath,
  proxyScope,
  USER_POLICY,
  type Estate,
} from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations, params = scope) =>
  evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

/** The user with `statements` added to its clean policy. */
const grant =
  (...statements: Record<string, unknown>[]) =>
  (estate: Estate) =>
    (estate.commercialAuthorization = {
      account: COMMERCIAL,
      principals: [commercialUser({ ...USER_POLICY, Statement: [...USER_POLICY.Statement, ...statements] })],
    });
/** The user's Bedrock API keys, created `ages` days ago. */
const apiKeys =
  (...keys: { age: number; status?: string; expiresIn?: number }[]) =>
  (estate: Estate) =>
    (estate.apiKeys = {
      user: CREDENTIAL_USER,
      credentials: keys.map((key, index) => ({
        idSuffix: `BK0${index}`,
        serviceName: 'bedrock.amazonaws.com',
        status: key.status ?? 'Active',
        createDate: daysAgo(key.age),
        ...(key.expiresIn !== undefined ? { expirationDate: daysAgo(-key.expiresIn) } : {}),
      })),
    });
const noAccessKeys = (estate: Estate) => (estate.accessKeys = { user: CREDENTIAL_USER, keys: [] });

describe(check.id, () => {
  test('clean: a 12-day access key and a policy invoking only the allowed model pass, naming the user, the key and the model', () => {
    expect(run(observe(scope))).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::IAM::User', id: ARN.user, account: COMMERCIAL, region: COMMERCIAL_REGION }),
        message: `Commercial credential user ${ARN.user} holds access key …Q7XZ, each within 30 days, and may only invoke ${MODEL}.`,
      }),
    ]);
  });

  test('a young Bedrock API key alone passes', () => {
    const [finding] = run(observe(scope, (estate) => (noAccessKeys(estate), apiKeys({ age: 3 })(estate))));
    expect(finding).toMatchObject({ status: 'pass', message: expect.stringContaining('holds Bedrock API key …BK00, each within 30 days') });
  });

  test('fault: an access key older than the limit fails, naming the user, the key and its age', () => {
    const [finding] = run(
      observe(scope, (estate) => (estate.accessKeys = { user: CREDENTIAL_USER, keys: [{ idSuffix: 'Q7XZ', status: 'Active', createDate: daysAgo(45) }] })),
    );
    expect(finding).toMatchObject({ status: 'fail', message: `Commercial credential user ${ARN.user}: access key …Q7XZ is 45 days old, beyond 30.` });
  });

  test('an inactive old access key is not counted', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.accessKeys = {
          user: CREDENTIAL_USER,
          keys: [
            { idSuffix: 'OLD1', status: 'Inactive', createDate: daysAgo(400) },
            { idSuffix: 'Q7XZ', status: 'Active', createDate: daysAgo(12) },
          ],
        };
      }),
    );
    expect(finding).toMatchObject({ status: 'pass' });
  });

  test('fault: a Bedrock API key older than the limit fails, naming it', () => {
    const [finding] = run(observe(scope, apiKeys({ age: 90 })));
    expect(finding).toMatchObject({ status: 'fail', message: `Commercial credential user ${ARN.user}: Bedrock API key …BK00 is 90 days old, beyond 30.` });
  });

  test('an expired Bedrock API key authenticates nothing and is not counted', () => {
    expect(run(observe(scope, apiKeys({ age: 90, expiresIn: -5 })))[0]).toMatchObject({ status: 'pass' });
  });

  test('fault: a user with no active credential fails (there is nothing for the proxy to hold)', () => {
    expect(run(observe(scope, noAccessKeys))[0]).toMatchObject({
      status: 'fail',
      message: `Commercial credential user ${ARN.user}: it has no active credential for the proxy to hold.`,
    });
  });

  test('fault: a policy allowing every foundation model fails: it can invoke another model', () => {
    const [finding] = run(observe(scope, grant({ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: 'arn:aws:bedrock:*::foundation-model/*' })));
    expect(finding).toMatchObject({ status: 'fail' });
    expect(finding!.message).toContain(`Commercial credential user ${ARN.user}: it can invoke another model`);
  });

  test('fault: bedrock:* on foundation-model ARNs fails on customising models too, not only on the `*` resource', () => {
    const [finding] = run(observe(scope, grant({ Effect: 'Allow', Action: 'bedrock:*', Resource: 'arn:aws:bedrock:*::foundation-model/*' })));
    expect(finding!.message).toContain('it can invoke another model');
    expect(finding!.message).toContain('it can customise models');
  });

  test('fault: iam:* fails: it can manage IAM', () => {
    const [finding] = run(observe(scope, grant({ Effect: 'Allow', Action: 'iam:*', Resource: '*' })));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('it can manage IAM') });
  });

  test('fault: s3:GetObject on a bucket of the account fails: it can read S3', () => {
    const [finding] = run(observe(scope, grant({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::model-artifacts/*' })));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('it can read S3') });
  });

  test('fault: a policy that does not allow the allowed model fails: it cannot invoke it', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.commercialAuthorization = {
          account: COMMERCIAL,
          principals: [commercialUser({ Version: '2012-10-17', Statement: [USER_POLICY.Statement[1]] })],
        };
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining(`it cannot invoke ${MODEL}`) });
  });

  test('fault: an SCP denying the commercial Region fails the allowed model, naming the SCP', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.commercialOrganization = organizationPath(COMMERCIAL, COMMERCIAL_ORG, [
          {
            name: 'region-allow-list',
            id: 'p-regions01',
            document: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'DenyOutsideUsWest2',
                  Effect: 'Deny',
                  NotAction: 'iam:*',
                  Resource: '*',
                  Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-west-2' } },
                },
              ],
            },
          },
        ]);
      }),
    );
    expect(finding).toMatchObject({ status: 'fail' });
    expect(finding!.message).toContain(`it cannot invoke ${MODEL} — Explicitly denied by statement DenyOutsideUsWest2 of SCP region-allow-list`);
  });

  test('no bedrock_credential_user: not applicable, saying what to name — and nothing is asked of the commercial account', () => {
    const without = proxyScope({ bedrockCredentialUser: undefined });
    expect(check.needs(without)).toEqual([]);
    expect(run(observe(without), without)).toEqual([
      expect.objectContaining({
        status: 'not_applicable',
        message: 'The suite names no bedrock_credential_user, so the commercial credential is not judged; name the IAM user whose key the proxy holds.',
      }),
    ]);
  });

  test('error: a user the commercial account does not list is an error naming the user and the account', () => {
    const findings = run(observe(scope, (estate) => (estate.commercialAuthorization = { account: COMMERCIAL, principals: [] })));
    expect(findings).toEqual([
      expect.objectContaining({ status: 'error', message: `No IAM user ${CREDENTIAL_USER} exists in commercial account ${COMMERCIAL}.` }),
    ]);
  });

  test('error: a policy whose document could not be read is an error, never a pass', () => {
    const findings = run(
      observe(scope, (estate) => {
        estate.commercialAuthorization = {
          account: COMMERCIAL,
          principals: [{ ...commercialUser(), unreadablePolicies: [`arn:aws:iam::${COMMERCIAL}:policy/extra`] }],
        };
      }),
    );
    expect(findings).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining(`Cannot judge ${ARN.user}`) })]);
  });

  test('the Bedrock API key listing skipped by the target, with an access key present, passes with a note', () => {
    const [finding] = run(observe(scope, (estate) => (estate.apiKeys = failed('target lacks iam:ListServiceSpecificCredentials', 'skipped'))));
    expect(finding).toMatchObject({ status: 'pass' });
    expect(finding!.message).toContain('holds access key …Q7XZ, each within 30 days');
    expect(finding!.message).toContain('Note: Bedrock API keys could not be listed (target lacks iam:ListServiceSpecificCredentials).');
  });

  test('the listing skipped and no access key: skipped with the reason, never a pass', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        noAccessKeys(estate);
        estate.apiKeys = failed('target lacks iam:ListServiceSpecificCredentials', 'skipped');
      }),
    );
    expect(finding).toMatchObject({
      status: 'skipped',
      message: expect.stringContaining('it has no access key and the credential the proxy holds cannot be judged'),
    });
  });

  test('error: the listing failed (access denied) with a young access key present is an error — an old API key may hide there', () => {
    const [finding] = run(observe(scope, (estate) => (estate.apiKeys = failed('AccessDenied: iam:ListServiceSpecificCredentials'))));
    expect(finding).toMatchObject({
      status: 'error',
      message: `Commercial credential user ${ARN.user}: Bedrock API keys could not be listed (AccessDenied: iam:ListServiceSpecificCredentials), so the age of every credential it holds cannot be judged.`,
    });
  });

  test('a failed listing does not hide an observed fault: an old access key still fails', () => {
    const [finding] = run(
      observe(scope, (estate) => {
        estate.apiKeys = failed('AccessDenied: iam:ListServiceSpecificCredentials');
        estate.accessKeys = { user: CREDENTIAL_USER, keys: [{ idSuffix: 'Q7XZ', status: 'Active', createDate: daysAgo(45) }] };
      }),
    );
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('access key …Q7XZ is 45 days old') });
  });

  test('error: unreadable access keys are an error naming the observation', () => {
    expect(run(observe(scope, (estate) => (estate.accessKeys = failed('AccessDenied: iam:ListAccessKeys'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'iam.accessKeys', account: COMMERCIAL }) }),
    ]);
  });
});
