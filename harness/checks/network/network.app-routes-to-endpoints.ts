import type { FindingDraft } from '../../model/findings.ts';
import { defineCheck } from '../define.ts';
import { evaluatePeeringRoutes, overlapSkip } from './peering-routes.ts';
import { bothSides, networkScopeSchema, onSide } from './scope.ts';
import { ec2Resource, NetworkView } from './view.ts';

export default defineCheck({
  id: 'network.app-routes-to-endpoints',
  title: 'Every in-scope app route table sends the endpoint subnets through the peering connection',
  severity: 'critical',
  rationale:
    'Peering adds no routes by itself: each app subnet’s route table needs a route for the endpoint VPC CIDR via the pcx-, or requests to the endpoint IPs leave by the default route or are dropped (Amazon VPC Peering Guide, “Update your route tables for a VPC peering connection”).',
  remediation:
    'aws ec2 create-route --route-table-id <rtb> --destination-cidr-block <endpoint VPC CIDR> --vpc-peering-connection-id <pcx> (Terraform: aws_route per app route table).',
  params: networkScopeSchema,
  needs: (scope) => [
    ...bothSides(scope, ['ec2.vpcs', 'ec2.subnets']),
    ...onSide(scope, 'app', ['ec2.routeTables', 'ec2.peeringConnections']),
    ...onSide(scope, 'endpoint', ['ec2.vpcEndpoints']),
  ],
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings();
    if (missing.length > 0) return missing;
    if (view.cidrsOverlap()) return [overlapSkip(view)];
    const { subnets, unknownIds } = view.appSubnets();
    const findings: FindingDraft[] = unknownIds.map((id) => ({
      status: 'error',
      resource: ec2Resource(scope, 'app', 'AWS::EC2::Subnet', id),
      message: `App subnet ${id} named in app_subnet_ids does not exist in VPC ${scope.app.vpcId}; fix the variable.`,
    }));
    if (subnets.length === 0 && unknownIds.length === 0) {
      return [
        {
          status: 'error',
          resource: ec2Resource(scope, 'app', 'AWS::EC2::VPC', scope.app.vpcId),
          message: `The app VPC ${scope.app.vpcId} has no subnet with an explicit route-table association; name the subnets to check in app_subnet_ids.`,
        },
      ];
    }
    const destinations = view.endpointSubnets().map((subnet) => ({ cidr: subnet.CidrBlock!, label: `endpoint subnet ${subnet.SubnetId}` }));
    if (destinations.length === 0) {
      return [
        {
          status: 'skipped',
          resource: ec2Resource(scope, 'endpoint', 'AWS::EC2::VPC', scope.endpoint.vpcId),
          message: `No in-scope interface endpoint exists in ${scope.endpoint.vpcId}, so there is nothing to route to (see network.interface-endpoints-available).`,
        },
      ];
    }
    return [...findings, ...evaluatePeeringRoutes(view, { side: 'app', sources: subnets, destinations })];
  },
});
