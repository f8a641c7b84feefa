/**
 * The pager in front of a real moto, read by the real SDK's paginators: every listing it
 * pages comes back whole and in order across pages of at most the page size, in exactly
 * ceil(entries / size) pages; requests naming ids pass whole, as AWS answers them; a
 * token whose snapshot was dropped still finishes the listing; and crisp's collectors
 * read through it the same observations as straight from moto.
 */
import { CreateRouteTableCommand, CreateVpcCommand, DescribeVpcsCommand, paginateDescribeRouteTables, paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, CreateUserCommand, paginateGetAccountAuthorizationDetails, paginateListUsers } from '@aws-sdk/client-iam';
import { CreateHostedZoneCommand, ListHostedZonesByVPCCommand, paginateListHostedZones, type VPCRegion } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collect } from '../../harness/collect/collect.ts';
import { AwsClients } from '../../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { CallLog } from '../../harness/model/call-log.ts';
import type { ObservationRequest } from '../../harness/model/observations.ts';
import { startSmallPagesProxy, type SmallPagesProxy } from './small-pages-proxy.ts';

const ACCOUNT = '111111111111';
const REGION = 'ap-southeast-6';
const PAGE = 3;

let moto: MotoServer;
let pager: SmallPagesProxy;
let direct: AwsClients;
let paged: AwsClients;
let vpcIds: string[];

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const page of pages) result.push(page);
  return result;
}

beforeAll(async () => {
  moto = await startMotoServer();
  pager = await startSmallPagesProxy(moto.endpoint, PAGE);
  direct = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  paged = new AwsClients({ kind: 'moto', endpoint: pager.endpoint }, new CallLog());
  const ec2 = direct.ec2(ACCOUNT, REGION);
  vpcIds = [];
  for (let index = 0; index < 7; index += 1) {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${index}.0.0/16` }));
    vpcIds.push(vpc.Vpc!.VpcId!);
    await ec2.send(new CreateRouteTableCommand({ VpcId: vpc.Vpc!.VpcId! }));
  }
  const iam = direct.iam(ACCOUNT, 'us-east-1');
  for (let index = 0; index < 8; index += 1) {
    await iam.send(new CreateRoleCommand({ RoleName: `role-${index}`, AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }));
    if (index < 4) await iam.send(new CreateUserCommand({ UserName: `user-${index}` }));
  }
  const route53 = direct.route53(ACCOUNT, 'us-east-1');
  for (let index = 0; index < 5; index += 1) {
    await route53.send(
      new CreateHostedZoneCommand({
        Name: `zone-${index}.example.internal`,
        CallerReference: `zone-${index}`,
        HostedZoneConfig: { PrivateZone: true },
        VPC: { VPCId: vpcIds[0]!, VPCRegion: REGION as VPCRegion },
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  direct?.destroy();
  paged?.destroy();
  await pager?.stop();
  await moto?.stop();
});

describe('the pager in front of moto', () => {
  test('EC2 listings come back whole, in order, in pages of at most the page size', async () => {
    const whole = (await direct.ec2(ACCOUNT, REGION).send(new DescribeVpcsCommand({}))).Vpcs!.map((vpc) => vpc.VpcId);
    const pages = await all(paginateDescribeVpcs({ client: paged.ec2(ACCOUNT, REGION) }, {}));
    expect(pages.map((page) => page.Vpcs!.map((vpc) => vpc.VpcId)).flat()).toEqual(whole);
    // 7 VPCs and the Region's default one.
    expect(whole).toHaveLength(8);
    expect(pages.map((page) => page.Vpcs!.length)).toEqual([3, 3, 2]);
    const tables = await all(paginateDescribeRouteTables({ client: paged.ec2(ACCOUNT, REGION) }, {}));
    expect(tables.every((page) => page.RouteTables!.length <= PAGE)).toBe(true);
    // Nested lists (routes, associations) are part of an entry, not entries.
    expect(tables.flatMap((page) => page.RouteTables!)).toHaveLength(15);
    expect(tables.flatMap((page) => page.RouteTables!).every((table) => Array.isArray(table.Routes))).toBe(true);
  });

  test('a request naming ids is answered whole, as AWS answers it', async () => {
    const answer = await paged.ec2(ACCOUNT, REGION).send(new DescribeVpcsCommand({ VpcIds: vpcIds.slice(0, 5) }));
    expect(answer.Vpcs).toHaveLength(5);
    expect(answer.NextToken).toBeUndefined();
  });

  test('GetAccountAuthorizationDetails pages its lists together, ListUsers pages alone', async () => {
    const filter = ['Role', 'User'] as const;
    const pages = await all(paginateGetAccountAuthorizationDetails({ client: paged.iam(ACCOUNT, 'us-east-1') }, { Filter: [...filter] }));
    const roles = pages.flatMap((page) => page.RoleDetailList ?? []).map((role) => role.RoleName);
    const users = pages.flatMap((page) => page.UserDetailList ?? []).map((user) => user.UserName);
    expect(roles.sort()).toEqual(Array.from({ length: 8 }, (_, index) => `role-${index}`));
    expect(users.sort()).toEqual(['user-0', 'user-1', 'user-2', 'user-3']);
    expect(pages).toHaveLength(Math.ceil(12 / PAGE));
    expect(pages.every((page) => (page.RoleDetailList?.length ?? 0) + (page.UserDetailList?.length ?? 0) <= PAGE)).toBe(true);
    const userPages = await all(paginateListUsers({ client: paged.iam(ACCOUNT, 'us-east-1') }, {}));
    expect(userPages.map((page) => page.Users!.length)).toEqual([3, 1]);
  });

  test('Route 53 zones: ListHostedZones has its size lowered, ListHostedZonesByVPC is sliced', async () => {
    const zones = await all(paginateListHostedZones({ client: paged.route53(ACCOUNT, 'us-east-1') }, {}));
    expect(zones.map((page) => page.HostedZones!.length)).toEqual([3, 2]);
    const route53 = paged.route53(ACCOUNT, REGION);
    const first = await route53.send(new ListHostedZonesByVPCCommand({ VPCId: vpcIds[0]!, VPCRegion: REGION as VPCRegion }));
    expect(first.HostedZoneSummaries).toHaveLength(3);
    expect(first.NextToken).toMatch(/^crisp-page\./);
    const second = await route53.send(new ListHostedZonesByVPCCommand({ VPCId: vpcIds[0]!, VPCRegion: REGION as VPCRegion, NextToken: first.NextToken }));
    expect(second.HostedZoneSummaries).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    expect([...first.HostedZoneSummaries!, ...second.HostedZoneSummaries!].map((zone) => zone.Name).sort()).toEqual(
      Array.from({ length: 5 }, (_, index) => `zone-${index}.example.internal.`),
    );
  });

  test('a token whose snapshot is gone still finishes the listing from a fresh read', async () => {
    const ec2 = paged.ec2(ACCOUNT, REGION);
    const first = await ec2.send(new DescribeVpcsCommand({}));
    const stale = first.NextToken!.replace(/\.[0-9a-f-]{36}\./, `.${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}.`);
    const rest = await ec2.send(new DescribeVpcsCommand({ NextToken: stale }));
    expect(rest.Vpcs!.map((vpc) => vpc.VpcId)).toEqual(
      (await direct.ec2(ACCOUNT, REGION).send(new DescribeVpcsCommand({}))).Vpcs!.slice(3, 6).map((vpc) => vpc.VpcId),
    );
  });

  test('crisp’s collectors read the same observations through the pager as from moto', async () => {
    const requests: ObservationRequest[] = [
      { kind: 'ec2.vpcs', account: ACCOUNT, region: REGION },
      { kind: 'ec2.routeTables', account: ACCOUNT, region: REGION },
      { kind: 'route53.hostedZones', account: ACCOUNT, region: 'us-east-1' },
      { kind: 'route53.vpcZones', account: ACCOUNT, region: REGION, args: { vpcId: vpcIds[0]! } },
      { kind: 'iam.authorizationDetails', account: ACCOUNT, region: 'us-east-1' },
    ] as ObservationRequest[];
    const context = (clients: AwsClients) => ({ clients, targetKind: 'moto' as const, targetLabel: 'moto', progress: () => {} });
    const straight = await collect(context(direct), requests);
    const through = await collect(context(paged), requests);
    for (const request of requests) {
      const expected = straight.attempt(request);
      expect('data' in expected, request.kind).toBe(true);
      expect(through.attempt(request), request.kind).toEqual(expected);
    }
    expect(pager.pages.get('iam:GetAccountAuthorizationDetails')).toBeGreaterThan(1);
  });
});
