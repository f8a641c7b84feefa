/**
 * Drift on one estate over time: a clean run, then a fault introduced into the
 * same moto state. The fault is a new failure and its observation a change; a
 * harmless change fails the drift only where the suite marks the check guard: true.
 */
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CallLog } from '../harness/model/call-log.ts';
import { runSuites } from '../harness/engine/run.ts';
import { launchLab } from '../lab/index.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { findFault } from '../lab/faults.ts';
import { provisionLab, type ProvisionedLab } from '../lab/open-lab.ts';
import { runCli } from './support/cli.ts';
import { CONNECTIVITY_SUITE } from './support/lab-scenario.ts';

let moto: MotoServer;
let dir: string;
let lab: ProvisionedLab;
let target: string;
let vars: string;

const run = (name: string, suite = CONNECTIVITY_SUITE) =>
  runSuites({
    launchLab,
    suites: [suite],
    target,
    vars: [vars],
    out: join(dir, name),
    checks: ['network.*'],
    progress: () => {},
    evidence: join(dir, `${name}-pack`),
  });

/** Changes the moto estate between two runs, as someone editing it by hand would. */
async function changeEstate(change: (clients: AwsClients) => Promise<unknown>): Promise<void> {
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  try {
    await change(clients);
  } finally {
    clients.destroy();
  }
}

/** Admits one more CIDR on 443 to the endpoint security group: a change under which every check still passes. */
const admitOnEndpointGroup = (cidr: string) =>
  changeEstate((clients) =>
    clients.ec2('222222222222', 'ap-southeast-2').send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: lab.estate.endpointSecurityGroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: cidr }] }],
      }),
    ),
  );

beforeAll(async () => {
  moto = await startMotoServer();
  dir = await mkdtemp(join(tmpdir(), 'crisp-drift-'));
  lab = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1 });
  target = join(dir, 'moto.yaml');
  vars = join(dir, 'vars.json');
  await writeFile(target, `kind: moto\nendpoint: ${moto.endpoint}\n`);
  await writeFile(vars, JSON.stringify(lab.varSets[0]));
});

afterAll(async () => {
  await moto?.stop();
});

test('a fault introduced after the baseline is a new failure and a changed observation; exit 1', async () => {
  const baseline = await run('baseline');
  expect(baseline.exitCode).toBe(0);
  await changeEstate((clients) => findFault('sg-partial-app-cidr')!.apply!(clients, lab.estate));
  const current = await run('current');
  const result = await runCli(['drift', '--baseline', `${baseline.evidence!.dir}.tar.gz`, '--current', current.evidence!.dir, '--out', join(dir, 'drift')]);
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/NEW FAIL network\.endpoint-sg-admits-app on vpce-/);
  expect(result.stdout).toMatch(/CHANGED security-group rules \(ec2\.securityGroups@222222222222\/ap-southeast-2\)/);
  const drift = JSON.parse(await readFile(join(dir, 'drift', 'drift.json'), 'utf8'));
  const rules = drift.changedObservations.find((entry: { kind: string }) => entry.kind === 'ec2.securityGroups');
  expect(JSON.stringify(rules.differences)).toContain('10.0.0.0/20');
  expect(await readFile(join(dir, 'drift', 'report.html'), 'utf8')).toContain('<h2 id="drift">Drift</h2>');
  // Against a bare results.json only findings are compared.
  const bare = await runCli([
    'drift',
    '--baseline',
    join(baseline.evidence!.dir, 'results.json'),
    '--current',
    current.evidence!.dir,
    '--out',
    join(dir, 'drift-bare'),
  ]);
  expect(bare).toMatchObject({ code: 1, stdout: expect.stringContaining('not compared: the baseline is a bare results.json') });
});

test('a change while still passing fails the drift only for a guard: true check', async () => {
  const before = await run('before-extra');
  await admitOnEndpointGroup('10.0.0.0/16');
  const after = await run('after-extra');
  const unguarded = await runCli(['drift', '--baseline', before.evidence!.dir, '--current', after.evidence!.dir, '--out', join(dir, 'drift-unguarded')]);
  expect(unguarded.code).toBe(0);
  expect(unguarded.stdout).toContain('CHANGED security-group rules');
  const guardedSuite = join(dir, 'guarded.yaml');
  await writeFile(
    guardedSuite,
    (await readFile(CONNECTIVITY_SUITE, 'utf8')).replace('  - network.endpoint-sg-admits-app\n', '  - id: network.endpoint-sg-admits-app\n    guard: true\n'),
  );
  const guardedBefore = await run('guarded-before', guardedSuite);
  await admitOnEndpointGroup('10.0.16.0/20');
  const guardedAfter = await run('guarded-after', guardedSuite);
  const guarded = await runCli([
    'drift',
    '--baseline',
    guardedBefore.evidence!.dir,
    '--current',
    guardedAfter.evidence!.dir,
    '--out',
    join(dir, 'drift-guarded'),
  ]);
  expect(guarded.code).toBe(1);
  expect(guarded.stdout).toMatch(/CHANGED security-group rules .* — guarded by network\.endpoint-sg-admits-app/);
});
