import type { FindingDraft } from '../../model/findings.ts';
import { defineCheck } from '../define.ts';
import { networkScopeSchema, onSide } from './scope.ts';
import { ec2Resource, NetworkView } from './view.ts';

export default defineCheck({
  id: 'network.endpoints-multi-az',
  title: 'Every in-scope interface endpoint has network interfaces in at least two Availability Zones',
  severity: 'medium',
  rationale:
    'An endpoint with one subnet fails with its Availability Zone; the alias record then resolves to no healthy IP and every Bedrock call from the app Region fails (network engineering practice for PrivateLink).',
  remediation: 'aws ec2 modify-vpc-endpoint --vpc-endpoint-id <vpce> --add-subnet-ids <subnet in another AZ>.',
  params: networkScopeSchema,
  needs: (scope) => onSide(scope, 'endpoint', ['ec2.vpcs', 'ec2.subnets', 'ec2.vpcEndpoints']),
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings(['endpoint']);
    if (missing.length > 0) return missing;
    const zoneOf = new Map(view.subnets('endpoint').map((subnet) => [subnet.SubnetId, subnet.AvailabilityZone]));
    return scope.services.flatMap((service): FindingDraft[] => {
      const endpoints = view.endpointsFor(service);
      if (endpoints.length === 0) return [view.noEndpointSkip(service)];
      return endpoints.map((endpoint): FindingDraft => {
        const zones = [...new Set((endpoint.SubnetIds ?? []).map((id) => zoneOf.get(id)).filter((zone): zone is string => zone !== undefined))].sort();
        const resource = ec2Resource(scope, 'endpoint', 'AWS::EC2::VPCEndpoint', endpoint.VpcEndpointId!, endpoint.Tags);
        return zones.length >= 2
          ? {
              status: 'pass',
              resource,
              message: `Endpoint ${endpoint.VpcEndpointId} (${service}) spans ${zones.join(', ')}.`,
              expected: '>= 2 Availability Zones',
              actual: zones,
            }
          : {
              status: 'fail',
              resource,
              message: `Endpoint ${endpoint.VpcEndpointId} (${service}) sits in ${zones.length === 1 ? `one Availability Zone (${zones[0]})` : 'no known Availability Zone'}; add a subnet in a second zone.`,
              expected: '>= 2 Availability Zones',
              actual: zones,
            };
      });
    });
  },
});
