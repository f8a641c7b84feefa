/**
 * Seeded generator of the evaluation shapes beyond identity policies and SCPs:
 * resource policies naming the caller in every way (user, role, session,
 * account by id and by root ARN, `*`, a service, NotPrincipal with Deny),
 * same- and cross-account callers, role sessions with session policies,
 * permission boundaries, RCPs, VPC endpoint policies, KMS key policies, role
 * trust policies, AWS-managed policy ARNs, sts:GetCallerIdentity, service and
 * anonymous callers, S3 objects with an explicit resource account, and
 * wildcard resources. Deterministic for a given seed.
 */
import type { PolicyDocument, PolicyRequest, PolicySet, Statement } from '../../harness/policy/types.ts';
import { seededRandom } from '../../harness/stats/latency-stats.ts';
import type { PolicyCase } from './generate-cases.ts';

const A = '111111111111';
const B = '222222222222';

interface Caller {
  principal: string;
  principalType?: PolicyRequest['principalType'];
  account?: string;
  /** A role session: session policies can apply. */
  session?: boolean;
}

const CALLERS: Caller[] = [
  { principal: `arn:aws:iam::${A}:user/alice`, account: A },
  { principal: `arn:aws:sts::${A}:assumed-role/app/s1`, account: A, session: true },
  { principal: `arn:aws:iam::${B}:user/bob`, account: B },
  { principal: `arn:aws:sts::${B}:assumed-role/app/s1`, account: B, session: true },
  { principal: 'lambda.amazonaws.com', principalType: 'Service' },
  { principal: '', principalType: 'Anonymous' },
];

/** A resource, the actions asked of it, and how it is owned. */
interface Target {
  resource: string;
  actions: string[];
  resourceAccount?: string;
  wildcard?: boolean;
  /** Patterns a policy may use for it (the exact ARN first). */
  patterns: string[];
  /** Whether it has a resource policy: always (a key policy, a trust policy), sometimes (a bucket or queue policy), never. */
  resourcePolicy: 'always' | 'sometimes' | 'never';
}

const KEY = `arn:aws:kms:ap-southeast-2:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TARGETS: Target[] = [
  {
    resource: 'arn:aws:s3:::reports/q3.csv',
    actions: ['s3:GetObject', 's3:PutObject'],
    resourceAccount: A,
    patterns: ['arn:aws:s3:::reports/q3.csv', 'arn:aws:s3:::reports/*', 'arn:aws:s3:::*', '*', 'arn:aws:s3:::other/*'],
    resourcePolicy: 'sometimes',
  },
  {
    resource: 'arn:aws:s3:::reports/*',
    actions: ['s3:GetObject'],
    resourceAccount: A,
    wildcard: true,
    patterns: ['arn:aws:s3:::reports/*', 'arn:aws:s3:::reports/public/*', 'arn:aws:s3:::*', '*', 'arn:aws:s3:::other/*'],
    resourcePolicy: 'sometimes',
  },
  {
    resource: KEY,
    actions: ['kms:Decrypt', 'kms:Encrypt'],
    patterns: [KEY, `arn:aws:kms:*:${A}:key/*`, '*', `arn:aws:kms:*:${B}:key/*`],
    resourcePolicy: 'always',
  },
  {
    resource: `arn:aws:iam::${A}:role/target`,
    actions: ['sts:AssumeRole', 'sts:TagSession'],
    patterns: [`arn:aws:iam::${A}:role/target`, `arn:aws:iam::${A}:role/*`, '*'],
    resourcePolicy: 'always',
  },
  {
    resource: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    actions: ['iam:GetPolicy', 'iam:GetPolicyVersion'],
    patterns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/*', '*', `arn:aws:iam::${A}:policy/*`],
    resourcePolicy: 'never',
  },
  { resource: '*', actions: ['sts:GetCallerIdentity'], patterns: ['*', 'arn:aws:sts::*:*'], resourcePolicy: 'never' },
  {
    resource: `arn:aws:sqs:ap-southeast-2:${A}:jobs`,
    actions: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
    patterns: [`arn:aws:sqs:ap-southeast-2:${A}:jobs`, `arn:aws:sqs:*:${A}:*`, '*', `arn:aws:sqs:*:${B}:*`],
    resourcePolicy: 'sometimes',
  },
];

export function generateResourceCases(count: number, seed = 20261201): PolicyCase[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const some = <T>(items: readonly T[], max = 2): T[] => [...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(items)))];

  /** Ways a Principal element can name (or miss) the callers. */
  const principals: unknown[] = [
    '*',
    { AWS: '*' },
    { AWS: A },
    { AWS: `arn:aws:iam::${A}:root` },
    { AWS: `arn:aws:iam::${B}:root` },
    { AWS: B },
    { AWS: `arn:aws:iam::${A}:user/alice` },
    { AWS: `arn:aws:iam::${A}:role/app` },
    { AWS: `arn:aws:sts::${A}:assumed-role/app/s1` },
    { AWS: `arn:aws:iam::${B}:user/bob` },
    { AWS: `arn:aws:iam::${B}:role/app` },
    { AWS: [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${B}:role/app`] },
    { Service: 'lambda.amazonaws.com' },
    { Service: 'ec2.amazonaws.com' },
  ];

  const condition = (): Statement['Condition'] | undefined => {
    if (!chance(0.35)) return undefined;
    return pick<Statement['Condition']>([
      { Bool: { 'aws:SecureTransport': 'true' } },
      { StringEquals: { 'aws:PrincipalAccount': pick([A, B]) } },
      { StringNotEquals: { 'aws:PrincipalAccount': A } },
      { StringEquals: { 'aws:SourceVpce': 'vpce-0abc' } },
      { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-0abc' } },
      { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abc/r-ab12/ou-*' } },
      { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:*` } },
      { Null: { 'aws:PrincipalArn': 'false' } },
    ]);
  };

  /**
   * One statement for a kind of policy: identity-side policies name no principal; resource policies name
   * principals in every way; RCPs and (for comparability: iam-simulate accepts no other) endpoint policies
   * name `*`; RCPs have no NotAction and no bare `*` action.
   */
  const statement = (target: Target, action: string, effect: 'Allow' | 'Deny', kind: 'identity' | 'resource' | 'rcp' | 'endpoint'): Statement => {
    const result: Statement = { Effect: effect };
    const service = action.split(':')[0]!;
    const actions = some(kind === 'rcp' ? [action, ...target.actions, `${service}:*`] : [action, ...target.actions, `${service}:*`, '*']);
    if (kind !== 'rcp' && chance(0.08)) result.NotAction = some([`${service}:List*`, 'ec2:*']);
    else result.Action = actions;
    if (chance(0.08)) result.NotResource = some(target.patterns.slice(1));
    else result.Resource = some(target.patterns);
    if (kind === 'resource') {
      if (effect === 'Deny' && chance(0.15)) result.NotPrincipal = pick(principals.filter((principal) => principal !== '*'));
      else result.Principal = pick(principals);
    } else if (kind !== 'identity') result.Principal = '*';
    const block = condition();
    if (block) result.Condition = block;
    return result;
  };
  const document = (
    target: Target,
    action: string,
    statements: number,
    denyChance: number,
    kind: Parameters<typeof statement>[3] = 'identity',
  ): PolicyDocument => ({
    Version: '2012-10-17',
    Statement: Array.from({ length: statements }, () => statement(target, action, chance(denyChance) ? 'Deny' : 'Allow', kind)),
  });
  const fullAccess: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

  return Array.from({ length: count }, () => {
    const target = pick(TARGETS);
    const action = pick(target.actions);
    const caller = pick(CALLERS);
    const signedIn = caller.account !== undefined;
    const context: PolicyRequest['context'] = {};
    if (chance(0.5)) context['aws:SecureTransport'] = pick(['true', 'false']);
    if (signedIn) {
      context['aws:PrincipalAccount'] = caller.account!;
      context['aws:PrincipalArn'] = caller.session
        ? caller.principal.replace(/^arn:aws:sts::(\d+):assumed-role\/([^/]+)\/.*$/, 'arn:aws:iam::$1:role/$2')
        : caller.principal;
      if (chance(0.3)) context['aws:PrincipalOrgPaths'] = [pick(['o-abc/r-ab12/ou-ab12-apps/', 'o-abc/r-ab12/'])];
    }
    if (chance(0.3)) context['aws:SourceVpce'] = pick(['vpce-0abc', 'vpce-0def']);
    const policies: PolicySet = {
      identity: signedIn
        ? Array.from({ length: Math.floor(random() * 3) }, (_, index) => ({
            name: `identity-${index}`,
            document: document(target, action, 1 + Math.floor(random() * 2), 0.2),
          }))
        : [],
    };
    if (target.resourcePolicy === 'always' || (target.resourcePolicy === 'sometimes' && chance(0.8)))
      policies.resource = { name: 'resource', document: document(target, action, 1 + Math.floor(random() * 3), 0.2, 'resource') };
    if (signedIn && chance(0.25)) policies.boundary = { name: 'boundary', document: document(target, action, 1, 0.1) };
    if (caller.session && chance(0.3)) policies.session = [{ name: 'session', document: document(target, action, 1, 0.1) }];
    if (signedIn && chance(0.25)) {
      policies.scps = ['r-ab12', 'ou-ab12-apps'].map((id) => ({
        id,
        policies: [
          { name: 'FullAWSAccess', document: fullAccess },
          ...(chance(0.4) ? [{ name: `guard-${id}`, document: document(target, action, 1, 0.7) }] : []),
        ],
      }));
    }
    if (target.resourcePolicy !== 'never' && chance(0.2))
      policies.rcps = [{ id: 'r-ab12', policies: [{ name: 'rcp-guard', document: document(target, action, 1, 1, 'rcp') }] }];
    if (chance(0.15)) policies.endpoint = [{ name: 'vpce-0abc', document: document(target, action, 1, 0.2, 'endpoint') }];
    const request: PolicyRequest = {
      principal: caller.principal,
      ...(caller.principalType ? { principalType: caller.principalType } : {}),
      action,
      resource: target.resource,
      ...(target.resourceAccount ? { resourceAccount: target.resourceAccount } : {}),
      ...(target.wildcard ? { wildcardResource: true } : {}),
      context,
    };
    return { request, policies };
  });
}
