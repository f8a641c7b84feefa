import { defineCheck } from '../define.ts';
import { dataPlaneRequest } from '../live.ts';
import { pathRequests, targetKindOf, type PathContext } from './paths.ts';
import { evaluateRouteTables, overlapSkip } from './route-tables.ts';
import { bothSides, onSide, routingScopeSchema, type RoutingScope } from './scope.ts';
import { ec2Resource, NetworkView } from './view.ts';

/** The routing context of a suite instance. */
export function routingContext(scope: RoutingScope, observations: PathContext['observations']): PathContext {
  return { view: new NetworkView(observations, scope), observations, topology: scope.topology, targetKind: targetKindOf(scope, observations) };
}

/** What both routing checks read: the two VPCs, their subnets and route tables, the peerings, the endpoints, and the target kind. */
export function routingNeeds(scope: RoutingScope) {
  return [
    ...bothSides(scope, ['ec2.vpcs', 'ec2.subnets', 'ec2.routeTables']),
    ...onSide(scope, 'app', ['ec2.peeringConnections']),
    ...onSide(scope, 'endpoint', ['ec2.vpcEndpoints']),
    dataPlaneRequest(scope),
  ];
}

export default defineCheck({
  id: 'network.app-routes-to-endpoints',
  title: 'Every in-scope app route table sends every address of the endpoint subnets along the path to the endpoint VPC',
  severity: 'critical',
  rationale:
    'Peering and transit gateways add no VPC routes by themselves: each app subnet’s route table (its own, else the main table) needs routes that send every address of the endpoint subnets to an active peering joining the two VPCs, or into a transit gateway whose route tables carry the range to the endpoint VPC. A more specific route to a NAT gateway or another attachment over part of a subnet silently diverts those addresses (Amazon VPC Peering Guide, “Update your route tables for a VPC peering connection”; Transit Gateway Guide, “Transit gateway route tables”).',
  remediation:
    'aws ec2 create-route --route-table-id <rtb> --destination-cidr-block <endpoint VPC CIDR> --vpc-peering-connection-id <pcx> (or --transit-gateway-id <tgw>), and remove more specific routes that divert part of the endpoint subnets (Terraform: aws_route per app route table).',
  params: routingScopeSchema,
  needs: routingNeeds,
  probes: (scope, observations) => pathRequests(routingContext(scope, observations)),
  evaluate(observations, scope) {
    const context = routingContext(scope, observations);
    const { view } = context;
    const missing = view.missingVpcFindings();
    if (missing.length > 0) return missing;
    if (view.cidrsOverlap()) return [overlapSkip(view)];
    const unknown = view.unknownSubnetFindings();
    const destinations = view.endpointSubnets().map((subnet) => ({ cidr: subnet.CidrBlock!, label: `endpoint subnet ${subnet.SubnetId}` }));
    if (destinations.length === 0) {
      return [
        ...unknown,
        {
          status: 'skipped',
          resource: ec2Resource(scope, 'endpoint', 'AWS::EC2::VPC', scope.endpoint.vpcId),
          message: `No in-scope interface endpoint exists in ${scope.endpoint.vpcId}, so there is nothing to route to (see network.interface-endpoints-available).`,
        },
      ];
    }
    return [...unknown, ...evaluateRouteTables(context, { side: 'app', sources: view.appSubnets().subnets, destinations })];
  },
});
