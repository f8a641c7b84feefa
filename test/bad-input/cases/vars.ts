/** Bad vars files: refused before anything runs, naming the vars file (or the suite line the value lands on). */
import { FOLDER, type BadInputCase } from '../harness.ts';

const run = (...vars: string[]) => ['run', '@suite', '--target', '@fx/moto.yaml', ...vars.flatMap((file) => ['--vars', file])];

const vars = (name: string, text: string | Buffer, at: string, says: RegExp, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  name: `vars: ${name}`,
  category: 'vars',
  files: { 'vars.json': text },
  args: run('@/vars.json'),
  at,
  says,
  ...extra,
});

export const VARS_CASES: BadInputCase[] = [
  {
    name: 'vars: no such file',
    category: 'vars',
    args: run('@/missing.json'),
    at: '@/missing.json',
    says: /^cannot read file: ENOENT/,
  },
  {
    name: 'vars: the second of two files is missing',
    category: 'vars',
    args: run('@fx/vars.json', '@/missing.json'),
    at: '@/missing.json',
    says: /^cannot read file: ENOENT/,
  },
  {
    name: 'vars: a folder',
    category: 'vars',
    files: { vars: FOLDER },
    args: run('@/vars'),
    at: '@/vars',
    says: /^cannot read file: it is a folder, not a file/,
  },
  {
    name: 'vars: a device that never ends',
    category: 'vars',
    args: run('/dev/zero'),
    at: '/dev/zero',
    says: /^cannot read file: it is a device, not a file/,
    spawn: true,
  },
  vars('a JSON list', '["vpc-0a"]\n', '@/vars.json:1:1', /^(a vars file must hold a map of variable names to values|this vars file holds a list)/),
  vars('a bare string', '"vpc-0a"\n', '@/vars.json:1:1', /^a vars file must hold a map/),
  vars('null', 'null\n', '@/vars.json:1:1', /^a vars file must hold a map/),
  vars('an empty file', '', '@/vars.json', /^a vars file must hold a map/),
  vars('a JSON syntax error', '{ "app_vpc_id": "vpc-0a"\n', '@/vars.json:2:1', /^YAML syntax error/),
  vars('random bytes', Buffer.from('ff00fe1b5b324a0d0a', 'hex'), '@/vars.json:1:1', /^a vars file must hold a map/),
  vars(
    'an alias bomb',
    'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
    '@/vars.json:2:8',
    /alias bomb/,
  ),
  {
    name: 'vars: a value of the wrong type for its declaration',
    category: 'vars',
    files: {
      'vars.json': JSON.stringify({
        app_account_id: '111111111111',
        app_region: 'ap-southeast-6',
        app_vpc_id: 'vpc-0a',
        endpoint_account_id: '222222222222',
        endpoint_region: 'ap-southeast-2',
        endpoint_vpc_id: 'vpc-0b',
        services: 'bedrock',
      }),
    },
    args: run('@/vars.json'),
    at: '@suite:*:*',
    field: 'vars.services',
    says: /^variable services: the value from --vars has the wrong type: expected a list of strings/,
  },
  {
    name: 'vars: terraform output -json with a value of the wrong type',
    category: 'vars',
    files: {
      'vars.json': JSON.stringify(
        Object.fromEntries(
          Object.entries({
            app_account_id: 111111111111,
            app_region: 'ap-southeast-6',
            app_vpc_id: 'vpc-0a',
            endpoint_account_id: '222222222222',
            endpoint_region: 'ap-southeast-2',
            endpoint_vpc_id: 'vpc-0b',
          }).map(([name, value]) => [name, { value, type: typeof value, sensitive: false }]),
        ),
      ),
    },
    args: run('@/vars.json'),
    at: '@suite:*:*',
    field: 'vars.app_account_id',
    says: /^variable app_account_id: the value from --vars has the wrong type: expected a string, got 111111111111/,
  },
];
