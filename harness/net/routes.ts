/**
 * Route lookup as a router does it — longest prefix wins — over whole address
 * ranges: a destination range is split wherever a more specific route covers
 * only part of it, and each part is judged by its own winning route. Works for
 * VPC route tables and transit gateway route tables alike.
 */
import type { Route, RouteTable } from '../model/aws-shapes.ts';
import { Ipv4Set, parseCidr, rangesOverlap, type Ipv4Range } from './ipv4.ts';

/** One part of a destination range and the route that wins for it (none: no route covers that part). */
export interface RouteSegment<R> {
  /** The part, as the fewest CIDR blocks. */
  cidrs: string[];
  route?: R;
  /** The route's own destination that matched (a CIDR, or a prefix list entry). */
  matched?: string;
}

/** A route and one destination CIDR it covers; a prefix-list route contributes one candidate per entry. */
export interface RouteCandidate<R> {
  route: R;
  cidr: string;
  /** Tie-break at equal prefix length: lower wins (a CIDR route over a prefix-list route, as AWS documents). */
  rank: number;
}

/** A candidate with its range parsed, ready to be matched against many destinations. */
interface PreparedCandidate<R> {
  candidate: RouteCandidate<R>;
  covered: Readonly<Ipv4Range>;
  prefix: number;
}

/** The valid candidates, most specific first (ties by rank). */
function prepare<R>(candidates: readonly RouteCandidate<R>[]): PreparedCandidate<R>[] {
  const prepared: PreparedCandidate<R>[] = [];
  for (const candidate of candidates) {
    const covered = parseCidr(candidate.cidr);
    // The prefix length read off the range: a block of 2^k addresses is a /(32 - k).
    if (covered) prepared.push({ candidate, covered, prefix: 32 - Math.log2(covered.end - covered.start + 1) });
  }
  return prepared.sort((a, b) => b.prefix - a.prefix || a.candidate.rank - b.candidate.rank);
}

/** Splits `destination` into parts, each with its longest-prefix route. */
export function longestPrefixSegments<R>(candidates: readonly RouteCandidate<R>[], destination: string): RouteSegment<R>[] {
  return segmentsOf(prepare(candidates), destination);
}

function segmentsOf<R>(prepared: readonly PreparedCandidate<R>[], destination: string): RouteSegment<R>[] {
  const range = parseCidr(destination);
  if (!range) return [];
  let remaining = Ipv4Set.of(range);
  const parts = new Map<R | undefined, { set: Ipv4Set; matched?: string }>();
  for (const { candidate, covered } of prepared) {
    // Only routes that cover part of the destination can win any of it; a hub table may hold hundreds of others.
    if (!rangesOverlap(covered, range)) continue;
    const part = remaining.intersect(covered);
    if (part.isEmpty()) continue;
    const previous = parts.get(candidate.route);
    parts.set(candidate.route, { set: (previous?.set ?? Ipv4Set.empty()).union(part.ranges), matched: previous?.matched ?? candidate.cidr });
    remaining = remaining.subtract(covered);
    if (remaining.isEmpty()) break;
  }
  const segments: RouteSegment<R>[] = [...parts.entries()].map(([route, { set, matched }]) => ({
    cidrs: set.toCidrs(),
    ...(route !== undefined ? { route } : {}),
    ...(matched ? { matched } : {}),
  }));
  if (!remaining.isEmpty()) segments.push({ cidrs: remaining.toCidrs() });
  return segments;
}

/**
 * Prepared candidates of route tables without prefix-list routes, by table: every app VPC of a
 * fleet asks the hub's table (a route per app VPC) about its own subnets.
 */
const preparedTables = new WeakMap<RouteTable, PreparedCandidate<Route>[]>();

/** The segments of a VPC route table for a destination, and the prefix lists its routes name that could not be resolved. */
export function routeSegments(
  table: RouteTable,
  destination: string,
  prefixLists: ReadonlyMap<string, readonly string[]> = new Map(),
): { segments: RouteSegment<Route>[]; unresolvedPrefixLists: string[] } {
  const cached = preparedTables.get(table);
  if (cached) return { segments: segmentsOf(cached, destination), unresolvedPrefixLists: [] };
  const candidates: RouteCandidate<Route>[] = [];
  const unresolvedPrefixLists: string[] = [];
  for (const route of table.Routes ?? []) {
    if (route.DestinationCidrBlock) candidates.push({ route, cidr: route.DestinationCidrBlock, rank: 0 });
    else if (route.DestinationPrefixListId) {
      const entries = prefixLists.get(route.DestinationPrefixListId);
      if (!entries) unresolvedPrefixLists.push(route.DestinationPrefixListId);
      for (const cidr of entries ?? []) candidates.push({ route, cidr, rank: 1 });
    }
  }
  const prepared = prepare(candidates);
  if (!(table.Routes ?? []).some((route) => route.DestinationPrefixListId)) preparedTables.set(table, prepared);
  return { segments: segmentsOf(prepared, destination), unresolvedPrefixLists };
}

/** The one route the router uses for every address of `destination`, when a single route wins for all of it. */
export function routeFor(table: RouteTable, destination: string): Route | undefined {
  const { segments } = routeSegments(table, destination);
  return segments.length === 1 ? segments[0]!.route : undefined;
}

/** A short description of where a route sends traffic (`pcx-…`, `local`, `igw-…`). */
export function routeTarget(route: Route): string {
  return (
    route.VpcPeeringConnectionId ??
    route.TransitGatewayId ??
    route.GatewayId ??
    route.NatGatewayId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.LocalGatewayId ??
    route.CarrierGatewayId ??
    route.CoreNetworkArn ??
    'unknown'
  );
}
