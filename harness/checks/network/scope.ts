/**
 * The parameters every network check takes (the two VPCs and the services),
 * and the observation requests they imply.
 */
import { z } from 'zod';
import type { ObservationKind, ObservationRequest } from '../../model/observations.ts';
import { endpointServiceNameIn, partitionOf, route53ApiRegion, serviceHostnameIn } from '../../model/partition.ts';

const VACUOUS = 'is empty, so the check would verify nothing (a vacuous expectation)';

export const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
export const regionName = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'must be an AWS Region name such as ap-southeast-2');
const vpcId = z.string().regex(/^vpc-[0-9a-f]+$/, 'must be a VPC id (vpc-…)');
const subnetId = z.string().regex(/^subnet-[0-9a-f]+$/, 'must be a subnet id (subnet-…)');

/** The four Bedrock services that get interface endpoints by default. */
export const DEFAULT_SERVICES = ['bedrock', 'bedrock-runtime', 'bedrock-agent', 'bedrock-agent-runtime'] as const;

export const networkScopeSchema = z.object({
  app: z
    .object({
      account: accountId,
      region: regionName,
      vpcId,
      /** Omitted: every subnet of the app VPC, each judged through its effective route table. */
      subnetIds: z.array(subnetId).min(1, VACUOUS).optional(),
    })
    .strict(),
  endpoint: z.object({ account: accountId, region: regionName, vpcId }).strict(),
  services: z
    .array(z.string().regex(/^[a-z0-9-]+$/, 'must be a service name such as bedrock-runtime'))
    .min(1, VACUOUS)
    .default([...DEFAULT_SERVICES]),
});

export type NetworkScope = z.output<typeof networkScopeSchema>;

/** How the app VPC reaches the endpoint VPC: a VPC peering, a transit gateway path, or either (the default). */
export const topologySchema = z
  .enum(['peering', 'transit-gateway', 'any'])
  .default('any')
  .describe('The path the estate is built with; the peering checks are not applicable to a transit gateway path.');

export type Topology = z.output<typeof topologySchema>;

/** The network scope plus the topology the routing checks judge against. */
export const routingScopeSchema = networkScopeSchema.extend({ topology: topologySchema });

export type RoutingScope = z.output<typeof routingScopeSchema>;

/** The network scope plus a third account that may own the private zones (a hub or DNS account). */
export const dnsScopeSchema = networkScopeSchema.extend({
  dnsAccountId: accountId.optional().describe('An account other than the app and endpoint accounts that owns private zones associated with the app VPC.'),
});

export type DnsScope = z.output<typeof dnsScopeSchema>;

/** Which side of the peering a request or resource belongs to. */
export type Side = 'app' | 'endpoint';

/** A request for an EC2 listing on one side. */
export function ec2Request<K extends Extract<ObservationKind, `ec2.${string}`>>(
  scope: NetworkScope,
  side: Side,
  kind: K,
  args?: Record<string, string>,
): ObservationRequest<K> {
  const where = scope[side];
  return args ? { kind, account: where.account, region: where.region, args } : { kind, account: where.account, region: where.region };
}

/** The app VPC's associated private zones (ListHostedZonesByVPC, asked of the VPC owner). */
export function vpcZonesRequest(scope: NetworkScope): ObservationRequest<'route53.vpcZones'> {
  return { kind: 'route53.vpcZones', account: scope.app.account, region: scope.app.region, args: { vpcId: scope.app.vpcId } };
}

/** Every hosted zone of an account (the app account by default); one listing per account and partition. */
export function hostedZonesRequest(scope: NetworkScope, account = scope.app.account): ObservationRequest<'route53.hostedZones'> {
  return { kind: 'route53.hostedZones', account, region: route53ApiRegion(partitionOf(scope.app.region)) };
}

/** The record sets of a zone, read by its owner. */
export function zoneRecordsRequest(scope: NetworkScope, owner: string, zoneId: string): ObservationRequest<'route53.zoneRecords'> {
  return { kind: 'route53.zoneRecords', account: owner, region: route53ApiRegion(partitionOf(scope.app.region)), args: { zoneId } };
}

/** A zone's VPC associations, read by its owner. */
export function zoneVpcsRequest(scope: NetworkScope, owner: string, zoneId: string): ObservationRequest<'route53.zoneVpcs'> {
  return { kind: 'route53.zoneVpcs', account: owner, region: route53ApiRegion(partitionOf(scope.app.region)), args: { zoneId } };
}

/** The public hostname of a service in the endpoint Region (`.amazonaws.com.cn` in China). */
export function serviceHostname(scope: NetworkScope, service: string): string {
  return serviceHostnameIn(service, scope.endpoint.region);
}

/** The endpoint service name of a Bedrock service in the endpoint Region (`cn.com.amazonaws.…` in China). */
export function endpointServiceName(scope: NetworkScope, service: string): string {
  return endpointServiceNameIn(service, scope.endpoint.region);
}

/** Requests for EC2 listings on one side. */
export function onSide(scope: NetworkScope, side: Side, kinds: readonly Extract<ObservationKind, `ec2.${string}`>[]): ObservationRequest[] {
  return kinds.map((kind) => ec2Request(scope, side, kind));
}

/** Requests for the same EC2 listings on both sides (deduplicated later by key). */
export function bothSides(scope: NetworkScope, kinds: readonly Extract<ObservationKind, `ec2.${string}`>[]): ObservationRequest[] {
  return kinds.flatMap((kind) => [ec2Request(scope, 'app', kind), ec2Request(scope, 'endpoint', kind)]);
}
