import { defineCheck } from '../define.ts';
import { Ipv4Set, parseCidr } from '../../net/ipv4.ts';
import { bothSides, networkScopeSchema } from './scope.ts';
import { ec2Resource, NetworkView, vpcCidrs } from './view.ts';

export default defineCheck({
  id: 'network.vpc-cidrs-disjoint',
  title: 'The app VPC and the endpoint VPC have no overlapping IPv4 CIDR blocks',
  severity: 'critical',
  rationale:
    'VPC peering cannot route between overlapping address spaces: the local route always wins, so traffic for the endpoints never leaves the app VPC (Amazon VPC Peering Guide, “VPC peering limitations”: peered VPCs must not have matching or overlapping IPv4 CIDR blocks).',
  remediation:
    'Re-address one VPC (add a non-overlapping secondary CIDR and move the subnets) before peering; AWS refuses to peer VPCs with overlapping primary CIDRs.',
  params: networkScopeSchema,
  needs: (scope) => bothSides(scope, ['ec2.vpcs']),
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const app = view.vpc('app');
    const endpoint = view.vpc('endpoint');
    if (!app || !endpoint) return view.missingVpcFindings();
    const appCidrs = vpcCidrs(app);
    const endpointCidrs = vpcCidrs(endpoint);
    let shared = Ipv4Set.empty();
    for (const cidr of endpointCidrs) {
      const range = parseCidr(cidr);
      if (range) shared = shared.union(Ipv4Set.fromCidrs(appCidrs).intersect(range).ranges);
    }
    const resource = ec2Resource(scope, 'app', 'AWS::EC2::VPC', scope.app.vpcId, app.Tags);
    const actual = { app: appCidrs, endpoint: endpointCidrs };
    if (shared.isEmpty()) {
      return [
        {
          status: 'pass',
          resource,
          message: `The app VPC ${scope.app.vpcId} (${appCidrs.join(', ')}) and the endpoint VPC ${scope.endpoint.vpcId} (${endpointCidrs.join(', ')}) do not overlap.`,
          actual,
        },
      ];
    }
    return [
      {
        status: 'fail',
        resource,
        message: `The app VPC ${scope.app.vpcId} (${appCidrs.join(', ')}) overlaps the endpoint VPC ${scope.endpoint.vpcId} (${endpointCidrs.join(', ')}) in ${shared.toCidrs().join(', ')}; re-address one of them.`,
        expected: 'no shared addresses',
        actual: { ...actual, overlap: shared.toCidrs() },
      },
    ];
  },
});
