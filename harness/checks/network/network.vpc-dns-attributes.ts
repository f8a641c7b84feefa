import { defineCheck } from '../define.ts';
import { bothSides, ec2Request, networkScopeSchema, type Side } from './scope.ts';
import { ec2Resource, NetworkView } from './view.ts';

const SIDES: Side[] = ['app', 'endpoint'];

export default defineCheck({
  id: 'network.vpc-dns-attributes',
  title: 'DNS support and DNS hostnames are enabled on the app VPC and the endpoint VPC',
  severity: 'high',
  rationale:
    'Private hosted zones only answer inside a VPC whose Route 53 Resolver is on (enableDnsSupport), and interface endpoints with private DNS need enableDnsHostnames; without them the Bedrock hostnames resolve to public IPs or not at all (Amazon VPC User Guide, “DNS attributes for your VPC”).',
  remediation:
    'aws ec2 modify-vpc-attribute --vpc-id <vpc> --enable-dns-support; then --enable-dns-hostnames (Terraform: enable_dns_support = true, enable_dns_hostnames = true).',
  params: networkScopeSchema,
  needs: (scope) => [...bothSides(scope, ['ec2.vpcs']), ...SIDES.map((side) => ec2Request(scope, side, 'ec2.vpcDnsAttributes', { vpcId: scope[side].vpcId }))],
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    return SIDES.map((side) => {
      const vpc = view.vpc(side);
      if (!vpc) return view.missingVpcFindings([side])[0]!;
      const attributes = observations.get(ec2Request(scope, side, 'ec2.vpcDnsAttributes', { vpcId: scope[side].vpcId }));
      const resource = ec2Resource(scope, side, 'AWS::EC2::VPC', scope[side].vpcId, vpc.Tags);
      const off = [!attributes.enableDnsSupport && 'enableDnsSupport', !attributes.enableDnsHostnames && 'enableDnsHostnames'].filter(Boolean);
      const expected = { enableDnsSupport: true, enableDnsHostnames: true };
      const actual = { enableDnsSupport: attributes.enableDnsSupport, enableDnsHostnames: attributes.enableDnsHostnames };
      return off.length === 0
        ? { status: 'pass', resource, message: `The ${side} VPC ${scope[side].vpcId} has DNS support and DNS hostnames enabled.`, expected, actual }
        : {
            status: 'fail',
            resource,
            message: `The ${side} VPC ${scope[side].vpcId} has ${off.join(' and ')} turned off; enable ${off.length > 1 ? 'them' : 'it'} with modify-vpc-attribute.`,
            expected,
            actual,
          };
    });
  },
});
