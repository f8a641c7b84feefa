/**
 * Table test for proxy.lambda-role-least-privilege with the execution role as
 * GetAccountAuthorizationDetails lists it and the GovCloud organization path.
 * Proves: the lab's tight role (GetSecretValue on its secret, kms:Decrypt via
 * Secrets Manager, PutItem on its table, its logs) passes; the lab's wildcard
 * fault (secretsmanager:* on *) fails; dynamodb:* on the table fails on deleting
 * audit items; bedrock:* fails — on `*` and on foundation-model ARNs alike; a
 * role without GetSecretValue fails; an SCP Deny is respected; an unknown role,
 * an unreadable policy or an unreadable organization is an error.
 */
import { describe, expect, test } from 'vitest';
import { functionRolePolicy } from '../../../lab/govcloud/policies.ts';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations } from '../../model/observations.ts';
import check from './proxy.lambda-role-least-privilege.ts';
import { ARN, failed, functionRole, GOV, GOV_ORG, GOV_REGION, observe, organizationPath, proxyScope, ROLE_POLICY, SECRET, TABLE } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

const grants = { region: GOV_REGION, secretArn: ARN.secret, tableArn: ARN.table, keyArn: ARN.key, logGroupArn: ARN.functionLogs };
/** The role with `statements` added to the clean policy (or, with `replace`, instead of it). */
const roleWith = (statements: Record<string, unknown>[], replace = false) =>
  observe(scope, (estate) => {
    estate.govAuthorization = {
      account: GOV,
      principals: [functionRole({ Version: '2012-10-17', Statement: [...(replace ? [] : ROLE_POLICY.Statement), ...statements] })],
    };
  });

describe(check.id, () => {
  test('clean: the lab’s tight role passes, naming the role, its secret and its table', () => {
    const observations = observe(scope, (estate) => {
      estate.govAuthorization = { account: GOV, principals: [functionRole(functionRolePolicy(grants, { roleSecretsWildcard: false }))] };
    });
    expect(run(observations)).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::IAM::Role', id: ARN.role, name: 'bedrock-proxy-fn', account: GOV }),
        message: `${ARN.role} can read ${SECRET} and write ${TABLE}, and none of the 7 wider requests crisp asked is allowed.`,
      }),
    ]);
  });

  test('fault: the lab’s wildcard role (secretsmanager:* on *) fails on reading other secrets and changing its own, naming the role', () => {
    const observations = observe(scope, (estate) => {
      estate.govAuthorization = { account: GOV, principals: [functionRole(functionRolePolicy(grants, { roleSecretsWildcard: true }))] };
    });
    const [finding] = run(observations);
    expect(finding).toMatchObject({ status: 'fail', actual: 'read any other secret, change the secret' });
    expect(finding!.message).toContain(
      `${ARN.role}: can read any other secret (secretsmanager:GetSecretValue on arn:aws-us-gov:secretsmanager:${GOV_REGION}:${GOV}:secret:`,
    );
    expect(finding!.message).toContain(`can change the secret (secretsmanager:PutSecretValue on ${ARN.secret})`);
  });

  test('fault: dynamodb:* on the audit table fails: it may delete audit items', () => {
    const [finding] = run(roleWith([{ Effect: 'Allow', Action: 'dynamodb:*', Resource: ARN.table }]));
    expect(finding).toMatchObject({ status: 'fail', actual: 'delete audit items' });
    expect(finding!.message).toContain(`can delete audit items (dynamodb:DeleteItem on ${ARN.table})`);
  });

  test.each([
    ['on *', '*'],
    ['on foundation-model ARNs only', 'arn:aws-us-gov:bedrock:*::foundation-model/*'],
  ])('fault: a bedrock:* statement %s fails: the function may call Bedrock itself', (_label, resource) => {
    const [finding] = run(roleWith([{ Sid: 'Bedrock', Effect: 'Allow', Action: 'bedrock:*', Resource: resource }]));
    expect(finding).toMatchObject({ status: 'fail', actual: 'call Bedrock itself' });
    expect(finding!.message).toContain('can call Bedrock itself (bedrock:InvokeModel on *)');
  });

  test('fault: iam:PassRole on the account’s roles fails', () => {
    const [finding] = run(roleWith([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws-us-gov:iam::${GOV}:role/*` }]));
    expect(finding).toMatchObject({ status: 'fail', actual: 'pass roles' });
  });

  test('fault: a role without GetSecretValue fails: it cannot read its own secret', () => {
    const [finding] = run(
      roleWith(
        ROLE_POLICY.Statement.filter((statement) => statement.Sid !== 'ReadCommercialCredential'),
        true,
      ),
    );
    expect(finding).toMatchObject({ status: 'fail', actual: 'read its own secret' });
    expect(finding!.message).toContain(`cannot read its own secret (secretsmanager:GetSecretValue on ${ARN.secret})`);
  });

  test('an SCP Deny is respected: bedrock:* granted to the role but denied by an SCP passes', () => {
    const observations = observe(scope, (estate) => {
      estate.govAuthorization = {
        account: GOV,
        principals: [functionRole({ Version: '2012-10-17', Statement: [...ROLE_POLICY.Statement, { Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }] })],
      };
      estate.govOrganization = organizationPath(GOV, GOV_ORG, [
        {
          name: 'no-bedrock-in-govcloud',
          id: 'p-nobedrock1',
          document: { Version: '2012-10-17', Statement: [{ Sid: 'DenyBedrock', Effect: 'Deny', Action: 'bedrock:*', Resource: '*' }] },
        },
      ]);
    });
    expect(run(observations)[0]).toMatchObject({ status: 'pass' });
  });

  test('an SCP conditioned on the principal’s tag is judged with the role’s tags', () => {
    const observations = observe(scope, (estate) => {
      estate.govAuthorization = {
        account: GOV,
        principals: [functionRole({ Version: '2012-10-17', Statement: [...ROLE_POLICY.Statement, { Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }] })],
      };
      // Bedrock is denied to every principal tagged app=bedrock-proxy; the role carries that tag.
      estate.govOrganization = organizationPath(GOV, GOV_ORG, [
        {
          name: 'proxy-no-bedrock',
          id: 'p-nobedrock2',
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Action: 'bedrock:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/app': 'bedrock-proxy' } } }],
          },
        },
      ]);
    });
    expect(run(observations)[0]).toMatchObject({ status: 'pass' });
  });

  test('error: a role the account does not list is an error naming the role and the function', () => {
    const findings = run(observe(scope, (estate) => (estate.govAuthorization = { account: GOV, principals: [] })));
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: ARN.role }),
        message: `The execution role ${ARN.role} of ${ARN.function} is not among the IAM principals of account ${GOV}.`,
      }),
    ]);
  });

  test('error: a policy whose document could not be read is an error (it could grant more), never a pass', () => {
    const findings = run(
      observe(scope, (estate) => {
        estate.govAuthorization = {
          account: GOV,
          principals: [{ ...functionRole(), unreadablePolicies: [`arn:aws-us-gov:iam::${GOV}:policy/proxy-extra`] }],
        };
      }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        message: expect.stringContaining(`the document of arn:aws-us-gov:iam::${GOV}:policy/proxy-extra could not be read`),
      }),
    ]);
  });

  test('error: an unreadable organization path is an error, never judged without SCPs', () => {
    expect(run(observe(scope, (estate) => (estate.govOrganization = failed('AccessDeniedException: organizations:ListParents'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'organizations.path' }) }),
    ]);
  });
});
