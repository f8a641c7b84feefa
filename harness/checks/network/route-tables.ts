/**
 * Shared evaluation for the two routing checks: every route table serving the
 * source subnets must send every address of every destination subnet along the
 * path — an active peering joining the two VPCs, or a transit gateway path to
 * the far VPC — judged part by part (longest prefix over whole ranges).
 */
import type { RouteTable, Subnet } from '../../model/aws-shapes.ts';
import type { FindingDraft } from '../../model/findings.ts';
import { judgeDestination, worstOf, type PathContext, type SegmentJudgement } from './paths.ts';
import type { Side } from './scope.ts';
import { ec2Resource, nameTag } from './view.ts';

/** One direction of routing: whose tables, for which source subnets, towards which destination subnets. */
export interface RoutingDirection {
  side: Side;
  sources: Subnet[];
  destinations: { cidr: string; label: string }[];
}

const FINDING_STATUS = { ok: 'pass', fail: 'fail', error: 'error', undetermined: 'skipped' } as const;

/** One finding per route table serving the source subnets (each subnet through its effective table). */
export function evaluateRouteTables(context: PathContext, direction: RoutingDirection): FindingDraft[] {
  const { view } = context;
  const { scope } = view;
  const byTable = new Map<string, { table: RouteTable; subnets: string[] }>();
  const findings: FindingDraft[] = [];
  for (const subnet of direction.sources) {
    const table = view.effectiveRouteTable(direction.side, subnet);
    if (!table) {
      findings.push({
        status: 'error',
        resource: ec2Resource(scope, direction.side, 'AWS::EC2::Subnet', subnet.SubnetId ?? '', subnet.Tags),
        message: `No route table governs ${direction.side} subnet ${subnet.SubnetId}: it has no association and the VPC lists no main table.`,
      });
      continue;
    }
    const entry = byTable.get(table.RouteTableId!) ?? { table, subnets: [] };
    entry.subnets.push(subnet.SubnetId!);
    byTable.set(table.RouteTableId!, entry);
  }
  for (const { table, subnets } of byTable.values()) {
    const resource = ec2Resource(scope, direction.side, 'AWS::EC2::RouteTable', table.RouteTableId!, table.Tags);
    const main = table.Associations?.some((association) => association.Main) ? ' (the main table)' : '';
    const label = `Route table ${nameTag(table.Tags) ? `${nameTag(table.Tags)} (${table.RouteTableId})` : table.RouteTableId}${main} of ${direction.side} subnet${subnets.length > 1 ? 's' : ''} ${subnets.join(', ')}`;
    const judged = direction.destinations.map((destination) => ({
      destination,
      judgements: judgeDestination(context, direction.side, table, destination.cidr),
    }));
    const all: SegmentJudgement[] = judged.flatMap((entry) => entry.judgements);
    const status = FINDING_STATUS[worstOf(all)];
    const actual = Object.fromEntries(
      judged.map(({ destination, judgements }) => [destination.cidr, judgements.map((judgement) => `${judgement.cidrs.join(', ')}: ${judgement.detail}`)]),
    );
    const expected = `${direction.destinations.map((destination) => destination.cidr).join(', ')} → ${context.topology === 'any' ? 'an active peering or a transit gateway path' : context.topology === 'peering' ? 'an active peering' : 'a transit gateway path'} to ${scope[direction.side === 'app' ? 'endpoint' : 'app'].vpcId}`;
    if (status === 'pass') {
      const through = [...new Set(all.map((judgement) => judgement.peeringId ?? judgement.transitGatewayId).filter(Boolean))].join(', ');
      findings.push({
        status,
        resource,
        message: `${label} routes ${direction.destinations.map((destination) => destination.cidr).join(', ')} through ${through}.`,
        expected,
        actual,
      });
      continue;
    }
    const problems = judged.flatMap(({ destination, judgements }) =>
      judgements
        .filter((judgement) => judgement.status !== 'ok')
        .map((judgement) =>
          judgement.status === 'fail' && !judgement.route
            ? `has no route for ${destination.label} ${judgement.cidrs.join(', ')}`
            : `${destination.label} ${judgement.cidrs.join(', ')}: ${judgement.detail}`,
        ),
    );
    const advice =
      status === 'fail'
        ? '; route the destination through the active peering (or the transit gateway path)'
        : status === 'skipped'
          ? ''
          : '; the verdict is incomplete';
    findings.push({ status, resource, message: `${label}: ${problems.join('; ')}${advice}.`, expected, actual });
  }
  return findings;
}

/** The dependent-skip finding when overlapping CIDRs make routing meaningless. */
export function overlapSkip(view: PathContext['view']): FindingDraft {
  return {
    status: 'skipped',
    resource: ec2Resource(view.scope, 'app', 'AWS::EC2::VPC', view.scope.app.vpcId),
    message: `Routing is not evaluated because the two VPCs' CIDRs overlap (see network.vpc-cidrs-disjoint).`,
  };
}
