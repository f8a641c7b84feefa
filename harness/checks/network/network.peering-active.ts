import type { FindingDraft } from '../../model/findings.ts';
import { routeSegments } from '../../net/routes.ts';
import { defineCheck } from '../define.ts';
import { routingContext, routingNeeds } from './network.app-routes-to-endpoints.ts';
import { pathLegs } from './paths.ts';
import { routingScopeSchema } from './scope.ts';
import { ec2Resource } from './view.ts';

export default defineCheck({
  id: 'network.peering-active',
  title: 'An active VPC peering connection joins the app VPC and the endpoint VPC, and no route uses a peering that is not active',
  severity: 'critical',
  rationale:
    'The peering is the private path from the app Region to the Bedrock endpoints; a connection left pending-acceptance, rejected, expired or deleted carries no traffic, and a route table still pointing at a stale second peering sends its subnets nowhere even while another peering is active (Amazon VPC Peering Guide, “VPC peering connection lifecycle”). Not applicable when the path is a transit gateway.',
  remediation:
    'Accept the pending request in the endpoint account and Region (aws ec2 accept-vpc-peering-connection), or create the peering (Terraform: aws_vpc_peering_connection + aws_vpc_peering_connection_accepter); point routes that use a stale peering at the active one.',
  params: routingScopeSchema,
  needs: routingNeeds,
  evaluate(observations, scope) {
    const context = routingContext(scope, observations);
    const { view } = context;
    const resource = ec2Resource(scope, 'app', 'AWS::EC2::VPC', scope.app.vpcId);
    if (scope.topology === 'transit-gateway') {
      return [
        { status: 'not_applicable', resource, message: 'The suite declares a transit gateway path (topology: transit-gateway); no VPC peering is expected.' },
      ];
    }
    const missing = view.missingVpcFindings();
    if (missing.length > 0) return missing;
    const peerings = view.peerings();
    // Which in-scope routes use which peering (and which go to a transit gateway).
    const usedBy = new Map<string, Set<string>>();
    const gateways = new Set<string>();
    for (const leg of pathLegs(view)) {
      if (!leg.table || !leg.destination) continue;
      for (const segment of routeSegments(leg.table, leg.destination).segments) {
        const peering = segment.route?.VpcPeeringConnectionId;
        if (peering) usedBy.set(peering, (usedBy.get(peering) ?? new Set()).add(`${leg.table.RouteTableId} (${segment.matched})`));
        if (segment.route?.TransitGatewayId) gateways.add(segment.route.TransitGatewayId);
      }
    }
    if (peerings.length === 0) {
      if (scope.topology === 'any' && gateways.size > 0) {
        return [
          {
            status: 'not_applicable',
            resource,
            message: `No VPC peering joins ${scope.app.vpcId} and ${scope.endpoint.vpcId}; the routes go through transit gateway ${[...gateways].join(', ')}, which the routing checks and the static path follow.`,
          },
        ];
      }
      return [
        {
          status: 'fail',
          resource,
          message: `No VPC peering connection joins the app VPC ${scope.app.vpcId} (${scope.app.region}) and the endpoint VPC ${scope.endpoint.vpcId} (${scope.endpoint.region}); create and accept one.`,
          expected: 'one active peering connection',
          actual: 'none',
        },
      ];
    }
    const anyActive = peerings.some((peering) => peering.Status?.Code === 'active');
    return peerings.map((peering): FindingDraft => {
      const id = peering.VpcPeeringConnectionId!;
      const peeringResource = ec2Resource(scope, 'app', 'AWS::EC2::VPCPeeringConnection', id, peering.Tags);
      const status = peering.Status?.Code ?? 'unknown';
      const routes = [...(usedBy.get(id) ?? [])].sort();
      const actual = { status, requester: peering.RequesterVpcInfo?.VpcId, accepter: peering.AccepterVpcInfo?.VpcId, usedByRoutes: routes };
      if (status === 'active')
        return {
          status: 'pass',
          resource: peeringResource,
          message: `Peering ${id} between ${scope.app.vpcId} and ${scope.endpoint.vpcId} is active${routes.length > 0 ? ` and carries the routes of ${routes.join(', ')}` : ''}.`,
          expected: 'active',
          actual,
        };
      if (routes.length > 0) {
        return {
          status: 'fail',
          resource: peeringResource,
          message: `Peering ${id} between ${scope.app.vpcId} and ${scope.endpoint.vpcId} is ${status}, not active, yet route table${routes.length > 1 ? 's' : ''} ${routes.join(', ')} still send${routes.length > 1 ? '' : 's'} traffic to it; ${anyActive ? 'point them at the active peering' : 'accept it or replace it with an accepted connection'}.`,
          expected: 'active, or used by no route',
          actual,
        };
      }
      // A stale extra connection that no route uses is not a fault of the path.
      if (anyActive)
        return {
          status: 'pass',
          resource: peeringResource,
          message: `Peering ${id} is ${status}, but no in-scope route uses it and another active peering joins the two VPCs.`,
          expected: 'active, or used by no route',
          actual,
        };
      const hint = status === 'pending-acceptance' ? 'accept it in the endpoint account and Region' : 'replace it with an accepted connection';
      return {
        status: 'fail',
        resource: peeringResource,
        message: `Peering ${id} between ${scope.app.vpcId} and ${scope.endpoint.vpcId} is ${status}, not active; ${hint}.`,
        expected: 'active',
        actual,
      };
    });
  },
});
