import type { Subnet } from '../../model/aws-shapes.ts';
import type { FindingDraft } from '../../model/findings.ts';
import { EPHEMERAL_PORTS, evaluateNacl, isFinalDeny, type NaclQuery } from '../../net/nacl.ts';
import { defineCheck } from '../define.ts';
import { bothSides, ec2Request, networkScopeSchema, onSide, type Side } from './scope.ts';
import { ec2Resource, naclOf, NetworkView } from './view.ts';

const EPHEMERAL = `${EPHEMERAL_PORTS.from}-${EPHEMERAL_PORTS.to}`;

interface Leg {
  query: NaclQuery;
  what: string;
}

/** The four legs a subnet's NACL must pass, seen from that side. */
function legsFor(side: Side, peers: readonly Subnet[]): Leg[] {
  return peers.flatMap((peer) => {
    const cidr = peer.CidrBlock!;
    return side === 'app'
      ? [
          { query: { egress: true, fromPort: 443, toPort: 443, cidr }, what: `outbound TCP 443 to endpoint subnet ${peer.SubnetId} (${cidr})` },
          {
            query: { egress: false, fromPort: EPHEMERAL_PORTS.from, toPort: EPHEMERAL_PORTS.to, cidr },
            what: `inbound return traffic (TCP ${EPHEMERAL}) from ${cidr}`,
          },
        ]
      : [
          { query: { egress: false, fromPort: 443, toPort: 443, cidr }, what: `inbound TCP 443 from app subnet ${peer.SubnetId} (${cidr})` },
          {
            query: { egress: true, fromPort: EPHEMERAL_PORTS.from, toPort: EPHEMERAL_PORTS.to, cidr },
            what: `outbound return traffic (TCP ${EPHEMERAL}) to ${cidr}`,
          },
        ];
  });
}

export default defineCheck({
  id: 'network.nacls-allow-https',
  title: 'The network ACLs of the app subnets and the endpoint subnets let TCP 443 through and the return traffic back',
  severity: 'critical',
  rationale:
    'NACLs are stateless: both the request on 443 and the reply on ephemeral ports must be allowed on each side, and the first matching rule wins, so a deny numbered before the allow silently drops Bedrock calls.',
  remediation:
    'Add allow entries (aws ec2 create-network-acl-entry) numbered below any deny: on app subnets egress 443 and ingress 1024-65535 from the endpoint subnets; on endpoint subnets ingress 443 and egress 1024-65535 to the app subnets.',
  params: networkScopeSchema,
  needs: (scope) => [
    ...bothSides(scope, ['ec2.vpcs', 'ec2.subnets', 'ec2.networkAcls']),
    ...onSide(scope, 'app', ['ec2.routeTables']),
    ...onSide(scope, 'endpoint', ['ec2.vpcEndpoints']),
  ],
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings();
    if (missing.length > 0) return missing;
    const appSubnets = view.appSubnets().subnets;
    const endpointSubnets = view.endpointSubnets();
    if (appSubnets.length === 0 || endpointSubnets.length === 0) {
      return [
        {
          status: 'skipped',
          resource: ec2Resource(scope, 'app', 'AWS::EC2::VPC', scope.app.vpcId),
          message: `There are no in-scope ${appSubnets.length === 0 ? 'app' : 'endpoint'} subnets to judge NACLs between (see network.interface-endpoints-available).`,
        },
      ];
    }
    const judge = (side: Side, subnets: readonly Subnet[], peers: readonly Subnet[]): FindingDraft[] => {
      const acls = observations.get(ec2Request(scope, side, 'ec2.networkAcls'));
      return subnets.map((subnet) => {
        const acl = naclOf(acls, scope[side].vpcId, subnet.SubnetId!);
        const resource = ec2Resource(scope, side, 'AWS::EC2::Subnet', subnet.SubnetId!, subnet.Tags);
        if (!acl) return { status: 'error', resource, message: `No network ACL was found for ${side} subnet ${subnet.SubnetId}.` };
        const blocked = legsFor(side, peers)
          .map((leg) => ({ leg, verdict: evaluateNacl(acl.Entries ?? [], leg.query) }))
          .filter(({ verdict }) => !verdict.allowed);
        const evidence = { networkAclId: acl.NetworkAclId, entries: acl.Entries };
        if (blocked.length === 0) {
          return {
            status: 'pass',
            resource,
            message: `Network ACL ${acl.NetworkAclId} of ${side} subnet ${subnet.SubnetId} allows 443 and the return traffic both ways.`,
            evidence,
          };
        }
        const reasons = blocked.map(({ leg, verdict }) => {
          const rule = isFinalDeny(verdict.denial!)
            ? 'the final * deny (no allow matched)'
            : `rule ${verdict.denial!.ruleNumber} (deny ${verdict.denial!.cidr} ports ${verdict.denial!.ports})`;
          return `${leg.what} is denied by ${rule}`;
        });
        return {
          status: 'fail',
          resource,
          message: `Network ACL ${acl.NetworkAclId} of ${side} subnet ${subnet.SubnetId}: ${reasons.join('; ')}; add an allow entry numbered before it.`,
          expected: 'allowed',
          actual: blocked.map(({ leg, verdict }) => ({ ...leg.query, denial: verdict.denial })),
          evidence,
        };
      });
    };
    return [...judge('app', appSubnets, endpointSubnets), ...judge('endpoint', endpointSubnets, appSubnets)];
  },
});
