/**
 * Private hosted zones as the app VPC sees them, whoever owns them. Zones come
 * from the VPC owner's ListHostedZonesByVPC (AWS names every owner's zones there)
 * and from the accounts the suite names — the endpoint account and an optional DNS
 * account — through their ListHostedZones and each candidate zone's VPC list
 * (GetHostedZone), which is also how emulators answer. Records are read with the
 * zone owner's credentials. Pure: it only reads observations.
 */
import type { VpcEndpoint } from '../../model/aws-shapes.ts';
import { bareZoneId } from '../../model/arn.ts';
import { ObservationUnavailable, type ObservationRequest, type Observations, type ZoneRecords } from '../../model/observations.ts';
import { hostedZonesRequest, serviceHostname, vpcZonesRequest, zoneRecordsRequest, zoneVpcsRequest, type DnsScope } from './scope.ts';

/** Lower-case, without the trailing dot, so zone and record names compare as equal. */
export function normaliseDnsName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^dualstack\./, '');
}

/**
 * The endpoint's Regional DNS name: the `vpce-<id>-<suffix>` entry without an
 * Availability Zone in its first label, and not the service's private DNS name.
 */
export function regionalDnsName(endpoint: VpcEndpoint): string | undefined {
  const names = (endpoint.DnsEntries ?? []).map((entry) => entry.DnsName).filter((name): name is string => Boolean(name));
  return names.find((name) => /^vpce-[0-9a-f]+-[0-9a-z]+$/.test(name.split('.')[0] ?? ''));
}

/** True when a zone of this name answers for the hostname (the name itself or a parent domain). */
export function zoneCovers(zoneName: string, hostname: string): boolean {
  const zone = normaliseDnsName(zoneName);
  const host = normaliseDnsName(hostname);
  return host === zone || host.endsWith(`.${zone}`);
}

/** Accounts other than the app account that may own zones associated with the app VPC. */
export function otherZoneOwners(scope: DnsScope): string[] {
  return [...new Set([scope.endpoint.account, ...(scope.dnsAccountId ? [scope.dnsAccountId] : [])])].filter((account) => account !== scope.app.account);
}

/** The service hostnames of the suite. */
export function serviceHostnames(scope: DnsScope): string[] {
  return scope.services.map((service) => serviceHostname(scope, service));
}

/** What zone discovery reads in round 1: the VPC owner's view and every named account's zone list. */
export function zoneListingRequests(scope: DnsScope): ObservationRequest[] {
  return [vpcZonesRequest(scope), hostedZonesRequest(scope), ...otherZoneOwners(scope).map((account) => hostedZonesRequest(scope, account))];
}

/** A private zone associated with the app VPC. */
export interface AssociatedZone {
  id: string;
  name: string;
  owner: string;
}

/** A source crisp could not read, so a zone may be missing from what it found. */
export interface UnreadableSource {
  account: string;
  what: string;
  reason: string;
}

/** Private zones of another account whose names could answer for a hostname: candidates whose VPC list is read. */
function candidatesIn(scope: DnsScope, observations: Observations, account: string): { id: string; name: string }[] {
  const hostnames = serviceHostnames(scope);
  return observations
    .get(hostedZonesRequest(scope, account))
    .filter((zone) => zone.Config?.PrivateZone === true && hostnames.some((hostname) => zoneCovers(zone.Name ?? '', hostname)))
    .map((zone) => ({ id: bareZoneId(zone.Id ?? ''), name: zone.Name ?? '' }));
}

/** Reads an observation, or records why it could not be read. */
function attempt<T>(read: () => T, unreadable: UnreadableSource[], account: string, what: string): T | undefined {
  try {
    return read();
  } catch (error) {
    // The same rule as Observations.attempt, for reads that combine several observations.
    if (!(error instanceof ObservationUnavailable)) throw error;
    unreadable.push({ account, what, reason: error.failure.reason });
    return undefined;
  }
}

/** Every private zone associated with the app VPC that crisp can see, and the sources it could not read. */
export function associatedZones(scope: DnsScope, observations: Observations): { zones: AssociatedZone[]; unreadable: UnreadableSource[] } {
  const unreadable: UnreadableSource[] = [];
  const zones = new Map<string, AssociatedZone>();
  const byVpc = attempt(() => observations.get(vpcZonesRequest(scope)), unreadable, scope.app.account, 'route53:ListHostedZonesByVPC');
  for (const zone of byVpc ?? []) zones.set(zone.id, { id: zone.id, name: zone.name, owner: zone.owningAccount ?? scope.app.account });
  for (const account of otherZoneOwners(scope)) {
    const candidates = attempt(() => candidatesIn(scope, observations, account), unreadable, account, 'route53:ListHostedZones') ?? [];
    for (const candidate of candidates) {
      if (zones.has(candidate.id)) continue;
      const vpcs = attempt(
        () => observations.get(zoneVpcsRequest(scope, account, candidate.id)),
        unreadable,
        account,
        `route53:GetHostedZone on ${candidate.id}`,
      );
      if (vpcs?.vpcs.some((vpc) => vpc.vpcId === scope.app.vpcId && vpc.region === scope.app.region)) {
        zones.set(candidate.id, { id: candidate.id, name: vpcs.name || candidate.name, owner: account });
      }
    }
  }
  return { zones: [...zones.values()], unreadable };
}

/** Round-2 requests of zone discovery: the VPC lists of candidate zones in the other named accounts. */
export function zoneDiscoveryRequests(scope: DnsScope, observations: Observations): ObservationRequest[] {
  return otherZoneOwners(scope).flatMap((account) => {
    try {
      return candidatesIn(scope, observations, account).map((candidate) => zoneVpcsRequest(scope, account, candidate.id));
    } catch (error) {
      if (error instanceof ObservationUnavailable) return [];
      throw error;
    }
  });
}

/** The associated zone named exactly after a hostname, if any. */
export function zoneFor(zones: readonly AssociatedZone[], hostname: string): AssociatedZone | undefined {
  return zones.find((zone) => normaliseDnsName(zone.name) === normaliseDnsName(hostname));
}

/** The requests for the records of each service's own zone, asked of its owner. */
export function zoneRecordRequests(scope: DnsScope, observations: Observations): ObservationRequest[] {
  const { zones } = associatedZones(scope, observations);
  return serviceHostnames(scope).flatMap((hostname) => {
    const zone = zoneFor(zones, hostname);
    return zone ? [zoneRecordsRequest(scope, zone.owner, zone.id)] : [];
  });
}

/** A zone's records (throws ObservationUnavailable when its owner's records could not be read). */
export function recordsOf(scope: DnsScope, observations: Observations, zone: AssociatedZone): ZoneRecords {
  return observations.get(zoneRecordsRequest(scope, zone.owner, zone.id));
}
