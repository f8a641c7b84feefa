/**
 * Shared evaluation for the two routing checks: each route table must send every
 * destination CIDR through a peering connection that joins the two VPCs.
 */
import type { RouteTable, Subnet } from '../../model/aws-shapes.ts';
import type { FindingDraft } from '../../model/findings.ts';
import { routeFor, routeTarget } from '../../net/routes.ts';
import type { Side } from './scope.ts';
import { ec2Resource, nameTag, NetworkView, routeTableOf } from './view.ts';

/** What one direction of routing is about. */
export interface RoutingDirection {
  /** Side whose route tables are judged. */
  side: Side;
  /** Subnets on that side whose tables matter. */
  sources: Subnet[];
  /** CIDRs on the far side that must be routed through the peering. */
  destinations: { cidr: string; label: string }[];
}

/** One finding per route table serving the source subnets. */
export function evaluatePeeringRoutes(view: NetworkView, direction: RoutingDirection): FindingDraft[] {
  const { scope } = view;
  const peeringIds = new Set(view.peerings().map((peering) => peering.VpcPeeringConnectionId));
  const tables = view.routeTables(direction.side);
  const subnetsByTable = new Map<string, { table: RouteTable; subnets: string[] }>();
  for (const subnet of direction.sources) {
    const table = routeTableOf(tables, scope[direction.side].vpcId, subnet.SubnetId!);
    if (!table) continue;
    const entry = subnetsByTable.get(table.RouteTableId!) ?? { table, subnets: [] };
    entry.subnets.push(subnet.SubnetId!);
    subnetsByTable.set(table.RouteTableId!, entry);
  }
  const findings: FindingDraft[] = [];
  for (const { table, subnets } of subnetsByTable.values()) {
    const resource = ec2Resource(scope, direction.side, 'AWS::EC2::RouteTable', table.RouteTableId!, table.Tags);
    const label = `Route table ${nameTag(table.Tags) ? `${nameTag(table.Tags)} (${table.RouteTableId})` : table.RouteTableId} of ${direction.side} subnet${subnets.length > 1 ? 's' : ''} ${subnets.join(', ')}`;
    const problems: string[] = [];
    const actual: Record<string, string> = {};
    for (const destination of direction.destinations) {
      const route = routeFor(table, destination.cidr);
      if (!route) {
        problems.push(`has no route for ${destination.label} ${destination.cidr}`);
        actual[destination.cidr] = 'no route';
        continue;
      }
      const target = routeTarget(route);
      actual[destination.cidr] = `${route.DestinationCidrBlock} → ${target}${route.State && route.State !== 'active' ? ` (${route.State})` : ''}`;
      if (route.State === 'blackhole') problems.push(`routes ${destination.cidr} to ${target}, which is a blackhole`);
      else if (!route.VpcPeeringConnectionId) problems.push(`sends ${destination.label} ${destination.cidr} to ${target} instead of the peering`);
      else if (!peeringIds.has(route.VpcPeeringConnectionId))
        problems.push(`sends ${destination.cidr} to ${target}, a peering that does not join ${scope.app.vpcId} and ${scope.endpoint.vpcId}`);
    }
    const expected = `${direction.destinations.map((destination) => destination.cidr).join(', ')} → ${[...peeringIds].join(' or ') || 'the peering'}`;
    findings.push(
      problems.length === 0
        ? {
            status: 'pass',
            resource,
            message: `${label} routes ${direction.destinations.map((destination) => destination.cidr).join(', ')} through the peering.`,
            expected,
            actual,
          }
        : { status: 'fail', resource, message: `${label} ${problems.join('; ')}; add a route to the peering connection.`, expected, actual },
    );
  }
  return findings;
}

/** The dependent-skip finding when overlapping CIDRs make routing meaningless. */
export function overlapSkip(view: NetworkView): FindingDraft {
  return {
    status: 'skipped',
    resource: ec2Resource(view.scope, 'app', 'AWS::EC2::VPC', view.scope.app.vpcId),
    message: `Routing is not evaluated because the two VPCs' CIDRs overlap (see network.vpc-cidrs-disjoint).`,
  };
}
