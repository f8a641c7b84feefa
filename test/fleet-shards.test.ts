/**
 * The fleet at test size (2×: 10 app VPCs over two accounts, 40 app route tables, 8
 * zones, 100 extra roles) behind the pager (pages of 7), with two faults planted deep
 * in it — one app route table of VPC 7 lost its route to the endpoints, and VPC 8
 * lost its bedrock-runtime zone. Run by the CLI as a user would (`kind: moto` target
 * plus `--instances`): the whole run finds exactly those VPCs failing, and the same
 * run as 10 shards merges back to the same findings and the same verdict.
 * The full 100× estate runs the same way in `npm run bench` (bench/scale.bench.ts).
 */
import { DeleteRouteCommand } from '@aws-sdk/client-ec2';
import { DisassociateVPCFromHostedZoneCommand, type VPCRegion } from '@aws-sdk/client-route-53';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { CallLog } from '../harness/model/call-log.ts';
import type { Finding } from '../harness/model/findings.ts';
import { provisionLab, startLabServices, type LabServices, type ProvisionedLab } from '../lab/open-lab.ts';
import { startSmallPagesProxy, type SmallPagesProxy } from '../lab/pager/small-pages-proxy.ts';
import { writeLabTargetFiles } from '../lab/target-files.ts';
import { runCli } from './support/cli.ts';
import { CONNECTIVITY_SUITE, GOVERNANCE_SUITE } from './support/lab-scenario.ts';
import { verdictOf } from './support/verdicts.ts';

const SHARDS = 10;
let moto: MotoServer;
let pager: SmallPagesProxy;
let services: LabServices;
let lab: ProvisionedLab;
let dir: string;
let common: string[];

beforeAll(async () => {
  moto = await startMotoServer();
  dir = await mkdtemp(join(tmpdir(), 'crisp-fleet-'));
  lab = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1, fleet: 2 });
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  try {
    const routeless = lab.estate.apps[7]!;
    await clients
      .ec2(routeless.account, routeless.region)
      .send(new DeleteRouteCommand({ RouteTableId: routeless.routeTableIds[2], DestinationCidrBlock: lab.estate.shape.endpointCidr }));
    const zoneless = lab.estate.apps[8]!;
    await clients.route53(zoneless.account, zoneless.region).send(
      new DisassociateVPCFromHostedZoneCommand({
        HostedZoneId: zoneless.zoneIds['bedrock-runtime'],
        VPC: { VPCId: zoneless.vpcId, VPCRegion: zoneless.region as VPCRegion },
      }),
    );
  } finally {
    clients.destroy();
  }
  pager = await startSmallPagesProxy(moto.endpoint, 7);
  services = await startLabServices(moto.endpoint, lab, () => {}, pager.endpoint);
  const files = await writeLabTargetFiles(dir, {
    apiEndpoint: pager.endpoint,
    endpoints: services.endpoints,
    dataPlane: services.dataPlane.settings,
    varSets: lab.varSets,
    name: 'fleet 2x',
  });
  common = ['run', CONNECTIVITY_SUITE, GOVERNANCE_SUITE, '--target', files.target, '--instances', files.instances];
}, 180_000);

afterAll(async () => {
  await services?.stop();
  await pager?.stop();
  await moto?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const key = (finding: Finding) => JSON.stringify([finding.checkId, finding.resource, finding.status, finding.message]);

/** The app VPCs (by index) a failing finding names by any of their ids. */
const failingVpcs = (findings: readonly Finding[]) =>
  new Set(
    findings
      .filter((finding) => finding.status === 'fail')
      .map((finding) =>
        lab.estate.apps.findIndex((app) => [app.vpcId, ...app.subnetIds, ...app.routeTableIds, app.peeringId].some((id) => key(finding).includes(id))),
      ),
  );

test('the fleet run finds exactly the two broken app VPCs, through pages of 7', { timeout: 300_000 }, async () => {
  const out = join(dir, 'whole');
  const result = await runCli([...common, '--out', out]);
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.code).toBe(1);
  const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
  // Connectivity once per app VPC; governance, whose vars do not name the VPC, once for all.
  expect(results.suites.map((suite: { name: string }) => suite.name).sort()).toEqual(
    [...lab.varSets.map(() => 'bedrock-private-connectivity'), 'bedrock-cris-governance'].sort(),
  );
  expect(failingVpcs(results.findings)).toEqual(new Set([7, 8]));
  expect(results.summary.error).toBe(0);
  // The listings really came in pages: more EC2 and IAM calls than (account, Region) pairs.
  const calls = (operation: string) =>
    results.apiCalls
      .filter((call: { operation: string }) => call.operation === operation)
      .reduce((sum: number, call: { count: number }) => sum + call.count, 0);
  expect(calls('DescribeRouteTables')).toBeGreaterThan(4);
  expect(calls('GetAccountAuthorizationDetails')).toBeGreaterThanOrEqual(Math.ceil(100 / 7));
  expect(pager.pages.get('ec2:DescribeRouteTables')).toBeGreaterThan(4);

  const folders: string[] = [];
  for (let index = 1; index <= SHARDS; index += 1) {
    const shardOut = join(dir, `shard-${index}`);
    const shard = await runCli([...common, '--out', shardOut, '--shard', `${index}/${SHARDS}`]);
    expect([0, 1], shard.stderr).toContain(shard.code);
    folders.push(shardOut);
  }
  const merged = await runCli(['merge', ...folders, '--out', join(dir, 'merged')]);
  expect(merged.code).toBe(1);
  const joined = JSON.parse(await readFile(join(dir, 'merged', 'results.json'), 'utf8'));
  expect(joined.summary).toEqual(results.summary);
  expect(joined.findings.map(verdictOf).sort()).toEqual(results.findings.map(verdictOf).sort());
});
