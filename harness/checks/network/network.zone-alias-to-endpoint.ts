import type { FindingDraft } from '../../model/findings.ts';
import { ObservationUnavailable } from '../../model/observations.ts';
import { defineCheck } from '../define.ts';
import { dnsScopeSchema, onSide, serviceHostname } from './scope.ts';
import { NetworkView } from './view.ts';
import {
  associatedZones,
  normaliseDnsName,
  recordsOf,
  regionalDnsName,
  zoneDiscoveryRequests,
  zoneFor,
  zoneListingRequests,
  zoneRecordRequests,
} from './zones.ts';

export default defineCheck({
  id: 'network.zone-alias-to-endpoint',
  title: 'Each service’s private zone holds an apex alias A record to that service’s endpoint Regional DNS name',
  severity: 'critical',
  rationale:
    'The alias is what turns the Bedrock hostname into the endpoint’s private IPs; an alias to another service’s endpoint sends runtime calls to the wrong API, and static A records go stale when ENIs are replaced (Route 53 alias records to the endpoint’s Regional DNS name, as the AWS PrivateLink pattern for peered VPCs does).',
  remediation:
    'UPSERT an A record at the zone apex with AliasTarget = { DNSName: the endpoint’s Regional DNS name, HostedZoneId: its DnsEntries hosted zone id }.',
  params: dnsScopeSchema,
  needs: (scope) => [...onSide(scope, 'endpoint', ['ec2.vpcEndpoints']), ...zoneListingRequests(scope)],
  probes: (scope, observations) => [...zoneDiscoveryRequests(scope, observations), ...zoneRecordRequests(scope, observations)],
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const { zones } = associatedZones(scope, observations);
    const serviceByRegionalName = new Map<string, string>();
    for (const service of scope.services) {
      for (const endpoint of view.endpointsFor(service)) {
        const name = regionalDnsName(endpoint);
        if (name) serviceByRegionalName.set(normaliseDnsName(name), service);
      }
    }
    return scope.services.map((service): FindingDraft => {
      const hostname = serviceHostname(scope, service);
      const zone = zoneFor(zones, hostname);
      if (!zone) {
        return {
          status: 'skipped',
          resource: { type: 'AWS::Route53::RecordSet', id: hostname, account: scope.app.account },
          message: `No private zone for ${hostname} is associated with the app VPC (see network.private-zone-per-service).`,
        };
      }
      const resource = { type: 'AWS::Route53::RecordSet', id: `${zone.id}/${hostname}/A`, name: hostname, account: zone.owner };
      const endpoints = view.endpointsFor(service);
      if (endpoints.length === 0) return { ...view.noEndpointSkip(service, 'its alias has nothing to point at'), resource };
      const regionalNames = new Map(endpoints.map((endpoint) => [normaliseDnsName(regionalDnsName(endpoint) ?? ''), endpoint]));
      regionalNames.delete('');
      if (regionalNames.size === 0) {
        return {
          status: 'error',
          resource,
          message: `No endpoint for ${service} reports a Regional DNS name in DnsEntries, so the alias cannot be verified.`,
          evidence: endpoints.map((endpoint) => endpoint.DnsEntries),
        };
      }
      const wanted = [...regionalNames.keys()].join(' or ');
      let records;
      try {
        records = recordsOf(scope, observations, zone).records;
      } catch (error) {
        if (!(error instanceof ObservationUnavailable)) throw error;
        // Seen but unreadable (another account's zone without read access): the verdict is incomplete, never a fail.
        return {
          status: error.failure.status,
          resource,
          message: `Zone ${zone.id} (${hostname}) is owned by account ${zone.owner}, whose records crisp cannot read: ${error.failure.reason}; grant route53:ListResourceRecordSets there.`,
        };
      }
      const apexA = records.filter((record) => record.Type === 'A' && normaliseDnsName(record.Name ?? '') === hostname);
      const alias = apexA.find((record) => record.AliasTarget);
      const expected = { type: 'A', alias: wanted };
      if (!alias) {
        const what = apexA.length > 0 ? 'an A record with static addresses instead of an alias' : 'no A record at the apex';
        return {
          status: 'fail',
          resource,
          message: `Zone ${zone.id} (${hostname}) has ${what}; create an alias A record to ${wanted}.`,
          expected,
          actual: apexA,
        };
      }
      const target = normaliseDnsName(alias.AliasTarget!.DNSName ?? '');
      const actual = { type: 'A', alias: alias.AliasTarget!.DNSName };
      const endpoint = regionalNames.get(target);
      if (endpoint) {
        return {
          status: 'pass',
          resource,
          message: `Zone ${zone.id} aliases ${hostname} to endpoint ${endpoint.VpcEndpointId} (${service}).`,
          expected,
          actual,
        };
      }
      const other = serviceByRegionalName.get(target);
      const pointsAt = other ? `the ${other} endpoint (${target})` : `${target}, which is not the Regional DNS name of any in-scope endpoint`;
      return { status: 'fail', resource, message: `Zone ${zone.id} aliases ${hostname} to ${pointsAt}; point it at ${wanted}.`, expected, actual };
    });
  },
});
