/**
 * Table tests for the evaluation classes where a naive engine disagrees with
 * AWS's documented logic (IAM User Guide: "Policy evaluation logic", "Cross-account
 * policy evaluation logic", "AWS JSON policy elements: Principal / NotPrincipal",
 * "Permissions boundaries for IAM entities"; KMS "Key policies"; STS AssumeRole;
 * "IAM JSON policy elements: Version"). Each row states one rule.
 */
import { describe, expect, test } from 'vitest';
import { evaluate } from './evaluate.ts';
import { InvalidRequestError } from './resources.ts';
import type { PolicyDocument, PolicyRequest, PolicySet, Statement } from './types.ts';
import { InvalidPolicyError } from './validate.ts';

const A = '111111111111';
const B = '222222222222';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const ROLE = `arn:aws:iam::${A}:role/app`;
const SESSION = `arn:aws:sts::${A}:assumed-role/app/s1`;
const OBJECT = 'arn:aws:s3:::bkt/k';

const doc = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
const allow = (extra: Partial<Statement> = {}): Statement => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*', ...extra });
const deny = (extra: Partial<Statement> = {}): Statement => ({ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*', ...extra });
const ask = (principal: string, extra: Partial<PolicyRequest> = {}): PolicyRequest => ({
  principal,
  action: 's3:GetObject',
  resource: OBJECT,
  resourceAccount: A,
  context: {},
  ...extra,
});
const identity = (...statements: Statement[]) => [{ name: 'id', document: doc(...statements) }];
const rp = (...statements: Statement[]) => ({ name: 'bucket-policy', document: doc(...statements) });
const ec2Only = { name: 'boundary', document: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) };
const decide = (request: PolicyRequest, policies: Partial<PolicySet>) => evaluate(request, { identity: [], ...policies }).decision;

describe('1. an account principal delegates to the account', () => {
  test.each([
    ['the root ARN, no identity policy', { resource: rp(allow({ Principal: { AWS: `arn:aws:iam::${A}:root` } })) }, 'ImplicitDeny'],
    ['the bare account id, no identity policy', { resource: rp(allow({ Principal: { AWS: A } })) }, 'ImplicitDeny'],
    ['the account, and an identity Allow', { resource: rp(allow({ Principal: { AWS: A } })), identity: identity(allow()) }, 'Allow'],
    ['the user ARN, no identity policy (same account)', { resource: rp(allow({ Principal: { AWS: ALICE } })) }, 'Allow'],
    ['a Deny naming the account covers the user', { resource: rp(deny({ Principal: { AWS: A } })), identity: identity(allow()) }, 'ExplicitDeny'],
  ] as const)('%s', (_name, policies, expected) => {
    expect(decide(ask(ALICE), policies as Partial<PolicySet>)).toBe(expected);
  });

  test('the reason says the account principal delegates', () => {
    expect(evaluate(ask(ALICE), { identity: [], resource: rp(allow({ Principal: { AWS: A }, Sid: 'Acct' })) }).reason).toContain(
      'names the account, which delegates to its IAM policies',
    );
  });

  test('across accounts: the account principal plus an identity Allow in the caller’s account; a user grant alone is not enough', () => {
    const bob = `arn:aws:iam::${B}:user/bob`;
    expect(decide(ask(bob), { resource: rp(allow({ Principal: { AWS: B } })), identity: identity(allow()) })).toBe('Allow');
    expect(decide(ask(bob), { resource: rp(allow({ Principal: { AWS: B } })) })).toBe('ImplicitDeny');
    expect(decide(ask(bob), { resource: rp(allow({ Principal: { AWS: bob } })) })).toBe('ImplicitDeny');
  });
});

describe('2. boundaries and session policies against a same-account resource policy', () => {
  test.each([
    ['naming the user: not capped', ALICE, { AWS: ALICE }, { boundary: ec2Only }, 'Allow'],
    ['naming the role for its session: capped', SESSION, { AWS: ROLE }, { boundary: ec2Only }, 'ImplicitDeny'],
    ['naming the exact session: not capped', SESSION, { AWS: SESSION }, { boundary: ec2Only }, 'Allow'],
    ['naming everyone: not capped by the boundary', ALICE, '*', { boundary: ec2Only }, 'Allow'],
    ['naming everyone, session policy narrower: capped (`*` is not the session’s own ARN)', SESSION, '*', { session: [ec2Only] }, 'ImplicitDeny'],
    ['naming the role, session policy narrower: capped', SESSION, { AWS: ROLE }, { session: [ec2Only] }, 'ImplicitDeny'],
    [
      'naming the exact session, session policy narrower: not capped (AWS documents it; iam-simulate differs)',
      SESSION,
      { AWS: SESSION },
      { session: [ec2Only] },
      'Allow',
    ],
    ['naming the role, no boundary: granted without an identity policy', SESSION, { AWS: ROLE }, {}, 'Allow'],
  ] as const)('%s', (_name, caller, principal, extra, expected) => {
    expect(decide(ask(caller), { resource: rp(allow({ Principal: principal as Statement['Principal'] })), ...(extra as Partial<PolicySet>) })).toBe(expected);
  });

  test('across accounts the boundary always caps', () => {
    expect(
      decide(ask(SESSION, { resourceAccount: B }), { resource: rp(allow({ Principal: { AWS: SESSION } })), identity: identity(allow()), boundary: ec2Only }),
    ).toBe('ImplicitDeny');
  });

  test('a resource-policy Deny with NotPrincipal always applies to a principal that has a boundary', () => {
    const policies = { identity: identity(allow()), resource: rp(deny({ NotPrincipal: { AWS: ALICE } })) };
    expect(decide(ask(ALICE), { ...policies, boundary: { name: 'everything', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) } })).toBe(
      'ExplicitDeny',
    );
    expect(decide(ask(ALICE), policies)).toBe('Allow');
  });
});

describe('3. AWS-managed policy ARNs are not a foreign account', () => {
  const managed = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const everything = identity({ Effect: 'Allow', Action: '*', Resource: '*' });
  test('reads are ordinary same-account calls', () => {
    expect(decide({ principal: ALICE, action: 'iam:GetPolicy', resource: managed, context: {} }, { identity: everything })).toBe('Allow');
  });
  test('changes are impossible whatever the policies allow; an explicit Deny still wins', () => {
    const change = { principal: ALICE, action: 'iam:CreatePolicyVersion', resource: managed, context: {} };
    expect(evaluate(change, { identity: everything })).toMatchObject({ decision: 'ImplicitDeny', reason: expect.stringContaining('AWS-managed policy') });
    expect(decide(change, { identity: [...everything, ...identity({ Effect: 'Deny', Action: 'iam:CreatePolicyVersion', Resource: '*' })] })).toBe(
      'ExplicitDeny',
    );
  });
});

describe('4. resource policies some services require; actions that need none; reserved resources', () => {
  const key = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const decrypt = (caller = ALICE) => ({ principal: caller, action: 'kms:Decrypt', resource: key, context: {} });
  const keyPolicy = (principal: Statement['Principal']) => ({
    name: 'key-policy',
    document: doc({ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }),
  });
  test.each([
    ['an identity Allow and no key policy', { identity: identity({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) }, 'ImplicitDeny'],
    [
      'a key policy naming the account, and an identity Allow',
      { identity: identity({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }), resource: keyPolicy({ AWS: `arn:aws:iam::${A}:root` }) },
      'Allow',
    ],
    ['a key policy naming the account, no identity Allow', { resource: keyPolicy({ AWS: `arn:aws:iam::${A}:root` }) }, 'ImplicitDeny'],
    ['a key policy naming the user', { resource: keyPolicy({ AWS: ALICE }) }, 'Allow'],
  ] as const)('KMS: %s', (_name, policies, expected) => {
    expect(decide(decrypt(), policies as Partial<PolicySet>)).toBe(expected);
  });

  test('KMS aliases and resource-less actions need no key policy, but alias/aws/ cannot be changed', () => {
    const everything = identity({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    expect(decide({ principal: ALICE, action: 'kms:ListKeys', resource: '*', context: {} }, { identity: everything })).toBe('Allow');
    expect(
      decide({ principal: ALICE, action: 'kms:DeleteAlias', resource: `arn:aws:kms:us-east-1:${A}:alias/mine`, context: {} }, { identity: everything }),
    ).toBe('Allow');
    expect(
      decide({ principal: ALICE, action: 'kms:DeleteAlias', resource: `arn:aws:kms:us-east-1:${A}:alias/aws/s3`, context: {} }, { identity: everything }),
    ).toBe('ImplicitDeny');
  });

  test.each([
    ['trust names another user, identity Allow', { AWS: `arn:aws:iam::${A}:user/bob` }, true, 'ImplicitDeny'],
    ['trust names the caller, no identity policy', { AWS: ALICE }, false, 'Allow'],
    ['trust names the account, no identity policy', { AWS: `arn:aws:iam::${A}:root` }, false, 'ImplicitDeny'],
    ['trust names the account, identity Allow', { AWS: `arn:aws:iam::${A}:root` }, true, 'Allow'],
  ] as const)('sts:AssumeRole: %s', (_name, principal, identityAllow, expected) => {
    const trust = { name: 'trust', document: doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }) };
    const policies: Partial<PolicySet> = {
      resource: trust,
      ...(identityAllow ? { identity: identity({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/target` }) } : {}),
    };
    expect(decide({ principal: ALICE, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/target`, context: {} }, policies)).toBe(expected);
  });

  test('sts:GetCallerIdentity needs no permission and cannot be denied — for a signed request', () => {
    expect(
      decide(
        { principal: ALICE, action: 'sts:GetCallerIdentity', resource: '*', context: {} },
        { identity: identity({ Effect: 'Deny', Action: '*', Resource: '*' }) },
      ),
    ).toBe('Allow');
    expect(decide({ principal: '', action: 'sts:GetCallerIdentity', resource: '*', context: {} }, {})).toBe('ImplicitDeny');
  });

  test('every STS action on a role needs its trust policy, and the caller’s boundary caps even a direct trust grant', () => {
    const role = `arn:aws:iam::${A}:role/target`;
    const trustFor = (action: string) => ({ name: 'trust', document: doc({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: action }) });
    const tagSession = { principal: ALICE, action: 'sts:TagSession', resource: role, context: {} };
    expect(decide(tagSession, { resource: trustFor('sts:AssumeRole'), identity: identity({ Effect: 'Allow', Action: 'sts:*', Resource: '*' }) })).toBe(
      'ImplicitDeny',
    );
    expect(decide(tagSession, { resource: trustFor('sts:TagSession') })).toBe('Allow');
    // IAM User Guide, "Update a role trust policy": the user's boundary must allow sts:AssumeRole.
    expect(decide({ ...tagSession, action: 'sts:AssumeRole' }, { resource: trustFor('sts:AssumeRole'), boundary: ec2Only })).toBe('ImplicitDeny');
  });

  test('reserved roles cannot be changed; they can be read', () => {
    const reserved = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_abc`;
    const everything = identity({ Effect: 'Allow', Action: '*', Resource: '*' });
    expect(decide({ principal: ALICE, action: 'iam:PutRolePolicy', resource: reserved, context: {} }, { identity: everything })).toBe('ImplicitDeny');
    expect(decide({ principal: ALICE, action: 'iam:GetRole', resource: reserved, context: {} }, { identity: everything })).toBe('Allow');
  });
});

describe('5. Service, Federated and CanonicalUser principals, and anonymous callers', () => {
  const fn = `arn:aws:iam::${A}:role/fn`;
  test('a service principal assumes a role whose trust policy names it', () => {
    const trust = (service: string) => ({ name: 'trust', document: doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }) });
    const assume = { principal: 'lambda.amazonaws.com', action: 'sts:AssumeRole', resource: fn, context: {} };
    expect(decide(assume, { resource: trust('lambda.amazonaws.com') })).toBe('Allow');
    expect(decide(assume, { resource: trust('logs.amazonaws.com') })).toBe('ImplicitDeny');
  });

  test('a federated identity provider named in the trust policy, with its audience condition', () => {
    const trust = {
      name: 'trust',
      document: doc({
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'pool-1' } },
      }),
    };
    const assume = (aud: string): PolicyRequest => ({
      principal: 'cognito-identity.amazonaws.com',
      principalType: 'Federated',
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: fn,
      context: { 'cognito-identity.amazonaws.com:aud': aud },
    });
    expect(decide(assume('pool-1'), { resource: trust })).toBe('Allow');
    expect(decide(assume('pool-2'), { resource: trust })).toBe('ImplicitDeny');
  });

  test('a CanonicalUser principal matches that canonical id', () => {
    const canonical = 'a'.repeat(64);
    const request: PolicyRequest = {
      principal: canonical,
      principalType: 'CanonicalUser',
      action: 's3:GetObject',
      resource: OBJECT,
      resourceAccount: A,
      context: {},
    };
    expect(decide(request, { resource: rp(allow({ Principal: { CanonicalUser: canonical } })) })).toBe('Allow');
  });

  test('an anonymous caller: only a policy naming everyone grants; SCPs do not apply, RCPs do', () => {
    const anonymous: PolicyRequest = { principal: '', action: 's3:GetObject', resource: OBJECT, resourceAccount: A, context: {} };
    const denyS3 = { name: 'no-s3', document: doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' }) };
    expect(decide(anonymous, { resource: rp(allow({ Principal: '*' })), scps: [{ id: 'r-root', policies: [denyS3] }] })).toBe('Allow');
    expect(decide(anonymous, { resource: rp(allow({ Principal: { AWS: A } })) })).toBe('ImplicitDeny');
    const rcpDeny = { name: 'rcp', document: doc({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' }) };
    expect(decide(anonymous, { resource: rp(allow({ Principal: '*' })), rcps: [{ id: 'r-root', policies: [rcpDeny] }] })).toBe('ExplicitDeny');
  });
});

describe('6. policies IAM rejects are reported, not evaluated', () => {
  test.each([
    ['a Principal in an identity policy', { identity: identity(allow({ Principal: '*' })) }, /Principal and NotPrincipal do not belong in an identity policy/],
    ['a resource policy statement without Principal', { resource: rp(allow()) }, /needs Principal/],
    ['NotPrincipal with Allow', { resource: rp(allow({ NotPrincipal: { AWS: ALICE } })) }, /NotPrincipal is not supported with Effect Allow/],
    [
      'an unknown condition operator',
      { identity: identity(allow({ Condition: { StringEqualz: { 'aws:x': 'y' } } })) },
      /unknown condition operator StringEqualz/,
    ],
    ['a bare-string Principal', { resource: rp(allow({ Principal: ALICE })) }, /a Principal string must be "\*"/],
  ] as const)('%s', (_name, policies, message) => {
    expect(() => evaluate(ask(ALICE), { identity: [], ...(policies as Partial<PolicySet>) })).toThrow(InvalidPolicyError);
    expect(() => evaluate(ask(ALICE), { identity: [], ...(policies as Partial<PolicySet>) })).toThrow(message);
  });

  test('policy variables are text in a document without Version 2012-10-17', () => {
    const home = { Effect: 'Allow' as const, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/${aws:username}/*' };
    const request = ask(ALICE, { resource: 'arn:aws:s3:::bkt/alice/x', context: { 'aws:username': 'alice' } });
    expect(decide(request, { identity: [{ name: 'old', document: { Statement: [home] } }] })).toBe('ImplicitDeny');
    expect(decide(request, { identity: [{ name: 'new', document: { Version: '2012-10-17', Statement: [home] } }] })).toBe('Allow');
  });
});

describe('8. resources whose ARN names no account', () => {
  test('S3: the bucket owner decides same or cross account, and must be given', () => {
    expect(decide(ask(ALICE, { resourceAccount: B }), { identity: identity(allow()) })).toBe('ImplicitDeny');
    expect(decide(ask(ALICE, { resourceAccount: B }), { identity: identity(allow()), resource: rp(allow({ Principal: { AWS: A } })) })).toBe('Allow');
    const { resourceAccount: _dropped, ...unowned } = ask(ALICE);
    expect(() => evaluate(unowned, { identity: identity(allow()) })).toThrow(InvalidRequestError);
  });

  test('foundation models are AWS-owned: the caller’s policies decide', () => {
    const model = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0';
    expect(
      decide(
        { principal: ROLE, action: 'bedrock:InvokeModel', resource: model, context: {} },
        { identity: identity({ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }) },
      ),
    ).toBe('Allow');
  });
});

describe('9. wildcard resources: is any resource matching this allowed?', () => {
  const question = (resource: string): PolicyRequest => ({ ...ask(ALICE, { resource }), wildcardResource: true });
  test.each([
    ['an Allow that overlaps the question', 'arn:aws:s3:::bkt/*', [allow({ Resource: 'arn:aws:s3:::bkt/public/*' })], 'Allow'],
    ['an Allow beside the question', 'arn:aws:s3:::bkt/private/*', [allow({ Resource: 'arn:aws:s3:::bkt/public/*' })], 'ImplicitDeny'],
    ['a Deny over part of the question does not deny it', 'arn:aws:s3:::bkt/*', [allow(), deny({ Resource: 'arn:aws:s3:::bkt/private/*' })], 'Allow'],
    ['a Deny over all of the question denies it', 'arn:aws:s3:::bkt/private/*', [allow(), deny({ Resource: 'arn:aws:s3:::bkt/private/*' })], 'ExplicitDeny'],
    ['any resource at all, one object allowed', '*', [allow({ Resource: 'arn:aws:s3:::bkt/photo.jpg' })], 'Allow'],
  ] as const)('%s', (_name, resource, statements, expected) => {
    const verdict = evaluate(question(resource), { identity: identity(...(statements as unknown as Statement[])) });
    expect(verdict.decision).toBe(expected);
  });

  test('the verdict names the statement that matched', () => {
    const verdict = evaluate(question('arn:aws:s3:::bkt/*'), { identity: identity(allow({ Sid: 'PublicReads', Resource: 'arn:aws:s3:::bkt/public/*' })) });
    expect(verdict.reason).toBe('Allowed by statement PublicReads of identity policy id.');
  });
});
