import { bareZoneId } from '../../model/arn.ts';
import type { FindingDraft } from '../../model/findings.ts';
import { ObservationUnavailable } from '../../model/observations.ts';
import { defineCheck } from '../define.ts';
import { dnsScopeSchema, hostedZonesRequest } from './scope.ts';
import { associatedZones, normaliseDnsName, otherZoneOwners, serviceHostnames, zoneDiscoveryRequests, zoneFor, zoneListingRequests } from './zones.ts';

export default defineCheck({
  id: 'network.private-zone-per-service',
  title: 'For every service hostname a private hosted zone of exactly that name is associated with the app VPC',
  severity: 'critical',
  rationale:
    'Endpoint private DNS only answers inside the endpoint VPC; from the peered app VPC the Bedrock hostnames resolve to public IPs unless a private zone named exactly after each hostname is associated with the app VPC (the AWS pattern for reaching interface endpoints from a peered VPC: a private hosted zone per service hostname, associated with that VPC). The zone may be owned by the app account, the endpoint account or a DNS hub account.',
  remediation:
    'aws route53 create-hosted-zone --name <service>.<region>.amazonaws.com --vpc VPCRegion=<app region>,VPCId=<app vpc> --caller-reference … (Terraform: aws_route53_zone with a vpc block); for a zone in another account, create-vpc-association-authorization there and associate-vpc-with-hosted-zone from the app account.',
  params: dnsScopeSchema,
  needs: zoneListingRequests,
  probes: zoneDiscoveryRequests,
  evaluate(observations, scope) {
    const { zones, unreadable } = associatedZones(scope, observations);
    const accounts = [scope.app.account, ...otherZoneOwners(scope)];
    return serviceHostnames(scope).map((hostname): FindingDraft => {
      const expected = { name: hostname, private: true, vpc: scope.app.vpcId };
      const zone = zoneFor(zones, hostname);
      if (zone) {
        return {
          status: 'pass',
          resource: { type: 'AWS::Route53::HostedZone', id: zone.id, name: hostname, account: zone.owner },
          message: `Private zone ${zone.id} for ${hostname}${zone.owner !== scope.app.account ? ` (owned by ${zone.owner})` : ''} is associated with the app VPC ${scope.app.vpcId}.`,
          expected,
          actual: { zoneId: zone.id, name: hostname, owner: zone.owner },
        };
      }
      const resource = { type: 'AWS::Route53::HostedZone', id: hostname, name: hostname, account: scope.app.account };
      if (unreadable.length > 0) {
        // A zone crisp could not see may be the one that serves this name: never a fail on missing sight.
        return {
          status: 'error',
          resource,
          message: `No private zone for ${hostname} was found associated with ${scope.app.vpcId}, but crisp could not read ${unreadable.map((source) => `${source.what} in ${source.account} (${source.reason})`).join('; ')}; grant crisp's read role those permissions.`,
          evidence: { unreadable },
        };
      }
      const sameName = accounts.flatMap((account) => {
        try {
          return observations
            .get(hostedZonesRequest(scope, account))
            .filter((candidate) => normaliseDnsName(candidate.Name ?? '') === hostname)
            .map((candidate) => ({ id: bareZoneId(candidate.Id ?? ''), account, private: candidate.Config?.PrivateZone === true }));
        } catch (error) {
          if (error instanceof ObservationUnavailable) return [];
          throw error;
        }
      });
      const privateOnes = sameName.filter((candidate) => candidate.private);
      const publicOnes = sameName.filter((candidate) => !candidate.private);
      let why = `no zone of that name exists in ${accounts.length > 1 ? `accounts ${accounts.join(', ')}` : 'the app account'}`;
      if (privateOnes.length > 0)
        why = `private zone ${privateOnes.map((candidate) => `${candidate.id} (${candidate.account})`).join(', ')} has that name but is associated with other VPCs`;
      else if (publicOnes.length > 0)
        why = `only a public zone (${publicOnes.map((candidate) => candidate.id).join(', ')}) has that name, and public zones never override resolution inside a VPC`;
      return {
        status: 'fail',
        resource,
        message: `No private hosted zone for ${hostname} is associated with the app VPC ${scope.app.vpcId}: ${why}; create or associate a private zone of exactly that name.`,
        expected,
        actual: sameName,
      };
    });
  },
});
