import type { NetworkAcl, SecurityGroup, Subnet } from '../../model/aws-shapes.ts';
import type { FindingDraft } from '../../model/findings.ts';
import { cidrContainsIp, parseCidr } from '../../net/ipv4.ts';
import { EPHEMERAL_PORTS, evaluateNacl, isFinalDeny } from '../../net/nacl.ts';
import { admittedAddresses, uncoveredPart, type ReferenceResolver } from '../../net/security-groups.ts';
import { z } from 'zod';
import { defineCheck } from '../define.ts';
import { endpointInterfaces } from '../live.ts';
import { routingContext, routingNeeds } from './network.app-routes-to-endpoints.ts';
import { judgeDestination, pathRequests, worstOf, type PathContext } from './paths.ts';
import { overlapSkip } from './route-tables.ts';
import { bothSides, ec2Request, onSide, routingScopeSchema } from './scope.ts';
import { referenceRequests, referenceResolver } from './security.ts';
import { ec2Resource, naclOf } from './view.ts';

/** One hop of the path and whether it lets the connection through. */
interface Hop {
  hop: string;
  status: 'ok' | 'fail' | 'undetermined' | 'error';
  detail: string;
}

/** A security-group hop: open when the groups leave no address of `cidr` out; unresolved references make a gap undecidable. */
function groupHop(
  hop: string,
  groups: readonly SecurityGroup[],
  direction: 'ingress' | 'egress',
  resolver: ReferenceResolver,
  verb: string,
  cidr: string,
  none: string,
): Hop {
  const rules = direction === 'ingress' ? groups : groups.map((group) => ({ ...group, IpPermissions: group.IpPermissionsEgress }));
  const { admitted, unresolved, notes } = admittedAddresses(rules, 443, resolver);
  const gap = uncoveredPart(admitted, cidr);
  const ids = groups.map((group) => group.GroupId).join(', ');
  if (gap.isEmpty()) return { hop, status: 'ok', detail: `${ids} ${verb} ${cidr}` };
  const missing = `${ids || none} do not ${verb} ${gap.toCidrs().join(', ')}`;
  if (unresolved.length > 0) return { hop, status: 'error', detail: `${missing} by any rule crisp could resolve (unresolved: ${unresolved.join('; ')})` };
  return { hop, status: 'fail', detail: `${missing}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}` };
}

function naclHop(name: string, acl: NetworkAcl | undefined, legs: { egress: boolean; from: number; to: number; cidr: string; what: string }[]): Hop {
  if (!acl) return { hop: name, status: 'fail', detail: 'no network ACL found' };
  for (const leg of legs) {
    const verdict = evaluateNacl(acl.Entries ?? [], { egress: leg.egress, fromPort: leg.from, toPort: leg.to, cidr: leg.cidr });
    if (!verdict.allowed) {
      const rule = isFinalDeny(verdict.denial!) ? 'the final * deny' : `rule ${verdict.denial!.ruleNumber}`;
      return { hop: name, status: 'fail', detail: `${acl.NetworkAclId} denies ${leg.what} (${rule}, ports ${verdict.denial!.ports})` };
    }
  }
  return { hop: name, status: 'ok', detail: `${acl.NetworkAclId} allows ${legs.map((leg) => leg.what).join(' and ')}` };
}

/** A routing hop: every part of the destination must go along the path. */
function routeHop(context: PathContext, name: string, side: 'app' | 'endpoint', subnet: Subnet, destination: string): Hop {
  const table = context.view.effectiveRouteTable(side, subnet);
  if (!table) return { hop: name, status: 'fail', detail: `no route table governs ${subnet.SubnetId}` };
  const judgements = judgeDestination(context, side, table, destination);
  const status = worstOf(judgements);
  const shown = status === 'ok' ? judgements : judgements.filter((judgement) => judgement.status !== 'ok');
  return { hop: name, status, detail: `${table.RouteTableId}: ${shown.map((judgement) => judgement.detail).join('; ')}` };
}

const STATUS = { fail: 'fail', error: 'error', undetermined: 'skipped' } as const;

export default defineCheck({
  id: 'network.static-path',
  title: 'From every in-scope app subnet to every endpoint interface, the path on TCP 443 and back is open hop by hop',
  severity: 'critical',
  rationale:
    'Reachability Analyzer cannot analyse inter-Region peering, so crisp walks the path itself: route (longest prefix, part by part), active peering or transit gateway path, return route, workload and endpoint security groups (prefix lists and group references resolved), and the stateless NACLs both ways. The first broken hop is what to fix.',
  remediation: 'Fix the hop the finding names; the per-hop checks (routes, peering, security groups, NACLs) carry the exact commands.',
  params: routingScopeSchema.extend({
    workloadSecurityGroupIds: z
      .array(z.string().regex(/^sg-[0-9a-f]+$/, 'must be a security group id (sg-…)'))
      .min(1)
      .optional()
      .describe('Security groups of the calling workload in the app VPC; their egress must allow 443.'),
  }),
  needs: (scope) => [
    ...routingNeeds(scope),
    ...bothSides(scope, ['ec2.networkAcls']),
    ...onSide(scope, 'app', scope.workloadSecurityGroupIds ? (['ec2.securityGroups'] as const) : []),
    ...onSide(scope, 'endpoint', ['ec2.securityGroups', 'ec2.networkInterfaces']),
  ],
  probes(scope, observations) {
    const context = routingContext(scope, observations);
    const { view } = context;
    const endpointGroups = scope.services.flatMap((service) => view.endpointsFor(service).flatMap((endpoint) => view.securityGroupsOf(endpoint)));
    const workload = scope.workloadSecurityGroupIds
      ? observations.get(ec2Request(scope, 'app', 'ec2.securityGroups')).filter((group) => scope.workloadSecurityGroupIds!.includes(group.GroupId ?? ''))
      : [];
    return [
      ...pathRequests(context),
      ...referenceRequests(scope, 'endpoint', endpointGroups, 'ingress'),
      ...referenceRequests(scope, 'app', workload, 'egress'),
    ];
  },
  evaluate(observations, scope) {
    const context = routingContext(scope, observations);
    const { view } = context;
    const missing = view.missingVpcFindings();
    if (missing.length > 0) return missing;
    if (view.cidrsOverlap()) return [overlapSkip(view)];
    const appSubnets = view.appSubnets().subnets;
    const endpointSubnets = new Map(view.subnets('endpoint').map((subnet) => [subnet.SubnetId, subnet]));
    const appAcls = observations.get(ec2Request(scope, 'app', 'ec2.networkAcls'));
    const endpointAcls = observations.get(ec2Request(scope, 'endpoint', 'ec2.networkAcls'));
    const workloadGroups = scope.workloadSecurityGroupIds
      ? observations.get(ec2Request(scope, 'app', 'ec2.securityGroups')).filter((group) => scope.workloadSecurityGroupIds!.includes(group.GroupId ?? ''))
      : undefined;
    const endpointResolver = referenceResolver(scope, observations, 'endpoint');
    const appResolver = referenceResolver(scope, observations, 'app');

    const walk = (app: Subnet, target: Subnet, ip: string | undefined, groups: SecurityGroup[]): Hop[] => {
      const appCidr = app.CidrBlock!;
      const targetCidr = target.CidrBlock!;
      // The path to one interface is decided by the route for its own address, when it lies in its subnet.
      const destination = ip && cidrContainsIp(targetCidr, ip) ? `${ip}/32` : targetCidr;
      const hops: Hop[] = [routeHop(context, 'route', 'app', app, destination), routeHop(context, 'return route', 'endpoint', target, appCidr)];
      if (workloadGroups) {
        hops.push(groupHop('workload security groups (egress)', workloadGroups, 'egress', appResolver, 'allow 443 to', destination, '(none found)'));
      }
      hops.push(groupHop('endpoint security groups (ingress)', groups, 'ingress', endpointResolver, 'admit 443 from', appCidr, '(none)'));
      hops.push(
        naclHop('app subnet NACL', naclOf(appAcls, scope.app.vpcId, app.SubnetId!), [
          { egress: true, from: 443, to: 443, cidr: destination, what: `443 out to ${destination}` },
          { egress: false, ...EPHEMERAL_PORTS, cidr: destination, what: `replies in from ${destination}` },
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

    const findings: FindingDraft[] = view.unknownSubnetFindings();
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
          const hops = walk(app, target, entry.ip, groups);
          const to = `${entry.eniId} ${entry.ip ?? ''} in ${target.SubnetId} (${service}, ${entry.endpoint.VpcEndpointId})`;
          // A broken hop anywhere breaks the path; otherwise an unreadable or unfollowable hop leaves the verdict open.
          const broken =
            hops.find((hop) => hop.status === 'fail') ?? hops.find((hop) => hop.status === 'error') ?? hops.find((hop) => hop.status === 'undetermined');
          findings.push(
            broken
              ? {
                  status: STATUS[broken.status as keyof typeof STATUS],
                  resource,
                  message: `Path ${from} → ${to} ${broken.status === 'fail' ? 'breaks' : 'cannot be judged'} at the ${broken.hop}: ${broken.detail}.`,
                  evidence: { hops },
                }
              : { status: 'pass', resource, message: `Path ${from} → ${to} is open on 443 and back through ${hops.length} hops.`, evidence: { hops } },
          );
        }
      }
    }
    return findings;
  },
});
