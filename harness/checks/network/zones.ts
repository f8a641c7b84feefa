/** Helpers for the private-hosted-zone checks: name normalisation and endpoint DNS names. */
import type { VpcEndpoint } from '../../model/aws-shapes.ts';

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
