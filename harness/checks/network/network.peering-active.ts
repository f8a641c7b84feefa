import type { FindingDraft } from '../../model/findings.ts';
import { defineCheck } from '../define.ts';
import { bothSides, networkScopeSchema, onSide } from './scope.ts';
import { ec2Resource, NetworkView } from './view.ts';

export default defineCheck({
  id: 'network.peering-active',
  title: 'An active VPC peering connection joins the app VPC and the endpoint VPC',
  severity: 'critical',
  rationale:
    'The peering is the only private path from the app Region to the Bedrock endpoints; a connection left pending-acceptance, rejected or deleted carries no traffic (Amazon VPC Peering Guide, “VPC peering connection lifecycle”).',
  remediation:
    'Accept the pending request in the endpoint account and Region (aws ec2 accept-vpc-peering-connection), or create the peering (Terraform: aws_vpc_peering_connection + aws_vpc_peering_connection_accepter).',
  params: networkScopeSchema,
  needs: (scope) => [...bothSides(scope, ['ec2.vpcs']), ...onSide(scope, 'app', ['ec2.peeringConnections'])],
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings();
    if (missing.length > 0) return missing;
    const peerings = view.peerings();
    if (peerings.length === 0) {
      return [
        {
          status: 'fail',
          resource: ec2Resource(scope, 'app', 'AWS::EC2::VPC', scope.app.vpcId),
          message: `No VPC peering connection joins the app VPC ${scope.app.vpcId} (${scope.app.region}) and the endpoint VPC ${scope.endpoint.vpcId} (${scope.endpoint.region}); create and accept one.`,
          expected: 'one active peering connection',
          actual: 'none',
        },
      ];
    }
    const anyActive = peerings.some((peering) => peering.Status?.Code === 'active');
    return peerings.map((peering): FindingDraft => {
      const id = peering.VpcPeeringConnectionId!;
      const resource = ec2Resource(scope, 'app', 'AWS::EC2::VPCPeeringConnection', id, peering.Tags);
      const status = peering.Status?.Code ?? 'unknown';
      const actual = { status, requester: peering.RequesterVpcInfo?.VpcId, accepter: peering.AccepterVpcInfo?.VpcId };
      if (status === 'active')
        return {
          status: 'pass',
          resource,
          message: `Peering ${id} between ${scope.app.vpcId} and ${scope.endpoint.vpcId} is active.`,
          expected: 'active',
          actual,
        };
      // A stale extra connection next to an active one is not a fault of the path.
      if (anyActive)
        return { status: 'pass', resource, message: `Peering ${id} is ${status}, but another active peering joins the two VPCs.`, expected: 'active', actual };
      const hint = status === 'pending-acceptance' ? 'accept it in the endpoint account and Region' : 'replace it with an accepted connection';
      return {
        status: 'fail',
        resource,
        message: `Peering ${id} between ${scope.app.vpcId} and ${scope.endpoint.vpcId} is ${status}, not active; ${hint}.`,
        expected: 'active',
        actual,
      };
    });
  },
});
