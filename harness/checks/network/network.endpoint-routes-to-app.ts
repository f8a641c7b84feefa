import { defineCheck } from '../define.ts';
import { routingContext, routingNeeds } from './network.app-routes-to-endpoints.ts';
import { pathRequests } from './paths.ts';
import { evaluateRouteTables, overlapSkip } from './route-tables.ts';
import { routingScopeSchema } from './scope.ts';
import { ec2Resource } from './view.ts';

export default defineCheck({
  id: 'network.endpoint-routes-to-app',
  title: 'Every route table of the endpoint subnets sends every address of the in-scope app subnets back along the path to the app VPC',
  severity: 'critical',
  rationale:
    'Replies from the endpoint interfaces follow the endpoint subnets’ route tables (their own, else the main table); without the return route — or with a more specific one elsewhere — the TCP handshake never completes although the forward path is fine (Amazon VPC Peering Guide: routes are needed in both VPCs).',
  remediation:
    'aws ec2 create-route --route-table-id <endpoint rtb> --destination-cidr-block <app VPC CIDR> --vpc-peering-connection-id <pcx> (or --transit-gateway-id <tgw>).',
  params: routingScopeSchema,
  needs: routingNeeds,
  probes: (scope, observations) => pathRequests(routingContext(scope, observations)),
  evaluate(observations, scope) {
    const context = routingContext(scope, observations);
    const { view } = context;
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
    const unknown = view.unknownSubnetFindings();
    const destinations = view.appSubnets().subnets.map((subnet) => ({ cidr: subnet.CidrBlock!, label: `app subnet ${subnet.SubnetId}` }));
    if (destinations.length === 0) {
      return [
        ...unknown,
        {
          status: 'error',
          resource: ec2Resource(scope, 'app', 'AWS::EC2::VPC', scope.app.vpcId),
          message: `Nothing in scope to judge: the app VPC ${scope.app.vpcId} has no ${scope.app.subnetIds ? 'subnet named in app_subnet_ids' : 'subnets'}.`,
        },
      ];
    }
    return [...unknown, ...evaluateRouteTables(context, { side: 'endpoint', sources, destinations })];
  },
});
