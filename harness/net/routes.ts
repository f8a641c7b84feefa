/**
 * Route table lookup: the most specific active route for a destination, as the
 * VPC router picks it (longest prefix wins).
 */
import type { Route, RouteTable } from '../model/aws-shapes.ts';
import { parseCidr, prefixLength, rangeContains } from './ipv4.ts';

/** The route the VPC router uses for every address of `destination`, if one route covers it. */
export function routeFor(table: RouteTable, destination: string): Route | undefined {
  const target = parseCidr(destination);
  if (!target) return undefined;
  let best: Route | undefined;
  for (const route of table.Routes ?? []) {
    const range = route.DestinationCidrBlock ? parseCidr(route.DestinationCidrBlock) : undefined;
    if (!range || !rangeContains(range, target)) continue;
    if (!best || prefixLength(route.DestinationCidrBlock!) > prefixLength(best.DestinationCidrBlock!)) best = route;
  }
  return best;
}

/** A short description of where a route sends traffic (`pcx-…`, `local`, `igw-…`). */
export function routeTarget(route: Route): string {
  return (
    route.VpcPeeringConnectionId ?? route.GatewayId ?? route.NatGatewayId ?? route.TransitGatewayId ?? route.NetworkInterfaceId ?? route.InstanceId ?? 'unknown'
  );
}
