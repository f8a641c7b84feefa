import { defineCheck } from '../define.ts';
import { evaluatePeeringRoutes, overlapSkip } from './peering-routes.ts';
import { bothSides, networkScopeSchema, onSide } from './scope.ts';
import { ec2Resource, NetworkView } from './view.ts';

export default defineCheck({
  id: 'network.endpoint-routes-to-app',
  title: 'Every route table of the endpoint subnets sends the in-scope app subnets back through the peering connection',
  severity: 'critical',
  rationale:
    'Replies from the endpoint ENIs follow the endpoint subnets’ route tables; without the return route the TCP handshake never completes although the forward path is fine (Amazon VPC Peering Guide: routes are needed in both VPCs).',
  remediation: 'aws ec2 create-route --route-table-id <endpoint rtb> --destination-cidr-block <app VPC CIDR> --vpc-peering-connection-id <pcx>.',
  params: networkScopeSchema,
  needs: (scope) => [
    ...bothSides(scope, ['ec2.vpcs', 'ec2.subnets', 'ec2.routeTables']),
    ...onSide(scope, 'app', ['ec2.peeringConnections']),
    ...onSide(scope, 'endpoint', ['ec2.vpcEndpoints']),
  ],
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings();
    if (missing.length > 0) return missing;
    if (view.cidrsOverlap()) return [overlapSkip(view)];
    const sources = view.endpointSubnets();
    if (sources.length === 0) {
      return [
        {
          status: 'skipped',
          resource: ec2Resource(scope, 'endpoint', 'AWS::EC2::VPC', scope.endpoint.vpcId),
          message: `No in-scope interface endpoint exists in ${scope.endpoint.vpcId}, so no return route is needed (see network.interface-endpoints-available).`,
        },
      ];
    }
    const { subnets } = view.appSubnets();
    if (subnets.length === 0) {
      return [
        {
          status: 'error',
          resource: ec2Resource(scope, 'app', 'AWS::EC2::VPC', scope.app.vpcId),
          message: `No in-scope app subnet was found in ${scope.app.vpcId}; name the subnets to check in app_subnet_ids.`,
        },
      ];
    }
    const destinations = subnets.map((subnet) => ({ cidr: subnet.CidrBlock!, label: `app subnet ${subnet.SubnetId}` }));
    return evaluatePeeringRoutes(view, { side: 'endpoint', sources, destinations });
  },
});
