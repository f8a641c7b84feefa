import type { FindingDraft } from '../../model/findings.ts';
import { admittedAddresses, uncoveredPart } from '../../net/security-groups.ts';
import { defineCheck } from '../define.ts';
import { bothSides, networkScopeSchema, onSide } from './scope.ts';
import { referenceRequests, referenceResolver } from './security.ts';
import { ec2Resource, NetworkView } from './view.ts';

const HTTPS = 443;

export default defineCheck({
  id: 'network.endpoint-sg-admits-app',
  title: 'The security groups of every in-scope endpoint admit TCP 443 from every address of every in-scope app subnet',
  severity: 'critical',
  rationale:
    'Interface endpoints only accept what their security groups allow; a rule for part of the app CIDR, or for the wrong port, breaks Bedrock calls from some subnets only — the hardest fault to see. Rules may name CIDRs, managed prefix lists (judged by their entries) or security groups; a group of a VPC in another Region admits nothing, because AWS does not support security group references across an inter-Region peering (AWS PrivateLink Guide, “Control access to VPC endpoints using security groups”; VPC Peering Guide, “Update your security groups to reference peer security groups”).',
  remediation:
    'aws ec2 authorize-security-group-ingress --group-id <endpoint sg> --protocol tcp --port 443 --cidr <app VPC CIDR> (or a prefix list holding it: --ip-permissions PrefixListIds=…).',
  params: networkScopeSchema,
  needs: (scope) => [...bothSides(scope, ['ec2.vpcs', 'ec2.subnets']), ...onSide(scope, 'endpoint', ['ec2.vpcEndpoints', 'ec2.securityGroups'])],
  probes(scope, observations) {
    const view = new NetworkView(observations, scope);
    return scope.services.flatMap((service) =>
      view.endpointsFor(service).flatMap((endpoint) => referenceRequests(scope, 'endpoint', view.securityGroupsOf(endpoint), 'ingress')),
    );
  },
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings();
    if (missing.length > 0) return missing;
    const { subnets } = view.appSubnets();
    const resolver = referenceResolver(scope, observations, 'endpoint');
    const findings: FindingDraft[] = view.unknownSubnetFindings();
    if (subnets.length === 0) return findings;
    return [
      ...findings,
      ...scope.services.flatMap((service): FindingDraft[] => {
        const endpoints = view.endpointsFor(service);
        if (endpoints.length === 0) return [view.noEndpointSkip(service)];
        return endpoints.map((endpoint): FindingDraft => {
          const resource = ec2Resource(scope, 'endpoint', 'AWS::EC2::VPCEndpoint', endpoint.VpcEndpointId!, endpoint.Tags);
          const attached = view.securityGroupsOf(endpoint);
          const { admitted, unresolved, notes } = admittedAddresses(attached, HTTPS, resolver);
          const gaps = subnets
            .map((subnet) => ({ subnet, uncovered: uncoveredPart(admitted, subnet.CidrBlock!) }))
            .filter((entry) => !entry.uncovered.isEmpty());
          const expected = { port: HTTPS, from: subnets.map((subnet) => subnet.CidrBlock) };
          const actual = { groups: attached.map((group) => group.GroupId), admittedOn443: admitted.toCidrs(), unresolvedReferences: unresolved, notes };
          if (gaps.length === 0) {
            return {
              status: 'pass',
              resource,
              message: `Endpoint ${endpoint.VpcEndpointId} (${service}) admits TCP 443 from every in-scope app subnet.`,
              expected,
              actual,
            };
          }
          const detail = gaps
            .map(
              ({ subnet, uncovered }) =>
                `${subnet.SubnetId} (${uncovered.toCidrs().join(', ') === subnet.CidrBlock ? 'all of' : `${uncovered.toCidrs().join(', ')} of`} ${subnet.CidrBlock})`,
            )
            .join(', ');
          const groups = attached.map((group) => group.GroupId).join(', ') || '(none)';
          if (unresolved.length > 0) {
            // A reference crisp could not resolve might admit what is missing: the verdict is incomplete.
            return {
              status: 'error',
              resource,
              message: `The security groups ${groups} of endpoint ${endpoint.VpcEndpointId} (${service}) do not admit TCP 443 from ${detail} by any rule crisp could resolve; it could not resolve ${unresolved.join('; ')}.`,
              expected,
              actual,
            };
          }
          return {
            status: 'fail',
            resource,
            message: `The security groups ${groups} of endpoint ${endpoint.VpcEndpointId} (${service}) do not admit TCP 443 from ${detail}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}; allow 443 from the app CIDR.`,
            expected,
            actual,
          };
        });
      }),
    ];
  },
});
