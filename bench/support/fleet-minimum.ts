/**
 * The fewest API calls that can observe a lab fleet for the connectivity and governance
 * suites, computed from the estate as moto holds it — every list counted straight from
 * moto, whole — and the page size, never from crisp's own plan: a listing of n entries
 * needs ceil(n / page size) pages (at least one). Operations whose count does not grow
 * with the estate (identity, Organizations, the Bedrock control plane) are left out.
 *
 * What must be read: per (account, Region) cell of app VPCs, its VPCs, subnets, route
 * tables, network ACLs, peerings and Resolver rules and rule associations; in the hub,
 * its VPCs, subnets, route tables, network ACLs, endpoints, security groups and network
 * interfaces; two DescribeVpcAttribute per VPC (no listing returns DNS attributes); per
 * account owning zones, its hosted zones; per app VPC, its zones and its Route 53 Profile
 * associations; per zone, its records; the member account's authorization details.
 */
import {
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import { paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import { ListHostedZonesByVPCCommand, ListResourceRecordSetsCommand, paginateListHostedZones, type VPCRegion } from '@aws-sdk/client-route-53';
import { AwsClients } from '../../harness/estate/clients.ts';
import { CallLog } from '../../harness/model/call-log.ts';
import type { ProvisionedLab } from '../../lab/open-lab.ts';

async function count<T>(pages: AsyncIterable<T>, entries: (page: T) => number): Promise<number> {
  let total = 0;
  for await (const page of pages) total += entries(page);
  return total;
}

/** The minimum calls per `service:Operation`, for pages of `pageSize`. */
export async function fleetMinimumCalls(motoEndpoint: string, lab: ProvisionedLab, pageSize: number): Promise<Map<string, number>> {
  const pagesOf = (entries: number) => Math.max(1, Math.ceil(entries / pageSize));
  const minimum = new Map<string, number>();
  const add = (operation: string, calls: number) => minimum.set(operation, (minimum.get(operation) ?? 0) + calls);
  const clients = new AwsClients({ kind: 'moto', endpoint: motoEndpoint }, new CallLog());
  try {
    const { estate, governance } = lab;
    const cells = [...new Map(estate.apps.map((app) => [`${app.account}|${app.region}`, app])).values()];
    for (const { account, region } of cells) {
      const ec2 = clients.ec2(account, region);
      add('ec2:DescribeVpcs', pagesOf(await count(paginateDescribeVpcs({ client: ec2 }, {}), (page) => page.Vpcs?.length ?? 0)));
      add('ec2:DescribeSubnets', pagesOf(await count(paginateDescribeSubnets({ client: ec2 }, {}), (page) => page.Subnets?.length ?? 0)));
      add('ec2:DescribeRouteTables', pagesOf(await count(paginateDescribeRouteTables({ client: ec2 }, {}), (page) => page.RouteTables?.length ?? 0)));
      add('ec2:DescribeNetworkAcls', pagesOf(await count(paginateDescribeNetworkAcls({ client: ec2 }, {}), (page) => page.NetworkAcls?.length ?? 0)));
      add(
        'ec2:DescribeVpcPeeringConnections',
        pagesOf(await count(paginateDescribeVpcPeeringConnections({ client: ec2 }, {}), (page) => page.VpcPeeringConnections?.length ?? 0)),
      );
      add('route53resolver:ListResolverRules', 1);
      add('route53resolver:ListResolverRuleAssociations', 1);
    }
    const hub = clients.ec2(estate.shape.endpointAccount, estate.shape.endpointRegion);
    add('ec2:DescribeVpcs', pagesOf(await count(paginateDescribeVpcs({ client: hub }, {}), (page) => page.Vpcs?.length ?? 0)));
    add('ec2:DescribeSubnets', pagesOf(await count(paginateDescribeSubnets({ client: hub }, {}), (page) => page.Subnets?.length ?? 0)));
    add('ec2:DescribeRouteTables', pagesOf(await count(paginateDescribeRouteTables({ client: hub }, {}), (page) => page.RouteTables?.length ?? 0)));
    add('ec2:DescribeNetworkAcls', pagesOf(await count(paginateDescribeNetworkAcls({ client: hub }, {}), (page) => page.NetworkAcls?.length ?? 0)));
    add('ec2:DescribeVpcEndpoints', pagesOf(await count(paginateDescribeVpcEndpoints({ client: hub }, {}), (page) => page.VpcEndpoints?.length ?? 0)));
    add('ec2:DescribeSecurityGroups', pagesOf(await count(paginateDescribeSecurityGroups({ client: hub }, {}), (page) => page.SecurityGroups?.length ?? 0)));
    add(
      'ec2:DescribeNetworkInterfaces',
      pagesOf(await count(paginateDescribeNetworkInterfaces({ client: hub }, {}), (page) => page.NetworkInterfaces?.length ?? 0)),
    );
    add('ec2:DescribeVpcAttribute', 2 * (estate.apps.length + 1));

    const zoneOwners = [...new Set([...estate.apps.map((app) => app.zoneAccount), estate.shape.endpointAccount])];
    for (const owner of zoneOwners) {
      const route53 = clients.route53(owner, 'us-east-1');
      add('route53:ListHostedZones', pagesOf(await count(paginateListHostedZones({ client: route53 }, {}), (page) => page.HostedZones?.length ?? 0)));
    }
    const zones = new Map<string, string>();
    for (const app of estate.apps) {
      const route53 = clients.route53(app.account, 'us-east-1');
      const ofVpc = await route53.send(new ListHostedZonesByVPCCommand({ VPCId: app.vpcId, VPCRegion: app.region as VPCRegion }));
      add('route53:ListHostedZonesByVPC', pagesOf(ofVpc.HostedZoneSummaries?.length ?? 0));
      add('route53profiles:ListProfileAssociations', 1);
      for (const zone of ofVpc.HostedZoneSummaries ?? []) zones.set(zone.HostedZoneId!, zone.Owner?.OwningAccount ?? app.account);
    }
    for (const [zoneId, owner] of zones) {
      const records = await clients.route53(owner, 'us-east-1').send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
      add('route53:ListResourceRecordSets', pagesOf(records.ResourceRecordSets?.length ?? 0));
    }

    const iam = clients.iam(governance.memberAccount, 'us-east-1');
    const entries = await count(
      paginateGetAccountAuthorizationDetails({ client: iam }, { Filter: ['Role', 'User', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] }),
      (page) => (page.RoleDetailList?.length ?? 0) + (page.UserDetailList?.length ?? 0) + (page.GroupDetailList?.length ?? 0) + (page.Policies?.length ?? 0),
    );
    add('iam:GetAccountAuthorizationDetails', pagesOf(entries));
    return minimum;
  } finally {
    clients.destroy();
  }
}
