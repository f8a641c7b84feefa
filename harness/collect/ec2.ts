/**
 * EC2 collectors: one paginated listing per operation, account and Region. They
 * list everything in the Region (no filters) so that all checks and all suite
 * instances share one fetch, and because moto ignores some filters.
 */
import {
  DescribeVpcAttributeCommand,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import type { ObservationCatalog, ObservationRequest } from './observations.ts';
import type { CollectContext } from './context.ts';

/** Drains an SDK paginator, collecting one list field of every page. */
async function drain<Page, Item>(pages: AsyncIterable<Page>, pick: (page: Page) => Item[] | undefined): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...(pick(page) ?? []));
  return items;
}

type Ec2Kind = Extract<keyof ObservationCatalog, `ec2.${string}`>;

/** Collects one EC2 observation. */
export async function collectEc2<K extends Ec2Kind>(context: CollectContext, request: ObservationRequest<K>): Promise<ObservationCatalog[K]> {
  const client = context.clients.ec2(request.account, request.region);
  const paging = { client };
  switch (request.kind as Ec2Kind) {
    case 'ec2.vpcs':
      return (await drain(paginateDescribeVpcs(paging, {}), (page) => page.Vpcs)) as ObservationCatalog[K];
    case 'ec2.subnets':
      return (await drain(paginateDescribeSubnets(paging, {}), (page) => page.Subnets)) as ObservationCatalog[K];
    case 'ec2.routeTables':
      return (await drain(paginateDescribeRouteTables(paging, {}), (page) => page.RouteTables)) as ObservationCatalog[K];
    case 'ec2.peeringConnections':
      return (await drain(paginateDescribeVpcPeeringConnections(paging, {}), (page) => page.VpcPeeringConnections)) as ObservationCatalog[K];
    case 'ec2.vpcEndpoints':
      return (await drain(paginateDescribeVpcEndpoints(paging, {}), (page) => page.VpcEndpoints)) as ObservationCatalog[K];
    case 'ec2.securityGroups':
      return (await drain(paginateDescribeSecurityGroups(paging, {}), (page) => page.SecurityGroups)) as ObservationCatalog[K];
    case 'ec2.networkAcls':
      return (await drain(paginateDescribeNetworkAcls(paging, {}), (page) => page.NetworkAcls)) as ObservationCatalog[K];
    case 'ec2.networkInterfaces':
      return (await drain(paginateDescribeNetworkInterfaces(paging, {}), (page) => page.NetworkInterfaces)) as ObservationCatalog[K];
    case 'ec2.vpcDnsAttributes': {
      // No listing returns these; one call per attribute per VPC is the minimum.
      const vpcId = request.args?.vpcId ?? '';
      const [support, hostnames] = await Promise.all([
        client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' })),
        client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' })),
      ]);
      return {
        vpcId,
        enableDnsSupport: support.EnableDnsSupport?.Value === true,
        enableDnsHostnames: hostnames.EnableDnsHostnames?.Value === true,
      } as ObservationCatalog[K];
    }
  }
  throw new Error(`no EC2 collector for ${request.kind}`);
}
