/**
 * Seeded generator of policy-evaluation cases shaped like crisp's domain:
 * Bedrock invocations on inference profiles and foundation models, identity
 * policies, SCP levels and permission boundaries built from wildcards,
 * NotAction/NotResource and every condition family, over context keys IAM
 * accepts for bedrock:InvokeModel. Deterministic for a given seed.
 */
import type { PolicyDocument, PolicyRequest, PolicySet, Statement } from '../../harness/policy/types.ts';
import { seededRandom } from '../../harness/stats/latency-stats.ts';
import { generateResourceCases } from './generate-resource-cases.ts';

const ACCOUNT = '111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const MODEL_ID = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const REGIONS = ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6', 'us-east-1', 'eu-west-1'];
const PROFILES = [
  `arn:aws:bedrock:ap-southeast-6:${ACCOUNT}:inference-profile/au.${MODEL_ID}`,
  `arn:aws:bedrock:ap-southeast-2:${ACCOUNT}:inference-profile/au.${MODEL_ID}`,
  `arn:aws:bedrock:ap-southeast-6:${ACCOUNT}:inference-profile/global.${MODEL_ID}`,
  `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.${MODEL_ID}`,
  `arn:aws:bedrock:ap-southeast-6:222222222222:inference-profile/au.${MODEL_ID}`,
];
const MODELS = [...REGIONS.map((region) => `arn:aws:bedrock:${region}::foundation-model/${MODEL_ID}`), `arn:aws:bedrock:::foundation-model/${MODEL_ID}`];
const ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

export interface PolicyCase {
  request: PolicyRequest;
  policies: PolicySet;
}

export function generateCases(count: number, seed = 20261121): PolicyCase[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const some = <T>(items: readonly T[], max = 3): T[] => [...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(items)))];

  const actionPatterns = [
    'bedrock:InvokeModel',
    'bedrock:InvokeModelWithResponseStream',
    'bedrock:Invoke*',
    'bedrock:*',
    '*',
    'bedrock:InvokeModel?',
    'BEDROCK:invokemodel',
    's3:GetObject',
  ];
  const resourcePatterns = [
    ...PROFILES,
    ...MODELS,
    '*',
    `arn:aws:bedrock:*:${ACCOUNT}:inference-profile/*`,
    `arn:aws:bedrock:ap-southeast-*:${ACCOUNT}:inference-profile/au.*`,
    'arn:aws:bedrock:*::foundation-model/*',
    `arn:aws:bedrock:ap-southeast-?::foundation-model/${MODEL_ID}`,
    'arn:aws:bedrock:*:*:*',
    `arn:aws:bedrock:::foundation-model/*`,
  ];

  const condition = (): Statement['Condition'] => {
    const operator = pick([
      ['StringEquals', 'bedrock:InferenceProfileArn', () => pick(PROFILES)],
      [
        'StringLike',
        'bedrock:InferenceProfileArn',
        () => pick([`arn:aws:bedrock:*:${ACCOUNT}:inference-profile/au.*`, 'arn:aws:bedrock:*:*:inference-profile/*', `*${MODEL_ID}`]),
      ],
      ['StringNotEquals', 'bedrock:InferenceProfileArn', () => pick(PROFILES)],
      ['ArnLike', 'bedrock:InferenceProfileArn', () => pick([`arn:aws:bedrock:*:${ACCOUNT}:inference-profile/*`, 'arn:aws:bedrock:ap-southeast-6:*:*'])],
      ['ArnEquals', 'bedrock:InferenceProfileArn', () => pick(PROFILES)],
      ['Null', 'bedrock:InferenceProfileArn', () => pick(['true', 'false'])],
      ['StringEquals', 'aws:RequestedRegion', () => pick([...REGIONS, 'unspecified'])],
      ['StringNotEquals', 'aws:RequestedRegion', () => pick([...REGIONS, 'unspecified'])],
      ['StringEqualsIfExists', 'bedrock:InferenceProfileArn', () => pick(PROFILES)],
      ['StringNotEqualsIfExists', 'aws:RequestedRegion', () => pick(REGIONS)],
      ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', () => pick(['AI', 'ops'])],
      ['ForAnyValue:StringEquals', 'aws:PrincipalTag/team', () => pick(['ai', 'ops'])],
      ['ForAllValues:StringLike', 'aws:RequestedRegion', () => pick(['ap-*', 'us-*'])],
      ['IpAddress', 'aws:SourceIp', () => pick(['10.0.0.0/16', '10.1.0.0/16'])],
      ['NotIpAddress', 'aws:SourceIp', () => pick(['10.0.0.0/16'])],
      ['Bool', 'aws:SecureTransport', () => pick(['true', 'false'])],
      ['NumericLessThan', 'aws:MultiFactorAuthAge', () => pick(['600', '3600'])],
      ['DateGreaterThan', 'aws:CurrentTime', () => pick(['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'])],
    ] as const);
    const [name, key, value] = operator;
    const values = chance(0.3) ? [value(), value()] : value();
    const block: Record<string, Record<string, unknown>> = { [name]: { [key]: values } };
    if (chance(0.2)) {
      const [name2, key2, value2] = pick([
        ['StringEquals', 'aws:PrincipalTag/team', (): string => 'ai'],
        ['Bool', 'aws:SecureTransport', (): string => 'true'],
      ] as const);
      block[name2] = { ...(block[name2] ?? {}), [key2]: value2() };
    }
    return block;
  };

  const statement = (denyChance: number): Statement => {
    const effect = chance(denyChance) ? 'Deny' : 'Allow';
    const result: Statement = { Effect: effect };
    if (chance(0.12)) result.NotAction = some(actionPatterns, 2);
    else result.Action = some(actionPatterns, 2);
    if (chance(0.1)) result.NotResource = some(resourcePatterns, 2);
    else result.Resource = some(resourcePatterns, 3);
    if (chance(0.6)) result.Condition = condition();
    return result;
  };
  const document = (statements: number, denyChance: number): PolicyDocument => ({
    Version: '2012-10-17',
    Statement: Array.from({ length: statements }, () => statement(denyChance)),
  });
  const fullAccess: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

  return Array.from({ length: count }, () => {
    const resource = chance(0.45) ? pick(PROFILES) : pick(MODELS);
    const context: PolicyRequest['context'] = {};
    if (chance(0.6)) context['bedrock:InferenceProfileArn'] = pick(PROFILES);
    if (chance(0.5)) context['aws:RequestedRegion'] = pick([...REGIONS, 'unspecified']);
    if (chance(0.3)) context['aws:PrincipalTag/team'] = pick(['ai', 'AI', 'ops']);
    if (chance(0.3)) context['aws:SourceIp'] = pick(['10.0.3.4', '10.1.0.9', '192.0.2.1']);
    if (chance(0.3)) context['aws:SecureTransport'] = pick(['true', 'false']);
    if (chance(0.2)) context['aws:MultiFactorAuthAge'] = pick(['120', '7200']);
    if (chance(0.2)) context['aws:CurrentTime'] = pick(['2026-06-01T00:00:00Z', '2027-06-01T00:00:00Z']);
    const policies: PolicySet = {
      identity: Array.from({ length: 1 + Math.floor(random() * 2) }, (_, index) => ({
        name: `identity-${index}`,
        document: document(1 + Math.floor(random() * 3), 0.25),
      })),
    };
    if (chance(0.5)) {
      policies.scps = ['r-root', 'ou-apps', ACCOUNT].slice(0, 1 + Math.floor(random() * 3)).map((id) => ({
        id,
        policies: chance(0.75)
          ? [{ name: 'FullAWSAccess', document: fullAccess }, ...(chance(0.4) ? [{ name: `guard-${id}`, document: document(1, 0.8) }] : [])]
          : [{ name: `allow-list-${id}`, document: document(1, 0.1) }],
      }));
    }
    if (chance(0.2)) policies.boundary = { name: 'boundary', document: document(1 + Math.floor(random() * 2), 0.1) };
    return { request: { principal: ROLE, action: pick(ACTIONS), resource, context }, policies };
  });
}

/** Every generated shape: Bedrock-shaped cases and the resource-policy shapes, interleaved (`count` of each). */
export function generateAllCases(count: number, seed = 20261121): PolicyCase[] {
  const bedrock = generateCases(count, seed);
  const resources = generateResourceCases(count, seed + 1);
  return bedrock.flatMap((policyCase, index) => [policyCase, resources[index]!]);
}
