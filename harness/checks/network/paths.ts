/**
 * Judging where a route table sends a destination range, as the routing checks
 * and the static path see it: longest prefix over whole ranges (a more specific
 * route over part of a subnet splits it), then each part's target — an active
 * peering that joins the two VPCs, or a transit gateway path followed to the far
 * VPC — against the topology the suite expects. Pure.
 */
import type { Route, RouteTable, Subnet } from '../../model/aws-shapes.ts';
import type { TargetKind } from '../../model/capabilities.ts';
import { ObservationUnavailable, type ObservationRequest, type Observations } from '../../model/observations.ts';
import { routeSegments, routeTarget } from '../../net/routes.ts';
import { dataPlaneRequest } from '../live.ts';
import { ec2Request, type NetworkScope, type Side, type Topology } from './scope.ts';
import { judgeTransit, transitRequests, type TransitLeg } from './transit.ts';
import type { NetworkView } from './view.ts';

/** What judging a path needs besides the view. */
export interface PathContext {
  view: NetworkView;
  observations: Observations;
  topology: Topology;
  targetKind: TargetKind;
}

/** The verdict on one part of a destination range. */
export interface SegmentJudgement {
  cidrs: string[];
  status: 'ok' | 'fail' | 'undetermined' | 'error';
  detail: string;
  via?: 'peering' | 'transit-gateway';
  peeringId?: string;
  transitGatewayId?: string;
  /** The route table entry that decided it (`10.1.0.0/16 → pcx-…`). */
  route?: string;
}

const other = (side: Side): Side => (side === 'app' ? 'endpoint' : 'app');

/** The target kind, from the no-call data-plane observation (so emulator gaps are skips, real AWS gaps errors). */
export function targetKindOf(scope: NetworkScope, observations: Observations): TargetKind {
  try {
    return observations.get(dataPlaneRequest(scope)).targetKind;
  } catch (error) {
    if (error instanceof ObservationUnavailable) return 'aws';
    throw error;
  }
}

/** A prefix-list entries request on one side. */
export function prefixListRequest(scope: NetworkScope, side: Side, prefixListId: string): ObservationRequest<'ec2.prefixListEntries'> {
  return ec2Request(scope, side, 'ec2.prefixListEntries', { prefixListId });
}

/** The entries of the prefix lists a set of ids names, as far as they were read. */
function prefixListsOf(scope: NetworkScope, observations: Observations, side: Side, ids: readonly string[]): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const id of ids) {
    try {
      lists.set(id, observations.get(prefixListRequest(scope, side, id)).cidrs);
    } catch (error) {
      if (!(error instanceof ObservationUnavailable)) throw error;
    }
  }
  return lists;
}

const prefixListsByTable = new WeakMap<RouteTable, string[]>();
/** The prefix lists a table's routes name; once per table (every path of every suite instance asks). */
function routePrefixLists(table: RouteTable): string[] {
  let ids = prefixListsByTable.get(table);
  if (!ids) {
    ids = (table.Routes ?? []).map((route) => route.DestinationPrefixListId).filter((id): id is string => Boolean(id));
    prefixListsByTable.set(table, ids);
  }
  return ids;
}

/** The transit leg a route to a gateway starts, for one part of the destination. */
function transitLeg(scope: NetworkScope, side: Side, transitGatewayId: string, cidrs: string[]): TransitLeg {
  const far = other(side);
  return {
    from: { vpcId: scope[side].vpcId, account: scope[side].account, region: scope[side].region },
    to: { vpcId: scope[far].vpcId, account: scope[far].account, region: scope[far].region },
    transitGatewayId,
    cidrs,
  };
}

/** Judges one route for one part of the destination. */
function judgeRoute(context: PathContext, side: Side, route: Route, matched: string, cidrs: string[]): SegmentJudgement[] {
  const { scope } = context.view;
  const label = `${matched} → ${routeTarget(route)}`;
  const fail = (detail: string): SegmentJudgement => ({ cidrs, status: 'fail', detail, route: label });
  if (route.State === 'blackhole') return [fail(`${label} is a blackhole`)];
  if (route.VpcPeeringConnectionId) {
    const id = route.VpcPeeringConnectionId;
    if (context.topology === 'transit-gateway') return [fail(`${label} goes through a VPC peering, but the suite expects a transit gateway path`)];
    const peering = context.view.peeringsById().get(id);
    const joins = peering && context.view.peerings().some((candidate) => candidate.VpcPeeringConnectionId === id);
    if (!joins) return [fail(`${label}: ${id} is a peering that does not join ${scope.app.vpcId} and ${scope.endpoint.vpcId}`)];
    const status = peering!.Status?.Code ?? 'unknown';
    if (status !== 'active') return [{ ...fail(`${label}: peering ${id} is ${status}, not active`), via: 'peering', peeringId: id }];
    return [{ cidrs, status: 'ok', detail: `${label} (active peering)`, via: 'peering', peeringId: id, route: label }];
  }
  if (route.TransitGatewayId) {
    const id = route.TransitGatewayId;
    if (context.topology === 'peering') return [fail(`${label} goes to a transit gateway, but the suite expects a VPC peering`)];
    return judgeTransit(context.observations, transitLeg(scope, side, id, cidrs), context.targetKind).map((verdict) => ({
      cidrs: verdict.cidrs,
      status: verdict.status,
      detail: `${label}: ${verdict.detail}`,
      via: 'transit-gateway',
      transitGatewayId: id,
      route: label,
    }));
  }
  const expected =
    context.topology === 'peering' ? 'the peering' : context.topology === 'transit-gateway' ? 'the transit gateway' : 'the peering or a transit gateway';
  return [fail(`${label} sends ${cidrs.join(', ')} to ${routeTarget(route)} instead of ${expected}`)];
}

/** Judges where a side's route table sends every address of a destination. */
export function judgeDestination(context: PathContext, side: Side, table: RouteTable, destination: string): SegmentJudgement[] {
  const { scope } = context.view;
  const lists = prefixListsOf(scope, context.observations, side, routePrefixLists(table));
  const { segments, unresolvedPrefixLists } = routeSegments(table, destination, lists);
  if (unresolvedPrefixLists.length > 0) {
    return [
      {
        cidrs: [destination],
        status: 'error',
        detail: `${table.RouteTableId} routes to prefix list${unresolvedPrefixLists.length > 1 ? 's' : ''} ${unresolvedPrefixLists.join(', ')}, whose entries crisp could not read (ec2:GetManagedPrefixListEntries), so the winning route for ${destination} is unknown`,
      },
    ];
  }
  return segments.flatMap((segment) =>
    segment.route
      ? judgeRoute(context, side, segment.route, segment.matched ?? '', segment.cidrs)
      : [{ cidrs: segment.cidrs, status: 'fail' as const, detail: `no route for ${segment.cidrs.join(', ')}` }],
  );
}

/** The requests judging a side's table for a destination needs next: prefix-list entries, then the transit path hop by hop. */
export function destinationRequests(context: PathContext, side: Side, table: RouteTable, destination: string): ObservationRequest[] {
  const { scope } = context.view;
  const listIds = routePrefixLists(table);
  const requests: ObservationRequest[] = listIds.map((id) => prefixListRequest(scope, side, id));
  // Only routes to a transit gateway lead to further reads; a table without one needs no segments.
  if (context.topology === 'peering' || !(table.Routes ?? []).some((route) => route.TransitGatewayId)) return requests;
  const lists = prefixListsOf(scope, context.observations, side, listIds);
  if (lists.size < listIds.length) return requests;
  for (const segment of routeSegments(table, destination, lists).segments) {
    const gateway = segment.route?.TransitGatewayId;
    if (gateway) requests.push(...transitRequests(context.observations, transitLeg(scope, side, gateway, segment.cidrs), context.targetKind));
  }
  return requests;
}

/** The (side, table, destination) triples of the whole path: app tables to every endpoint subnet, endpoint tables back to every app subnet. */
export function pathLegs(view: NetworkView): { side: Side; subnet: Subnet; table: RouteTable | undefined; destination: string; to: Subnet }[] {
  const appSubnets = view.appSubnets().subnets;
  const endpointSubnets = view.endpointSubnets();
  const legs = [];
  for (const subnet of appSubnets)
    for (const to of endpointSubnets)
      legs.push({ side: 'app' as const, subnet, table: view.effectiveRouteTable('app', subnet), destination: to.CidrBlock ?? '', to });
  for (const subnet of endpointSubnets)
    for (const to of appSubnets)
      legs.push({ side: 'endpoint' as const, subnet, table: view.effectiveRouteTable('endpoint', subnet), destination: to.CidrBlock ?? '', to });
  return legs;
}

/** Every request the path's routing needs next (a check's probes()). */
export function pathRequests(context: PathContext): ObservationRequest[] {
  return pathLegs(context.view).flatMap((leg) => (leg.table && leg.destination ? destinationRequests(context, leg.side, leg.table, leg.destination) : []));
}

/** Folds segment judgements into one status: any fail, else any error, else any undetermined, else ok. */
export function worstOf(judgements: readonly SegmentJudgement[]): SegmentJudgement['status'] {
  for (const status of ['fail', 'error', 'undetermined'] as const) if (judgements.some((judgement) => judgement.status === status)) return status;
  return 'ok';
}
