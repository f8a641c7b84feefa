import type { FindingDraft } from '../../model/findings.ts';
import { admittedAddresses, uncoveredPart } from '../../net/security-groups.ts';
import { defineCheck } from '../define.ts';
import { bothSides, networkScopeSchema, onSide } from './scope.ts';
import { ec2Resource, NetworkView } from './view.ts';

const HTTPS = 443;

export default defineCheck({
  id: 'network.endpoint-sg-admits-app',
  title: 'The security groups of every in-scope endpoint admit TCP 443 from every address of every in-scope app subnet',
  severity: 'critical',
  rationale:
    'Interface endpoints only accept what their security groups allow; a rule for part of the app CIDR, or for the wrong port, breaks Bedrock calls from some subnets only — the hardest fault to see (AWS PrivateLink Guide, “Control access to VPC endpoints using security groups”).',
  remediation: 'aws ec2 authorize-security-group-ingress --group-id <endpoint sg> --protocol tcp --port 443 --cidr <app VPC CIDR>.',
  params: networkScopeSchema,
  needs: (scope) => [
    ...bothSides(scope, ['ec2.vpcs', 'ec2.subnets']),
    ...onSide(scope, 'app', ['ec2.routeTables']),
    ...onSide(scope, 'endpoint', ['ec2.vpcEndpoints', 'ec2.securityGroups']),
  ],
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings();
    if (missing.length > 0) return missing;
    const { subnets } = view.appSubnets();
    return scope.services.flatMap((service): FindingDraft[] => {
      const endpoints = view.endpointsFor(service);
      if (endpoints.length === 0) return [view.noEndpointSkip(service)];
      return endpoints.map((endpoint): FindingDraft => {
        const resource = ec2Resource(scope, 'endpoint', 'AWS::EC2::VPCEndpoint', endpoint.VpcEndpointId!, endpoint.Tags);
        const attached = view.securityGroupsOf(endpoint);
        const { admitted, unresolved } = admittedAddresses(attached, HTTPS);
        const gaps = subnets.map((subnet) => ({ subnet, uncovered: uncoveredPart(admitted, subnet.CidrBlock!) })).filter((entry) => !entry.uncovered.isEmpty());
        const expected = { port: HTTPS, from: subnets.map((subnet) => subnet.CidrBlock) };
        const actual = { groups: attached.map((group) => group.GroupId), admittedOn443: admitted.toCidrs(), unresolvedReferences: unresolved };
        if (subnets.length === 0) {
          return { status: 'error', resource, message: `No in-scope app subnet was found in ${scope.app.vpcId}; name the subnets to check in app_subnet_ids.` };
        }
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
        return {
          status: 'fail',
          resource,
          message: `The security groups ${attached.map((group) => group.GroupId).join(', ') || '(none)'} of endpoint ${endpoint.VpcEndpointId} (${service}) do not admit TCP 443 from ${detail}; allow 443 from the app CIDR.`,
          expected,
          actual,
        };
      });
    });
  },
});
