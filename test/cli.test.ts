/**
 * The CLI end to end, as users run it: real processes, a moto server someone
 * else provisioned, real files. Asserts exit codes (docs/ARCHITECTURE.md §5) and reports.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freeLoopbackPort, startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { provisionLab, startDataPlaneFor } from '../lab/open-lab.ts';
import { ROOT, runCli, startCli } from './support/cli.ts';

let moto: MotoServer;
let dir: string;
let motoTarget: string;

beforeAll(async () => {
  moto = await startMotoServer();
  dir = await mkdtemp(join(tmpdir(), 'crisp-cli-'));
  motoTarget = join(dir, 'moto.yaml');
  await writeFile(motoTarget, `kind: moto\nendpoint: ${moto.endpoint}\n`);
});

afterAll(async () => {
  await moto?.stop();
});

const SUITE = join(ROOT, 'suites/bedrock-private-connectivity.yaml');

describe('crisp run against a moto server provisioned by someone else', () => {
  test('clean estate with a flat vars file: exit 0 and the three reports', async () => {
    await moto.reset();
    const { varSets } = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1 });
    const vars = join(dir, 'vars.json');
    await writeFile(vars, JSON.stringify(varSets[0]));
    const out = join(dir, 'clean');
    const result = await runCli(['run', SUITE, '--target', motoTarget, '--vars', vars, '--out', out]);
    expect(result.stderr).toContain(`listing ec2:DescribeRouteTables in 111111111111/ap-southeast-6`);
    expect(result.code).toBe(0);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(Object.keys(results)).toEqual(expect.arrayContaining(['summary', 'target', 'suites', 'startedAt', 'durationMs', 'apiCalls', 'findings']));
    expect(Object.keys(results.summary)).toEqual(['pass', 'fail', 'error', 'skipped', 'not_applicable']);
    expect(results.summary.fail).toBe(0);
    expect(results.summary.pass).toBe(results.findings.filter((finding: { status: string }) => finding.status === 'pass').length);
    // moto shares the lab's capability gap; without dataPlane the vantage is outside, so the live checks skip with that reason.
    const skipped = results.findings.filter((finding: { status: string }) => finding.status === 'skipped');
    expect(new Set(skipped.map((finding: { checkId: string }) => finding.checkId))).toEqual(
      new Set(['network.endpoint-ips-in-subnets', 'dns.private-resolution', 'tls.endpoint-reachability']),
    );
    expect(skipped.find((finding: { checkId: string }) => finding.checkId === 'dns.private-resolution').message).toContain('outside the app VPC');
    expect(
      results.findings.filter((finding: { checkId: string; status: string }) => finding.checkId === 'network.static-path' && finding.status === 'pass').length,
    ).toBeGreaterThan(0);
    expect(Object.keys(results.findings[0])).toEqual(expect.arrayContaining(['checkId', 'status', 'resource', 'message']));
    expect(results.apiCalls).toContainEqual({ service: 'ec2', operation: 'DescribeRouteTables', account: '111111111111', region: 'ap-southeast-6', count: 1 });
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)?.length).toBe(results.findings.length);
    expect(junit).toContain('<property name="severity" value="critical"/>');
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain(`<td class="pass" data-status="pass">${results.summary.pass}</td>`);
  });

  test('--instances: an entry that asks nothing new is judged once, with a warning naming a misspelt key', async () => {
    await moto.reset();
    const { varSets } = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1 });
    const { app_vpc_id: vpc, ...shared } = varSets[0]!;
    const vars = join(dir, 'shared.json');
    await writeFile(vars, JSON.stringify(shared));
    const instances = join(dir, 'fleet.json');
    // A missing required var is exit 2 already; a duplicate, or a misspelt optional one, is what asks nothing new.
    await writeFile(instances, JSON.stringify([{ app_vpc_id: vpc }, { app_vpc_id: vpc }, { app_vpc_id: vpc, app_subnet_idz: ['subnet-0never'] }]));
    const out = join(dir, 'instances');
    const result = await runCli([
      'run',
      SUITE,
      '--target',
      motoTarget,
      '--vars',
      vars,
      '--instances',
      instances,
      '--out',
      out,
      '--check',
      'network.peering-active',
    ]);
    expect(result.stderr).toContain(`warning: var set 2 of ${instances} asks every suite the same as an earlier one`);
    expect(result.stderr).toMatch(/warning: var set 3 of .* asks every suite the same .*\(no suite declares app_subnet_idz: a misspelt key\?\)/);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.suites).toHaveLength(1);
  });

  test('a fault with terraform output -json vars and a --check filter: exit 1, the failure in JUnit', async () => {
    await moto.reset();
    const { varSets } = await provisionLab(moto.endpoint, { variant: 'same-account', scale: 1, fault: 'sg-wrong-port' });
    const tfVars = join(dir, 'tf.json');
    await writeFile(
      tfVars,
      JSON.stringify(Object.fromEntries(Object.entries(varSets[0]!).map(([name, value]) => [name, { value, type: 'string', sensitive: false }]))),
    );
    const out = join(dir, 'fault');
    const result = await runCli([
      'run',
      SUITE,
      '--target',
      motoTarget,
      '--vars',
      tfVars,
      '--out',
      out,
      '--check',
      'network.endpoint-sg-*',
      '--check',
      'network.peering-*',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL network\.endpoint-sg-admits-app: The security groups sg-[0-9a-f]+ of endpoint vpce-/);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(new Set(results.findings.map((finding: { checkId: string }) => finding.checkId))).toEqual(
      new Set(['network.endpoint-sg-admits-app', 'network.peering-active']),
    );
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toMatch(/<failure message="The security groups/);
  });
});

describe('live data plane through servers someone else started', () => {
  test('resolver, connect map and caFile in a moto target: the live checks pass; a closed port fails', async () => {
    await moto.reset();
    const provisioned = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1, fault: 'port-closed' });
    const dataPlane = await startDataPlaneFor(moto.endpoint, provisioned);
    try {
      const target = join(dir, 'moto-live.json');
      await writeFile(target, JSON.stringify({ kind: 'moto', endpoint: moto.endpoint, dataPlane: dataPlane.settings }));
      const vars = join(dir, 'vars-live.json');
      await writeFile(vars, JSON.stringify(provisioned.varSets[0]));
      const out = join(dir, 'live');
      const result = await runCli(['run', SUITE, '--target', target, '--vars', vars, '--out', out, '--check', 'dns.*', '--check', 'tls.*']);
      expect(result.code).toBe(1);
      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
      const byCheck = (id: string, status: string) =>
        results.findings.filter((finding: { checkId: string; status: string }) => finding.checkId === id && finding.status === status);
      expect(byCheck('dns.private-resolution', 'pass')).toHaveLength(4);
      expect(byCheck('tls.endpoint-reachability', 'fail').map((finding: { message: string }) => finding.message)).toEqual([
        expect.stringContaining('(bedrock-runtime, vpce-'),
        expect.stringContaining('(bedrock-runtime, vpce-'),
      ]);
      expect(byCheck('tls.endpoint-reachability', 'pass')).toHaveLength(6);
      expect(byCheck('tls.endpoint-reachability', 'pass')[0].evidence).toMatchObject({ protocol: 'TLSv1.3', chainValid: true, httpStatus: 403 });
    } finally {
      await dataPlane.stop();
    }
  });

  test('an unreadable caFile is an input error naming the target file', async () => {
    const target = join(dir, 'bad-ca.yaml');
    await writeFile(target, `kind: moto\nendpoint: ${moto.endpoint}\ndataPlane:\n  caFile: missing-ca.pem\n`);
    const result = await runCli(['run', SUITE, '--target', target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-ca\.yaml: dataPlane\.caFile .*missing-ca\.pem cannot be read: ENOENT/);
  });
});

describe('bad input and unreachable targets', () => {
  test('a broken suite exits 2 naming file:line:col, without a stack trace', async () => {
    const suite = join(dir, 'broken.yaml');
    await writeFile(suite, 'name: broken\nchecks:\n  - id: network.peering-active\n    with: { services: [] }\n');
    const result = await runCli(['run', suite, '--target', motoTarget]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${suite}:4:`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unreachable target exits 3, names the endpoint, and still writes results', async () => {
    const port = await freeLoopbackPort();
    const target = join(dir, 'down.yaml');
    await writeFile(target, `kind: moto\nendpoint: http://127.0.0.1:${port}\n`);
    const vars = join(dir, 'vars-down.json');
    await writeFile(
      vars,
      JSON.stringify({
        app_account_id: '111111111111',
        app_region: 'ap-southeast-6',
        app_vpc_id: 'vpc-0a',
        endpoint_account_id: '222222222222',
        endpoint_region: 'ap-southeast-2',
        endpoint_vpc_id: 'vpc-0b',
      }),
    );
    const out = join(dir, 'down');
    const result = await runCli(['run', SUITE, '--target', target, '--vars', vars, '--out', out]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`target unreachable: cannot reach moto at http://127.0.0.1:${port}: ECONNREFUSED`);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.summary.pass).toBe(0);
    expect(results.summary.error).toBeGreaterThan(0);
    expect(results.target.unreachable).toContain('ECONNREFUSED');
  });

  test('a target file with a bad key exits 2 with its location', async () => {
    const target = join(dir, 'bad-target.yaml');
    await writeFile(target, 'kind: moto\nendpoint: ftp://example\n');
    const result = await runCli(['run', SUITE, '--target', target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-target\.yaml:2:11 \(at endpoint\): target: must be an http\(s\) URL/);
  });

  test('the lab without moto exits 2 and says how to get it', async () => {
    const result = await runCli(['run', SUITE, '--target', join(ROOT, 'targets/lab.yaml')], { MOTO_SERVER: join(dir, 'no-such-moto') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pip install "moto[server]"');
  });
});

describe('commands', () => {
  test('crisp schema prints the committed suite JSON Schema', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(await readFile(join(ROOT, 'suites/suite.schema.json'), 'utf8')));
  });

  test('an unknown command exits 2 with usage', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage:');
  });

  test('Ctrl-C during a lab run stops moto: no orphan is left listening', async () => {
    const run = startCli(['run', SUITE, '--target', join(ROOT, 'targets/lab.yaml'), '--out', join(dir, 'interrupted')]);
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /into (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stderrSoFar());
        if (match) {
          clearInterval(timer);
          resolve(match[1]!);
        }
      }, 20);
      void run.done.then(() => reject(new Error(`exited before provisioning: ${run.stderrSoFar()}`)));
    });
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    await expect(fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
