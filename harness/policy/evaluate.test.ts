/**
 * Table tests for AWS's documented evaluation rules ("Policy evaluation logic",
 * "IAM JSON policy elements: Condition operators", "multivalued context keys").
 */
import { describe, expect, test } from 'vitest';
import { evaluate } from './evaluate.ts';
import type { PolicyDocument, PolicyRequest, PolicySet } from './types.ts';

const ROLE = 'arn:aws:iam::111111111111:role/app';
const PROFILE = 'arn:aws:bedrock:ap-southeast-6:111111111111:inference-profile/au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const MODEL = (region: string) => `arn:aws:bedrock:${region}::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0`;

const doc = (...Statement: PolicyDocument['Statement'][]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: Statement.flat() as PolicyDocument['Statement'],
});
const request = (resource: string, context: PolicyRequest['context'] = {}, action = 'bedrock:InvokeModel'): PolicyRequest => ({
  principal: ROLE,
  action,
  resource,
  context,
});
const only = (document: PolicyDocument): PolicySet => ({ identity: [{ name: 'p', document }] });
const allowAll = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

/** The cross-Region inference pattern: two statements plus the Null deny (docs/ARCHITECTURE.md §13). */
const CRIS = doc(
  { Sid: 'AllowProfile', Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: PROFILE },
  {
    Sid: 'AllowModelsViaProfile',
    Effect: 'Allow',
    Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
    Resource: ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6'].map(MODEL),
    Condition: { StringEquals: { 'bedrock:InferenceProfileArn': PROFILE } },
  },
  {
    Sid: 'DenyDirect',
    Effect: 'Deny',
    Action: 'bedrock:InvokeModel*',
    Resource: 'arn:aws:bedrock:*::foundation-model/*',
    Condition: { Null: { 'bedrock:InferenceProfileArn': 'true' } },
  },
);

describe('evaluation order', () => {
  test('no matching allow is an implicit deny', () => {
    expect(evaluate(request(PROFILE), only(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })))).toMatchObject({
      decision: 'ImplicitDeny',
      reason: expect.stringContaining('no identity policy'),
    });
  });

  test('an explicit deny anywhere wins over any allow, and is named', () => {
    const verdict = evaluate(request(PROFILE), {
      identity: [
        { name: 'allow', document: allowAll },
        { name: 'deny', document: doc({ Sid: 'NoBedrock', Effect: 'Deny', Action: 'bedrock:*', Resource: '*' }) },
      ],
    });
    expect(verdict).toMatchObject({ decision: 'ExplicitDeny', reason: 'Explicitly denied by statement NoBedrock of identity policy deny.' });
  });

  test('every SCP level must allow; the level without an allow is named', () => {
    const scps = [
      { id: 'r-root', policies: [{ name: 'FullAWSAccess', document: allowAll }] },
      { id: 'ou-apps', policies: [] },
      { id: '111111111111', policies: [{ name: 'FullAWSAccess', document: allowAll }] },
    ];
    expect(evaluate(request(PROFILE), { ...only(allowAll), scps })).toMatchObject({
      decision: 'ImplicitDeny',
      reason: expect.stringContaining('no SCP at ou-apps allows it (no policy attached)'),
    });
    scps[1]!.policies.push({ name: 'FullAWSAccess', document: allowAll });
    expect(evaluate(request(PROFILE), { ...only(allowAll), scps }).decision).toBe('Allow');
  });

  test('an SCP allow does not grant: the identity policy must allow too', () => {
    expect(evaluate(request(PROFILE), { identity: [], scps: [{ id: 'r-root', policies: [{ name: 'FullAWSAccess', document: allowAll }] }] }).decision).toBe(
      'ImplicitDeny',
    );
  });

  test('a permission boundary caps what identity policies allow', () => {
    const boundary = { name: 'boundary', document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) };
    expect(evaluate(request(PROFILE), { ...only(allowAll), boundary })).toMatchObject({
      decision: 'ImplicitDeny',
      reason: expect.stringContaining('permission boundary boundary'),
    });
  });

  test('session policies and VPC endpoint policies filter too', () => {
    const narrow = { name: 's', document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) };
    expect(evaluate(request(PROFILE), { ...only(allowAll), session: [narrow] }).decision).toBe('ImplicitDeny');
    expect(
      evaluate(request(PROFILE), {
        ...only(allowAll),
        endpoint: [{ name: 'vpce', document: doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }) }],
      }).decision,
    ).toBe('ImplicitDeny');
    expect(
      evaluate(request(PROFILE), {
        ...only(allowAll),
        endpoint: [{ name: 'vpce', document: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }) }],
      }).decision,
    ).toBe('Allow');
  });

  test('a cross-account resource needs both the identity and the resource policy', () => {
    const foreign = 'arn:aws:bedrock:ap-southeast-2:222222222222:inference-profile/au.x';
    expect(evaluate(request(foreign), only(allowAll))).toMatchObject({ decision: 'ImplicitDeny', reason: expect.stringContaining('cross-account') });
    const resource = { name: 'rp', document: doc({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: '*', Resource: '*' }) };
    expect(evaluate(request(foreign), { ...only(allowAll), resource }).decision).toBe('Allow');
  });
});

describe('the cross-Region inference pattern', () => {
  test('the profile ARN is allowed', () => {
    expect(evaluate(request(PROFILE), only(CRIS))).toMatchObject({ decision: 'Allow', reason: 'Allowed by statement AllowProfile of identity policy p.' });
  });

  test('a destination model through the profile is allowed; directly it is explicitly denied', () => {
    expect(evaluate(request(MODEL('ap-southeast-4'), { 'bedrock:InferenceProfileArn': PROFILE }), only(CRIS)).decision).toBe('Allow');
    expect(evaluate(request(MODEL('ap-southeast-4')), only(CRIS))).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: [expect.objectContaining({ statement: 'DenyDirect' })],
    });
  });

  test('another profile, or a Region outside the residency set, is not allowed', () => {
    expect(
      evaluate(request(MODEL('ap-southeast-4'), { 'bedrock:InferenceProfileArn': PROFILE.replace('111111111111', '999999999999') }), only(CRIS)).decision,
    ).toBe('ImplicitDeny');
    expect(evaluate(request(MODEL('us-east-1'), { 'bedrock:InferenceProfileArn': PROFILE }), only(CRIS)).decision).toBe('ImplicitDeny');
  });

  test('actions match case-insensitively; ConverseStream is InvokeModelWithResponseStream', () => {
    expect(evaluate(request(PROFILE, {}, 'Bedrock:invokemodelwithresponsestream'), only(CRIS)).decision).toBe('Allow');
  });
});

describe('condition operators', () => {
  const withCondition = (Condition: object) => only(doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: Condition as never }));
  const verdict = (Condition: object, context: PolicyRequest['context']) => evaluate(request(PROFILE, context), withCondition(Condition)).decision;

  test.each([
    ['StringEquals is case-sensitive', { StringEquals: { 'aws:PrincipalTag/team': 'AI' } }, { 'aws:PrincipalTag/team': 'ai' }, 'ImplicitDeny'],
    ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'AI' } }, { 'aws:PrincipalTag/team': 'ai' }, 'Allow'],
    [
      'condition keys are case-insensitive',
      { StringEquals: { 'AWS:RequestedRegion': 'ap-southeast-2' } },
      { 'aws:requestedregion': 'ap-southeast-2' },
      'Allow',
    ],
    [
      'StringLike wildcards',
      { StringLike: { 'bedrock:InferenceProfileArn': 'arn:aws:bedrock:*:111111111111:inference-profile/au.*' } },
      { 'bedrock:InferenceProfileArn': PROFILE },
      'Allow',
    ],
    ['values OR together', { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'ap-southeast-2'] } }, { 'aws:RequestedRegion': 'ap-southeast-2' }, 'Allow'],
    [
      'keys AND together',
      { StringEquals: { 'aws:RequestedRegion': 'ap-southeast-2', 'aws:PrincipalTag/team': 'ai' } },
      { 'aws:RequestedRegion': 'ap-southeast-2' },
      'ImplicitDeny',
    ],
    ['a missing key fails a positive operator', { StringEquals: { 'aws:PrincipalTag/team': 'ai' } }, {}, 'ImplicitDeny'],
    ['a missing key satisfies a negated operator', { StringNotEquals: { 'aws:PrincipalTag/team': 'ai' } }, {}, 'Allow'],
    ['IfExists passes a missing key', { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'ai' } }, {}, 'Allow'],
    ['IfExists still checks a present key', { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'ai' } }, { 'aws:PrincipalTag/team': 'ops' }, 'ImplicitDeny'],
    ['Null true: key absent', { Null: { 'bedrock:InferenceProfileArn': 'true' } }, {}, 'Allow'],
    ['Null false: key present', { Null: { 'bedrock:InferenceProfileArn': 'false' } }, {}, 'ImplicitDeny'],
    ['NumericLessThan', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '120' }, 'Allow'],
    ['Numeric on a non-number never matches', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': 'soon' }, 'ImplicitDeny'],
    [
      'DateGreaterThan (ISO and epoch)',
      { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } },
      { 'aws:CurrentTime': String(Date.parse('2026-06-01T00:00:00Z') / 1000) },
      'Allow',
    ],
    ['Bool', { Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'TRUE' }, 'Allow'],
    ['IpAddress in a CIDR', { IpAddress: { 'aws:SourceIp': '10.0.0.0/16' } }, { 'aws:SourceIp': '10.0.3.4' }, 'Allow'],
    ['NotIpAddress', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/16' } }, { 'aws:SourceIp': '10.0.3.4' }, 'ImplicitDeny'],
    ['IPv6 CIDR', { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8::7' }, 'Allow'],
    ['ArnLike segment-wise', { ArnLike: { 'aws:SourceArn': 'arn:aws:bedrock:*:111111111111:*' } }, { 'aws:SourceArn': PROFILE }, 'Allow'],
    [
      'ArnEquals does not let * span the account segment',
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:bedrock:ap-southeast-6*:inference-profile/*' } },
      { 'aws:SourceArn': PROFILE },
      'ImplicitDeny',
    ],
    ['BinaryEquals compares base64 text', { BinaryEquals: { 'custom:blob': 'QmluYXJ5' } }, { 'custom:blob': 'QmluYXJ5' }, 'Allow'],
    ['ForAnyValue: one match is enough', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team', 'env'] } }, { 'aws:TagKeys': ['cost', 'env'] }, 'Allow'],
    ['ForAnyValue: absent key fails', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } }, {}, 'ImplicitDeny'],
    [
      'ForAllValues: every value must match',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } },
      { 'aws:TagKeys': ['team', 'cost'] },
      'ImplicitDeny',
    ],
    ['ForAllValues: absent key passes', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, {}, 'Allow'],
    ['ForAllValues with a negated operator', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['team', 'env'] }, 'Allow'],
    [
      'policy variable in a condition value',
      { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } },
      { 'aws:PrincipalTag/owner': 'ana', 'aws:username': 'ana' },
      'Allow',
    ],
    [
      'a policy variable without value or default never matches',
      { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } },
      { 'aws:PrincipalTag/owner': 'ana' },
      'ImplicitDeny',
    ],
    ['a policy variable default', { StringEquals: { 'aws:PrincipalTag/owner': "${aws:username, 'nobody'}" } }, { 'aws:PrincipalTag/owner': 'nobody' }, 'Allow'],
  ])('%s', (_name, condition, context, expected) => {
    expect(verdict(condition, context as PolicyRequest['context'])).toBe(expected);
  });

  test('an unknown operator is rejected, as IAM rejects the policy', () => {
    expect(() => verdict({ StringSortOf: { 'aws:x': 'y' } }, {})).toThrow(/unknown condition operator/);
  });
});

describe('resources and variables', () => {
  test('NotAction and NotResource', () => {
    const document = doc({ Effect: 'Allow', NotAction: 'iam:*', NotResource: MODEL('us-east-1') });
    expect(evaluate(request(PROFILE), only(document)).decision).toBe('Allow');
    expect(evaluate(request(MODEL('us-east-1')), only(document)).decision).toBe('ImplicitDeny');
    expect(evaluate(request(PROFILE, {}, 'iam:PassRole'), only(document)).decision).toBe('ImplicitDeny');
  });

  test('policy variables in Resource; ${*} is a literal asterisk', () => {
    const document = doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::home/${aws:username}/${*}' });
    const s3 = (key: string, user = 'ana'): PolicyRequest => ({
      principal: ROLE,
      action: 's3:GetObject',
      resource: `arn:aws:s3:::home/${key}`,
      // S3 ARNs name no account: the bucket owner is given, as AWS knows it.
      resourceAccount: '111111111111',
      context: { 'aws:username': user },
    });
    expect(evaluate(s3('ana/*'), only(document)).decision).toBe('Allow');
    expect(evaluate(s3('ana/file'), only(document)).decision).toBe('ImplicitDeny');
    expect(evaluate(s3('bob/*'), only(document)).decision).toBe('ImplicitDeny');
  });

  test('a Resource wildcard stays inside its ARN segment', () => {
    expect(evaluate(request(PROFILE), only(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:bedrock:ap-*:inference-profile/*' }))).decision).toBe(
      'ImplicitDeny',
    );
    expect(evaluate(request(PROFILE), only(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:bedrock:ap-*:*:inference-profile/*' }))).decision).toBe(
      'Allow',
    );
  });
});
