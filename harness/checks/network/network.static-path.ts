import type { NetworkAcl, Route, RouteTable, SecurityGroup, Subnet, VpcPeeringConnection } from '../../model/aws-shapes.ts';
import { z } from 'zod';
import type { FindingDraft } from '../../model/findings.ts';
import { EPHEMERAL_PORTS, evaluateNacl, isFinalDeny } from '../../net/nacl.ts';
import { routeFor, routeTarget } from '../../net/routes.ts';
import { Ipv4Set, parseCidr } from '../../net/ipv4.ts';
import { admittedAddresses, uncoveredPart } from '../../net/security-groups.ts';
import { defineCheck } from '../define.ts';
import { endpointInterfaces } from '../live.ts';
import { overlapSkip } from './peering-routes.ts';
import { bothSides, ec2Request, networkScopeSchema, onSide } from './scope.ts';
import { ec2Resource, naclOf, NetworkView, routeTableOf } from './view.ts';

/** One hop of the path and whether it lets the connection through. */
interface Hop {
  hop: string;
  ok: boolean;
  detail: string;
}

/** The addresses of `cidr` that the groups' egress rules do not allow on TCP 443. */
function egressGap(groups: readonly SecurityGroup[], cidr: string): Ipv4Set {
  const asIngress = groups.map((group) => ({ ...group, IpPermissions: group.IpPermissionsEgress }));
  return uncoveredPart(admittedAddresses(asIngress, 443).admitted, cidr);
}

/** A security-group hop: open when the groups leave no address of `cidr` out; `verb` says which way ("admit 443 from"). */
function groupHop(hop: string, groups: readonly SecurityGroup[], gap: Ipv4Set, verb: string, cidr: string, none: string): Hop {
  const ids = groups.map((group) => group.GroupId).join(', ');
  return {
    hop,
    ok: gap.isEmpty(),
    detail: gap.isEmpty() ? `${ids} ${verb} ${cidr}` : `${ids || none} do not ${verb} ${gap.toCidrs().join(', ')}`,
  };
}

function naclHop(name: string, acl: NetworkAcl | undefined, legs: { egress: boolean; from: number; to: number; cidr: string; what: string }[]): Hop {
  if (!acl) return { hop: name, ok: false, detail: 'no network ACL found' };
  for (const leg of legs) {
    const verdict = evaluateNacl(acl.Entries ?? [], { egress: leg.egress, fromPort: leg.from, toPort: leg.to, cidr: leg.cidr });
    if (!verdict.allowed) {
      const rule = isFinalDeny(verdict.denial!) ? 'the final * deny' : `rule ${verdict.denial!.ruleNumber}`;
      return { hop: name, ok: false, detail: `${acl.NetworkAclId} denies ${leg.what} (${rule}, ports ${verdict.denial!.ports})` };
    }
  }
  return { hop: name, ok: true, detail: `${acl.NetworkAclId} allows ${legs.map((leg) => leg.what).join(' and ')}` };
}

export default defineCheck({
  id: 'network.static-path',
  title: 'From every in-scope app subnet to every endpoint interface, the path on TCP 443 and back is open hop by hop',
  severity: 'critical',
  rationale:
    'Reachability Analyzer cannot analyse inter-Region peering, so crisp walks the path itself: route, active peering, return route, workload and endpoint security groups, and the stateless NACLs both ways. The first broken hop is what to fix.',
  remediation: 'Fix the hop the finding names; the per-hop checks (routes, peering, security groups, NACLs) carry the exact commands.',
  params: networkScopeSchema.extend({
    workloadSecurityGroupIds: z
      .array(z.string().regex(/^sg-[0-9a-f]+$/, 'must be a security group id (sg-…)'))
      .min(1)
      .optional()
      .describe('Security groups of the calling workload in the app VPC; their egress must allow 443.'),
  }),
  needs: (scope) => [
    ...bothSides(scope, ['ec2.vpcs', 'ec2.subnets', 'ec2.routeTables', 'ec2.networkAcls']),
    ...onSide(scope, 'app', ['ec2.peeringConnections', ...(scope.workloadSecurityGroupIds ? (['ec2.securityGroups'] as const) : [])]),
    ...onSide(scope, 'endpoint', ['ec2.vpcEndpoints', 'ec2.securityGroups', 'ec2.networkInterfaces']),
  ],
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings();
    if (missing.length > 0) return missing;
    if (view.cidrsOverlap()) return [overlapSkip(view)];
    const appSubnets = view.appSubnets().subnets;
    const endpointSubnets = new Map(view.subnets('endpoint').map((subnet) => [subnet.SubnetId, subnet]));
    const peerings = new Map<string, VpcPeeringConnection>(view.peerings().map((peering) => [peering.VpcPeeringConnectionId!, peering]));
    const appTables = view.routeTables('app');
    const endpointTables = view.routeTables('endpoint');
    const appAcls = observations.get(ec2Request(scope, 'app', 'ec2.networkAcls'));
    const endpointAcls = observations.get(ec2Request(scope, 'endpoint', 'ec2.networkAcls'));
    const workloadGroups = scope.workloadSecurityGroupIds
      ? observations.get(ec2Request(scope, 'app', 'ec2.securityGroups')).filter((group) => scope.workloadSecurityGroupIds!.includes(group.GroupId ?? ''))
      : undefined;

    /** A routing hop is open when the most specific route goes through a peering joining the VPCs and is not a blackhole. */
    const routeHop = (hop: string, table: RouteTable | undefined, route: Route | undefined, destination: string): Hop => ({
      hop,
      ok: Boolean(route?.VpcPeeringConnectionId && peerings.has(route.VpcPeeringConnectionId) && route.State !== 'blackhole'),
      detail: route
        ? `${table!.RouteTableId}: ${route.DestinationCidrBlock} → ${routeTarget(route)}`
        : `${table?.RouteTableId ?? 'no route table'} has no route for ${destination}`,
    });

    const walk = (app: Subnet, target: Subnet, groups: SecurityGroup[]): Hop[] => {
      const hops: Hop[] = [];
      const appCidr = app.CidrBlock!;
      const targetCidr = target.CidrBlock!;
      const forward = routeTableOf(appTables, scope.app.vpcId, app.SubnetId!);
      const route = forward ? routeFor(forward, targetCidr) : undefined;
      hops.push(routeHop('route', forward, route, targetCidr));
      const peering = route?.VpcPeeringConnectionId ? peerings.get(route.VpcPeeringConnectionId) : view.peerings()[0];
      hops.push({
        hop: 'peering',
        ok: peering?.Status?.Code === 'active',
        detail: peering ? `${peering.VpcPeeringConnectionId} is ${peering.Status?.Code}` : 'no peering joins the VPCs',
      });
      const back = routeTableOf(endpointTables, scope.endpoint.vpcId, target.SubnetId!);
      hops.push(routeHop('return route', back, back ? routeFor(back, appCidr) : undefined, appCidr));
      if (workloadGroups) {
        hops.push(
          groupHop('workload security groups (egress)', workloadGroups, egressGap(workloadGroups, targetCidr), 'allow 443 to', targetCidr, '(none found)'),
        );
      }
      const ingressGap = uncoveredPart(admittedAddresses(groups, 443).admitted, appCidr);
      hops.push(groupHop('endpoint security groups (ingress)', groups, ingressGap, 'admit 443 from', appCidr, '(none)'));
      hops.push(
        naclHop('app subnet NACL', naclOf(appAcls, scope.app.vpcId, app.SubnetId!), [
          { egress: true, from: 443, to: 443, cidr: targetCidr, what: `443 out to ${targetCidr}` },
          { egress: false, ...EPHEMERAL_PORTS, cidr: targetCidr, what: `replies in from ${targetCidr}` },
        ]),
      );
      hops.push(
        naclHop('endpoint subnet NACL', naclOf(endpointAcls, scope.endpoint.vpcId, target.SubnetId!), [
          { egress: false, from: 443, to: 443, cidr: appCidr, what: `443 in from ${appCidr}` },
          { egress: true, ...EPHEMERAL_PORTS, cidr: appCidr, what: `replies out to ${appCidr}` },
        ]),
      );
      return hops;
    };

    const findings: FindingDraft[] = [];
    for (const service of scope.services) {
      const interfaces = endpointInterfaces(view, observations, service);
      if (interfaces.length === 0) {
        findings.push(view.noEndpointSkip(service, 'there is no path to walk'));
        continue;
      }
      for (const entry of interfaces) {
        const target = endpointSubnets.get(entry.eni?.SubnetId);
        const groups = view.securityGroupsOf(entry.endpoint);
        const resource = ec2Resource(scope, 'endpoint', 'AWS::EC2::NetworkInterface', entry.eniId, entry.eni?.TagSet);
        for (const app of appSubnets) {
          const from = `${app.SubnetId} (${app.CidrBlock})`;
          if (!target || !parseCidr(target.CidrBlock ?? '')) {
            findings.push({
              status: 'error',
              resource,
              message: `Interface ${entry.eniId} of ${entry.endpoint.VpcEndpointId} lies in no known endpoint subnet, so the path from ${from} cannot be walked.`,
            });
            continue;
          }
          const hops = walk(app, target, groups);
          const broken = hops.find((hop) => !hop.ok);
          const to = `${entry.eniId} ${entry.ip ?? ''} in ${target.SubnetId} (${service}, ${entry.endpoint.VpcEndpointId})`;
          findings.push(
            broken
              ? { status: 'fail', resource, message: `Path ${from} → ${to} breaks at the ${broken.hop}: ${broken.detail}.`, evidence: { hops } }
              : { status: 'pass', resource, message: `Path ${from} → ${to} is open on 443 and back through ${hops.length} hops.`, evidence: { hops } },
          );
        }
      }
    }
    return findings;
  },
});
