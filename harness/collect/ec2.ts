/**
 * EC2 collectors: one paginated listing per operation, account and Region. They
 * list everything in the Region (no filters) so that all checks and all suite
 * instances share one fetch, and because moto ignores some filters.
 */
import {
  DescribeVpcAttributeCommand,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayPeeringAttachments,
  paginateGetManagedPrefixListEntries,
  SearchTransitGatewayRoutesCommand,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { ObservationCatalog, ObservationRequest } from '../model/observations.ts';
import type { CollectContext } from './context.ts';
import { drain } from './drain.ts';

type Ec2Kind = Extract<keyof ObservationCatalog, `ec2.${string}`>;
/** Kinds read with arguments (one call per VPC, route table or prefix list) rather than one listing. */
type ArgumentKind = 'ec2.vpcDnsAttributes' | 'ec2.transitGatewayRoutes' | 'ec2.prefixListEntries';
type ListingKind = Exclude<Ec2Kind, ArgumentKind>;

/** Each listing kind: its paginator and the page field holding the items. */
const LISTINGS: { [K in ListingKind]: (client: EC2Client) => Promise<ObservationCatalog[K]> } = {
  'ec2.vpcs': (client) => drain(paginateDescribeVpcs({ client }, {}), (page) => page.Vpcs),
  'ec2.subnets': (client) => drain(paginateDescribeSubnets({ client }, {}), (page) => page.Subnets),
  'ec2.routeTables': (client) => drain(paginateDescribeRouteTables({ client }, {}), (page) => page.RouteTables),
  'ec2.peeringConnections': (client) => drain(paginateDescribeVpcPeeringConnections({ client }, {}), (page) => page.VpcPeeringConnections),
  'ec2.vpcEndpoints': (client) => drain(paginateDescribeVpcEndpoints({ client }, {}), (page) => page.VpcEndpoints),
  'ec2.securityGroups': (client) => drain(paginateDescribeSecurityGroups({ client }, {}), (page) => page.SecurityGroups),
  'ec2.networkAcls': (client) => drain(paginateDescribeNetworkAcls({ client }, {}), (page) => page.NetworkAcls),
  'ec2.networkInterfaces': (client) => drain(paginateDescribeNetworkInterfaces({ client }, {}), (page) => page.NetworkInterfaces),
  'ec2.transitGatewayAttachments': (client) => drain(paginateDescribeTransitGatewayAttachments({ client }, {}), (page) => page.TransitGatewayAttachments),
  'ec2.transitGatewayPeeringAttachments': (client) =>
    drain(paginateDescribeTransitGatewayPeeringAttachments({ client }, {}), (page) => page.TransitGatewayPeeringAttachments),
};

/**
 * Every active and blackhole route of one transit gateway route table. SearchTransitGatewayRoutes
 * has no paging: it returns at most 1,000 routes and says when more exist.
 */
async function searchTransitGatewayRoutes(client: EC2Client, routeTableId: string): Promise<ObservationCatalog['ec2.transitGatewayRoutes']> {
  const result = await client.send(
    new SearchTransitGatewayRoutesCommand({
      TransitGatewayRouteTableId: routeTableId,
      Filters: [{ Name: 'state', Values: ['active', 'blackhole'] }],
      MaxResults: 1000,
    }),
  );
  return { routeTableId, routes: result.Routes ?? [], additionalRoutesAvailable: result.AdditionalRoutesAvailable === true };
}

/** The CIDRs of one managed prefix list, paged. */
async function prefixListEntries(client: EC2Client, prefixListId: string): Promise<ObservationCatalog['ec2.prefixListEntries']> {
  const entries = await drain(paginateGetManagedPrefixListEntries({ client }, { PrefixListId: prefixListId }), (page) => page.Entries);
  return { prefixListId, cidrs: entries.map((entry) => entry.Cidr).filter((cidr): cidr is string => Boolean(cidr)) };
}

/** DNS attributes of one VPC: no listing returns them, so two calls per VPC is the minimum. */
async function describeDnsAttributes(client: EC2Client, vpcId: string): Promise<ObservationCatalog['ec2.vpcDnsAttributes']> {
  const [support, hostnames] = await Promise.all([
    client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' })),
    client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' })),
  ]);
  return { vpcId, enableDnsSupport: support.EnableDnsSupport?.Value === true, enableDnsHostnames: hostnames.EnableDnsHostnames?.Value === true };
}

/** Collects one EC2 observation. */
export async function collectEc2<K extends Ec2Kind>(context: CollectContext, request: ObservationRequest<K>): Promise<ObservationCatalog[K]> {
  const client = context.clients.ec2(request.account, request.region);
  if (request.kind === 'ec2.vpcDnsAttributes') return (await describeDnsAttributes(client, request.args?.vpcId ?? '')) as ObservationCatalog[K];
  if (request.kind === 'ec2.transitGatewayRoutes') return (await searchTransitGatewayRoutes(client, request.args?.routeTableId ?? '')) as ObservationCatalog[K];
  if (request.kind === 'ec2.prefixListEntries') return (await prefixListEntries(client, request.args?.prefixListId ?? '')) as ObservationCatalog[K];
  const listing = LISTINGS[request.kind as ListingKind];
  if (!listing) throw new Error(`no EC2 collector for ${request.kind}`);
  return (await listing(client)) as ObservationCatalog[K];
}
