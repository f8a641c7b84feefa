import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkCatalog } from '../checks/registry.ts';
import { InputErrors } from '../model/errors.ts';
import { checkIdMatcher, expandSuitePaths, loadSuite } from './loader.ts';
import { readInstancesFile, readVarsFiles } from './vars.ts';

let dir: string;
const catalog = checkCatalog();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crisp-suite-'));
});

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const VARS = {
  app_account_id: '111111111111',
  app_region: 'ap-southeast-6',
  app_vpc_id: 'vpc-0a1',
  endpoint_account_id: '222222222222',
  endpoint_region: 'ap-southeast-2',
  endpoint_vpc_id: 'vpc-0b2',
};

const HEADER = `name: t
vars:
  app_account_id: {}
  app_region: {}
  app_vpc_id: {}
  endpoint_account_id: {}
  endpoint_region: {}
  endpoint_vpc_id: {}
  services: { type: list, default: [bedrock-runtime] }
with:
  app: { account: "\${app_account_id}", region: "\${app_region}", vpcId: "\${app_vpc_id}" }
  endpoint: { account: "\${endpoint_account_id}", region: "\${endpoint_region}", vpcId: "\${endpoint_vpc_id}" }
  services: \${services}
`;

/** The messages of the InputErrors a load throws. */
async function loadErrors(file: string, vars: Record<string, unknown> = VARS): Promise<string[]> {
  try {
    await loadSuite(file, vars, catalog);
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((entry) => entry.message);
    throw error;
  }
  throw new Error('expected the suite to be rejected');
}

describe('loadSuite', () => {
  test('loads a valid suite, typing list vars and dropping an optional var without value', async () => {
    const file = await write('ok.yaml', `${HEADER}checks:\n  - network.peering-active\n  - id: network.endpoint-sg-admits-app\n`);
    const suite = await loadSuite(file, VARS, catalog);
    expect(suite.checks.map((instance) => instance.check.id)).toEqual(['network.peering-active', 'network.endpoint-sg-admits-app']);
    expect(suite.checks[0]!.params).toMatchObject({ services: ['bedrock-runtime'], app: { vpcId: 'vpc-0a1' } });
    expect(suite.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the reference suite loads with the lab vars', async () => {
    const suite = await loadSuite(join(import.meta.dirname, '../../suites/bedrock-private-connectivity.yaml'), VARS, catalog);
    expect(suite.checks.map((instance) => instance.check.id)).toEqual(catalog.ids().filter((id) => /^(network|dns|tls)\./.test(id)));
    expect((suite.checks[0]!.params as { app: object }).app).not.toHaveProperty('subnetIds');
  });

  test('a YAML syntax error names the line and column', async () => {
    const file = await write('syntax.yaml', 'name: t\nchecks:\n  - [unclosed\n');
    await expect(loadSuite(file, VARS, catalog)).rejects.toThrow(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: YAML syntax error`));
  });

  test('an unquoted \${var} in a flow mapping gets a hint to quote it', async () => {
    const file = await write('flow.yaml', 'name: t\nwith:\n  app: { vpcId: ${app_vpc_id} }\nchecks: [network.peering-active]\n');
    await expect(loadSuite(file, VARS, catalog)).rejects.toThrow(/flow\.yaml:3:\d+: YAML syntax error: .*quote \$\{var\} references/);
  });

  test('an unknown check is located and gets a hint', async () => {
    const file = await write('unknown.yaml', `${HEADER}checks:\n  - network.peering-activ\n`);
    const [message] = await loadErrors(file);
    expect(message).toBe(`${file}:15:5 (at checks[0]): unknown check 'network.peering-activ'; did you mean network.peering-active?`);
  });

  test('a wrong parameter type names the field path at the value', async () => {
    const file = await write('type.yaml', `${HEADER}checks:\n  - id: network.peering-active\n    with:\n      services: 443\n`);
    const [message] = await loadErrors(file);
    expect(message).toMatch(
      new RegExp(`^${file.replace(/[.]/g, '\\.')}:17:17 \\(at checks\\[0\\]\\.with\\.services\\): check network\\.peering-active: services: `),
    );
  });

  test('a missing variable is reported where it is used', async () => {
    const { app_vpc_id: _unused, ...withoutVpc } = VARS;
    const file = await write('missing.yaml', `${HEADER}checks:\n  - network.peering-active\n`);
    const messages = await loadErrors(file, withoutVpc);
    expect(messages).toEqual([
      `${file}:11:72 (at with.app.vpcId): variable app_vpc_id has no value: set it in a --vars file (flat JSON map or terraform output -json)`,
    ]);
  });

  test('a value from --vars of the wrong shape names the variable it came from', async () => {
    const file = await write('badvar.yaml', `${HEADER}checks:\n  - network.peering-active\n`);
    const messages = await loadErrors(file, { ...VARS, app_vpc_id: 'not-a-vpc' });
    expect(messages).toEqual([
      expect.stringContaining('(at with.app.vpcId): check network.peering-active: app.vpcId: must be a VPC id (vpc-…) (value from variable app_vpc_id)'),
    ]);
  });

  test('vacuous expectations are suite errors: an empty service list, a suite without checks', async () => {
    const empty = await write('vacuous.yaml', `${HEADER}checks:\n  - network.peering-active\n`);
    expect(await loadErrors(empty, { ...VARS, services: [] })).toEqual([
      expect.stringMatching(
        /vacuous\.yaml:13:13 \(at with\.services\): check network\.peering-active: services: .*vacuous expectation\) \(value from variable services\)/,
      ),
    ]);
    const noChecks = await write('nochecks.yaml', `${HEADER}checks: []\n`);
    expect(await loadErrors(noChecks)).toEqual([expect.stringMatching(/:14:\d+ \(at checks\): .*vacuous/)]);
  });

  test('a parameter no check takes is rejected where it is written', async () => {
    const own = await write('ownkey.yaml', `${HEADER}checks:\n  - id: network.peering-active\n    with:\n      certificateMinDays: 3\n`);
    expect(await loadErrors(own)).toEqual([
      expect.stringMatching(/:17:27 \(at checks\[0\]\.with\.certificateMinDays\): check network\.peering-active takes no parameter 'certificateMinDays'/),
    ]);
    const shared = await write(
      'sharedkey.yaml',
      HEADER.replace('with:\n', 'with:\n  certifcateMinDays: 3\n') + 'checks: [network.peering-active, tls.endpoint-reachability]\n',
    );
    expect(await loadErrors(shared)).toEqual([
      expect.stringMatching(/:11:22 \(at with\.certifcateMinDays\): no listed check takes parameter 'certifcateMinDays'/),
    ]);
  });

  test('an undeclared variable and an unknown top-level key are rejected together with locations', async () => {
    const file = await write('many.yaml', `${HEADER}checks:\n  - id: network.peering-active\n    with:\n      services: \${nope}\n`);
    expect(await loadErrors(file)).toEqual([
      expect.stringMatching(/:17:17 \(at checks\[0\]\.with\.services\): unknown variable \$\{nope\}: declare it under vars:/),
    ]);
    const extra = await write('extra.yaml', `${HEADER}chekcs: []\nchecks: [network.peering-active]\n`);
    expect(await loadErrors(extra)).toEqual([expect.stringMatching(/extra\.yaml:\d+:\d+.*Unrecognized key.*chekcs/)]);
  });
});

describe('vars files and selection', () => {
  test('terraform output -json and flat maps merge, later files winning', async () => {
    const terraform = await write(
      'tf.json',
      JSON.stringify({ app_vpc_id: { value: 'vpc-0tf', type: 'string', sensitive: false }, services: { value: ['bedrock'], type: ['list', 'string'] } }),
    );
    const flat = await write('flat.yaml', 'app_vpc_id: vpc-0flat\n');
    expect(await readVarsFiles([terraform])).toEqual({ app_vpc_id: 'vpc-0tf', services: ['bedrock'] });
    expect(await readVarsFiles([terraform, flat])).toEqual({ app_vpc_id: 'vpc-0flat', services: ['bedrock'] });
  });

  test('a vars file that is not a map is an input error with its location', async () => {
    const list = await write('list.json', '[1, 2]');
    await expect(readVarsFiles([list])).rejects.toThrow(/list\.json:1:1: this vars file holds a list: pass a list of var maps .* with --instances/);
    const scalar = await write('scalar.json', '"vpc-1"');
    await expect(readVarsFiles([scalar])).rejects.toThrow(/scalar\.json:1:1: a vars file must hold a map/);
  });

  test('an instances file is a list of var maps, or terraform output -json with one list output', async () => {
    const list = await write('instances.yaml', '- app_vpc_id: vpc-1\n- app_vpc_id: vpc-2\n');
    expect(await readInstancesFile(list)).toEqual([{ app_vpc_id: 'vpc-1' }, { app_vpc_id: 'vpc-2' }]);
    const terraform = await write(
      'outputs.json',
      JSON.stringify({ region: { value: 'ap-southeast-6', type: 'string' }, app_vpcs: { value: [{ app_vpc_id: 'vpc-3' }], type: ['list', ['object', {}]] } }),
    );
    expect(await readInstancesFile(terraform)).toEqual([{ app_vpc_id: 'vpc-3' }]);
    const map = await write('map.json', '{"app_vpc_id": "vpc-1"}');
    await expect(readInstancesFile(map)).rejects.toThrow(/map\.json:1:1: an instances file must hold a non-empty list of var maps/);
    const entry = await write('entry.yaml', '- app_vpc_id: vpc-1\n- 42\n');
    await expect(readInstancesFile(entry)).rejects.toThrow(/entry\.yaml:2:3 \(at \[1\]\): each entry of an instances file must be a map/);
  });

  test('folders expand to their YAML files; --check globs select by id', async () => {
    expect(await expandSuitePaths([join(import.meta.dirname, '../../suites')])).toEqual([
      expect.stringMatching(/bedrock-cris-governance\.yaml$/),
      expect.stringMatching(/bedrock-cross-partition-proxy\.yaml$/),
      expect.stringMatching(/bedrock-estate-coherence\.yaml$/),
      expect.stringMatching(/bedrock-latency-baseline\.yaml$/),
      expect.stringMatching(/bedrock-private-connectivity\.yaml$/),
      expect.stringMatching(/bedrock-residency\.yaml$/),
    ]);
    await expect(expandSuitePaths([join(dir, 'nope')])).rejects.toThrow(/no such suite file or folder/);
    const matches = checkIdMatcher(['network.*-routes-*', 'network.peering-active']);
    expect(catalog.ids().filter(matches)).toEqual(['network.peering-active', 'network.app-routes-to-endpoints', 'network.endpoint-routes-to-app']);
  });
});

describe('settings that cannot work together are refused at load time', () => {
  test('a TTFT ceiling with api: converse is a suite error at its line', async () => {
    const file = await write(
      'latency-ttft.yaml',
      `name: t
with:
  accountId: "111111111111"
  sourceRegion: ap-southeast-2
  auProfileId: au.anthropic.claude-sonnet-4-5-20250929-v1:0
  samples: 5
  budget: { maxRequests: 100 }
  api: converse
  ceilings:
    ttftP95Ms: 800
checks: [latency.profile-baseline]
`,
    );
    const error = await loadSuite(file, {}, catalog).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputErrors);
    expect((error as InputErrors).message).toMatch(
      new RegExp(`${file}:10:\\d+ \\(at with\\.ceilings\\.ttftP95Ms\\): check latency\\.profile-baseline: .*needs api: converse-stream`),
    );
  });
});
