/** Bad target files: refused before anything starts (no lab, no moto), at file:line:col and field. */
import { FOLDER, type BadInputCase } from '../harness.ts';

const run = (...extra: string[]) => ['run', '@suite', '--target', '@/target.yaml', '--vars', '@fx/vars.json', ...extra];

const target = (name: string, text: string, at: string, says: RegExp, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  name: `target: ${name}`,
  category: 'target',
  files: { 'target.yaml': text },
  args: run(),
  at,
  says,
  ...extra,
});

export const TARGET_CASES: BadInputCase[] = [
  {
    name: 'target: no such file',
    category: 'target',
    args: ['run', '@suite', '--target', '@/missing.yaml'],
    at: '@/missing.yaml',
    says: /^cannot read file: ENOENT/,
  },
  {
    name: 'target: a folder',
    category: 'target',
    files: { targets: FOLDER },
    args: ['run', '@suite', '--target', '@/targets'],
    at: '@/targets',
    says: /^cannot read file: it is a folder, not a file/,
  },
  target('an empty file', '', '@/target.yaml', /^target: Invalid discriminator value\. Expected 'lab' \| 'moto' \| 'localstack' \| 'aws'/, { field: 'kind' }),
  target('a list', '- kind: moto\n', '@/target.yaml:1:1', /^target: Invalid input: expected object, received array/),
  target('an unknown kind', 'kind: azure\n', '@/target.yaml:1:7', /^target: Invalid discriminator value/, { field: 'kind' }),
  target('a JSON syntax error', '{ "kind": "moto", "endpoint": "http://127.0.0.1:1"\n', '@/target.yaml:2:1', /^YAML syntax error/),
  target(
    'an alias bomb',
    'kind: moto\nendpoint: http://127.0.0.1:1\nx: &x [1,1,1,1,1,1,1,1,1,1]\ny: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x,*x]\nz: &z [*y,*y,*y,*y,*y,*y,*y,*y,*y,*y]\n',
    '@/target.yaml:4:8',
    /alias bomb/,
  ),
  target('an endpoint that is not http(s)', 'kind: moto\nendpoint: ftp://example\n', '@/target.yaml:2:11', /^target: must be an http\(s\) URL/, {
    field: 'endpoint',
  }),
  target('a moto target without an endpoint', 'kind: moto\n', '@/target.yaml:1:1', /^target: must be an http\(s\) URL/, { field: 'endpoint' }),
  target('an unknown key', 'kind: moto\nendpoint: http://127.0.0.1:1\nendpiont: http://127.0.0.1:2\n', '@/target.yaml:1:1', /[Uu]nrecognized key.*endpiont/),
  target(
    'a service endpoint carrying a password',
    'kind: moto\nendpoint: http://127.0.0.1:1\nendpoints:\n  sts: http://user:secret@127.0.0.1:2\n',
    '@/target.yaml:4:8',
    /must not carry a user name or password/,
    { field: 'endpoints.sts' },
  ),
  target(
    'an endpoint for a service crisp does not call',
    'kind: moto\nendpoint: http://127.0.0.1:1\nendpoints:\n  bedrock-runtime: http://127.0.0.1:2\n',
    '@/target.yaml:4:20',
    /^target: unknown service 'bedrock-runtime': must be one of the services crisp calls/,
    { field: 'endpoints.bedrock-runtime' },
  ),
  target(
    'an account id that is not 12 digits',
    'kind: aws\naccounts:\n  "1234": { profile: dev }\n',
    '@/target.yaml:3:*',
    /^target: account ids are 12 digits/,
    {
      field: 'accounts.1234',
    },
  ),
  target(
    'a roleArn that is not an ARN',
    'kind: aws\naccounts:\n  "111111111111": { roleArn: admin }\n',
    '@/target.yaml:3:*',
    /^target: must be an IAM role ARN/,
    {
      field: 'accounts.111111111111.roleArn',
    },
  ),
  target(
    'a resolver that is not host:port',
    'kind: moto\nendpoint: http://127.0.0.1:1\ndataPlane:\n  resolver: 10.0.0.2\n',
    '@/target.yaml:4:13',
    /must be host:port/,
    { field: 'dataPlane.resolver' },
  ),
  target(
    'a connect map key that is not host:port',
    'kind: moto\nendpoint: http://127.0.0.1:1\ndataPlane:\n  connect:\n    10.1.1.5: 127.0.0.1:8443\n',
    '@/target.yaml:5:*',
    /^target: must be host:port/,
    { field: 'dataPlane.connect.10.1.1.5' },
  ),
  target(
    'a vantage crisp does not know',
    'kind: moto\nendpoint: http://127.0.0.1:1\ndataPlane:\n  vantage: on-prem\n',
    '@/target.yaml:4:12',
    /Invalid option/,
    {
      field: 'dataPlane.vantage',
    },
  ),
  {
    name: 'target: a caFile that does not exist',
    category: 'target',
    files: { 'target.yaml': 'kind: moto\nendpoint: http://127.0.0.1:1\ndataPlane:\n  caFile: missing-ca.pem\n' },
    args: run(),
    at: '@/target.yaml',
    says: /^dataPlane\.caFile .*missing-ca\.pem cannot be read: ENOENT/,
  },
  target('a lab scale of 0', 'kind: lab\nscale: 0\n', '@/target.yaml:2:8', /expected number to be >=1/, { field: 'scale' }),
  target('a lab scale of 1000', 'kind: lab\nscale: 1000\n', '@/target.yaml:2:8', /expected number to be <=100/, { field: 'scale' }),
  target(
    'an unknown lab fault: before moto starts, at file:line:col',
    'kind: lab\nfault: no-such-fault\n',
    '@/target.yaml:2:8',
    /^target: unknown lab fault 'no-such-fault'/,
    {
      field: 'fault',
      spawn: true,
    },
  ),
  target('an unknown lab shape', 'kind: lab\nshapes: [no-such-shape]\n', '@/target.yaml:2:10', /^target: unknown lab shape 'no-such-shape'/, {
    field: 'shapes[0]',
  }),
  target('a lab design crisp does not know', 'kind: lab\ndesign: hub-and-spoke\n', '@/target.yaml:2:9', /Invalid option/, { field: 'design' }),
  target('LocalStack without an endpoint or start', 'kind: localstack\n', '@/target.yaml:1:1', /give an endpoint, or start: true/),
];
