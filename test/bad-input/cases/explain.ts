/** Bad `crisp explain` requests: exit 2 at the request's file:line:col and field; an unreadable target is exit 3. */
import type { BadInputCase } from '../harness.ts';

const REQUEST = {
  principal: 'arn:aws:iam::111111111111:role/bedrock-app',
  action: 'bedrock:InvokeModel',
  resource: 'arn:aws:bedrock:ap-southeast-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
  policies: {
    identity: [
      {
        name: 'bedrock-cris',
        document: { Version: '2012-10-17', Statement: [{ Sid: 'AllowBedrock', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] },
      },
    ],
  },
};

/** The request, pretty-printed (so fields have lines of their own), with `change` applied. */
const request = (change: (value: any) => void = () => {}): string => {
  const value = structuredClone(REQUEST) as any;
  change(value);
  return JSON.stringify(value, null, 2) + '\n';
};

const explain = (name: string, text: string, at: string, says: RegExp, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  name: `explain: ${name}`,
  category: 'explain',
  files: { 'request.json': text },
  args: ['explain', '--request', '@/request.json'],
  at,
  says,
  ...extra,
});

export const EXPLAIN_CASES: BadInputCase[] = [
  {
    name: 'explain: no such request file',
    category: 'explain',
    args: ['explain', '--request', '@/missing.json'],
    at: '@/missing.json',
    says: /^cannot read file: ENOENT/,
  },
  {
    name: 'explain: a device as the request file',
    category: 'explain',
    args: ['explain', '--request', '/dev/zero'],
    at: '/dev/zero',
    says: /^cannot read file: it is a device/,
  },
  explain('a JSON syntax error', '{ "principal": "arn:aws:iam::111111111111:role/app"\n', '@/request.json:2:1', /^YAML syntax error/),
  explain(
    'an alias bomb',
    'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
    '@/request.json:2:8',
    /alias bomb/,
  ),
  explain('an empty list', '[]\n', '@/request.json', /^the file holds an empty list of requests/),
  explain(
    'the second request of a list lacks an action',
    JSON.stringify([REQUEST, { ...REQUEST, action: undefined }], null, 2) + '\n',
    '@/request.json:*:3',
    /^request: .*expected string/,
    { field: '[1].action' },
  ),
  explain(
    'JSON Lines with a broken line',
    `${JSON.stringify(REQUEST)}\n${JSON.stringify(REQUEST).slice(0, 40)}\n${JSON.stringify(REQUEST)}\n`,
    '@/request.json:2:1',
    /^YAML syntax error/,
  ),
  explain(
    'a principal that is no ARN',
    request((value) => (value.principal = 'bedrock-app')),
    '@/request.json:2:16',
    /^request: a service principal looks like/,
    {
      field: 'principal',
    },
  ),
  explain(
    'an action without its service',
    request((value) => (value.action = 'InvokeModel')),
    '@/request.json:3:13',
    /^request: must be service:Action/,
    {
      field: 'action',
    },
  ),
  explain(
    'an empty resource',
    request((value) => (value.resource = '')),
    '@/request.json:4:15',
    /^request: .*>=1/,
    { field: 'resource' },
  ),
  explain(
    'an unknown field',
    request((value) => (value.principle = 'x')),
    '@/request.json:1:1',
    /^request: [Uu]nrecognized key.*principle/,
  ),
  explain(
    'an expectation that is no decision',
    request((value) => (value.expect = 'Denied')),
    '@/request.json:*:13',
    /^request: Invalid option/,
    {
      field: 'expect',
    },
  ),
  explain(
    'a resourceAccount that is no account id',
    request((value) => (value.resourceAccount = 'me')),
    '@/request.json:*:22',
    /must be a 12-digit account id/,
    {
      field: 'resourceAccount',
    },
  ),
  explain(
    'a context value that is an object',
    request((value) => (value.context = { 'aws:SourceVpc': { id: 'vpc-1' } })),
    '@/request.json:*:*',
    /^request: Invalid input/,
    {
      field: 'context.aws:SourceVpc',
    },
  ),
  explain(
    'no policies and no --target',
    request((value) => delete value.policies),
    '@/request.json:1:1',
    /^the request has no "policies": give them inline, or pass --target/,
  ),
  explain(
    'an unknown condition operator, located at the operator',
    request((value) => (value.policies.identity[0].document.Statement[0].Condition = { StringEqualsBogus: { 'aws:RequestedRegion': 'ap-southeast-2' } })),
    '@/request.json:18:*',
    /^identity policy bedrock-cris, statement AllowBedrock: unknown condition operator StringEqualsBogus/,
    { field: 'policies.identity[0].document.Statement[0].Condition.StringEqualsBogus', spawn: true },
  ),
  explain(
    'a Principal in an identity policy',
    request((value) => (value.policies.identity[0].document.Statement[0].Principal = '*')),
    '@/request.json:12:*',
    /^identity policy bedrock-cris, statement AllowBedrock: Principal and NotPrincipal do not belong in an identity policy/,
    { field: 'policies.identity[0].document.Statement[0]' },
  ),
  explain(
    'a statement with neither Action nor NotAction',
    request((value) => delete value.policies.identity[0].document.Statement[0].Action),
    '@/request.json:*:*',
    /a statement needs Action or NotAction/,
    { field: 'policies.identity[0].document.Statement[0]' },
  ),
  explain(
    'an Effect that is neither Allow nor Deny',
    request((value) => (value.policies.identity[0].document.Statement[0].Effect = 'Permit')),
    '@/request.json:*:*',
    /Invalid option/,
    {
      field: 'policies.identity[0].document.Statement[0].Effect',
    },
  ),
  explain(
    'an S3 object without its resourceAccount',
    request((value) => {
      value.action = 's3:GetObject';
      value.resource = 'arn:aws:s3:::bucket/key';
    }),
    '@/request.json:1:1',
    /resourceAccount/,
  ),
  {
    name: 'explain: --target that does not exist',
    category: 'explain',
    files: { 'request.json': request((value) => delete value.policies) },
    args: ['explain', '--request', '@/request.json', '--target', '@/missing.yaml'],
    at: '@/missing.yaml',
    says: /^cannot read file: ENOENT/,
  },
  {
    name: 'explain: --target with a bad key',
    category: 'explain',
    files: { 'request.json': request((value) => delete value.policies), 'target.yaml': 'kind: moto\nendpoint: ftp://x\n' },
    args: ['explain', '--request', '@/request.json', '--target', '@/target.yaml'],
    at: '@/target.yaml:2:11',
    field: 'endpoint',
    says: /^target: must be an http\(s\) URL/,
  },
  {
    name: 'explain: --target for a service principal',
    category: 'explain',
    files: { 'request.json': request((value) => ((value.principal = 'lambda.amazonaws.com'), delete value.policies)) },
    args: ['explain', '--request', '@/request.json', '--target', '@fx/moto.yaml'],
    at: '@/request.json:1:1',
    says: /--target reads an IAM principal's policies/,
  },
  {
    name: 'explain: an unreachable --target is incomplete (exit 3), one line',
    category: 'explain',
    files: { 'request.json': request((value) => delete value.policies) },
    args: ['explain', '--request', '@/request.json', '--target', '@fx/moto.yaml'],
    exit: 3,
    says: /^crisp: cannot explain: target unreachable: cannot reach moto at http:\/\/127\.0\.0\.1:1: ECONNREFUSED$/,
    spawn: true,
  },
];
