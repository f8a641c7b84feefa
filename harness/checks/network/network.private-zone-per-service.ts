import type { FindingDraft } from '../../model/findings.ts';
import { defineCheck } from '../define.ts';
import { bareZoneId } from '../../model/arn.ts';
import { hostedZonesRequest, networkScopeSchema, serviceHostname, vpcZonesRequest } from './scope.ts';
import { normaliseDnsName } from './zones.ts';

export default defineCheck({
  id: 'network.private-zone-per-service',
  title: 'For every service hostname a private hosted zone of exactly that name is associated with the app VPC',
  severity: 'critical',
  rationale:
    'Endpoint private DNS only answers inside the endpoint VPC; from the peered app VPC the Bedrock hostnames resolve to public IPs unless a private zone named exactly after each hostname is associated with the app VPC (the AWS pattern for reaching interface endpoints from a peered VPC: a private hosted zone per service hostname, associated with that VPC).',
  remediation:
    'aws route53 create-hosted-zone --name <service>.<region>.amazonaws.com --vpc VPCRegion=<app region>,VPCId=<app vpc> --caller-reference … (Terraform: aws_route53_zone with a vpc block).',
  params: networkScopeSchema,
  needs: (scope) => [vpcZonesRequest(scope), hostedZonesRequest(scope)],
  evaluate(observations, scope) {
    const associated = observations.get(vpcZonesRequest(scope));
    const allZones = observations.get(hostedZonesRequest(scope));
    return scope.services.map((service): FindingDraft => {
      const hostname = serviceHostname(scope, service);
      const zone = associated.find((candidate) => normaliseDnsName(candidate.name) === hostname);
      if (zone) {
        return {
          status: 'pass',
          resource: { type: 'AWS::Route53::HostedZone', id: zone.id, name: hostname, account: zone.owningAccount ?? scope.app.account },
          message: `Private zone ${zone.id} for ${hostname} is associated with the app VPC ${scope.app.vpcId}.`,
          expected: { name: hostname, private: true, vpc: scope.app.vpcId },
          actual: { zoneId: zone.id, name: hostname },
        };
      }
      const sameName = allZones.filter((candidate) => normaliseDnsName(candidate.Name ?? '') === hostname);
      const privateOnes = sameName.filter((candidate) => candidate.Config?.PrivateZone);
      const publicOnes = sameName.filter((candidate) => !candidate.Config?.PrivateZone);
      let why = 'no zone of that name exists in the app account';
      if (privateOnes.length > 0)
        why = `private zone ${privateOnes.map((candidate) => bareZoneId(candidate.Id ?? '')).join(', ')} has that name but is associated with other VPCs`;
      else if (publicOnes.length > 0)
        why = `only a public zone (${publicOnes.map((candidate) => bareZoneId(candidate.Id ?? '')).join(', ')}) has that name, and public zones never override resolution inside a VPC`;
      return {
        status: 'fail',
        resource: { type: 'AWS::Route53::HostedZone', id: hostname, name: hostname, account: scope.app.account },
        message: `No private hosted zone for ${hostname} is associated with the app VPC ${scope.app.vpcId}: ${why}; create or associate a private zone of exactly that name.`,
        expected: { name: hostname, private: true, vpc: scope.app.vpcId },
        actual: sameName.map((candidate) => ({ id: bareZoneId(candidate.Id ?? ''), private: candidate.Config?.PrivateZone === true })),
      };
    });
  },
});
