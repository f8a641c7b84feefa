import type { FindingDraft } from '../../model/findings.ts';
import { defineCheck } from '../define.ts';
import { endpointServiceName, networkScopeSchema, onSide } from './scope.ts';
import { ec2Resource, NetworkView } from './view.ts';

export default defineCheck({
  id: 'network.interface-endpoints-available',
  title: 'The endpoint VPC has an available Interface endpoint for every Bedrock service in scope',
  severity: 'critical',
  rationale:
    'Each Bedrock API (control plane, runtime, agents, agent runtime) has its own endpoint service; a missing or failed endpoint leaves that API reachable only over the internet (Amazon Bedrock User Guide, “Use interface VPC endpoints (AWS PrivateLink)”).',
  remediation:
    'aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name com.amazonaws.<region>.<service> --vpc-id <endpoint vpc> --subnet-ids … --security-group-ids ….',
  params: networkScopeSchema,
  needs: (scope) => onSide(scope, 'endpoint', ['ec2.vpcs', 'ec2.vpcEndpoints']),
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings(['endpoint']);
    if (missing.length > 0) return missing;
    return scope.services.flatMap((service): FindingDraft[] => {
      const serviceName = endpointServiceName(scope, service);
      const endpoints = view.endpointsFor(service);
      if (endpoints.length === 0) {
        return [
          {
            status: 'fail',
            resource: { type: 'AWS::EC2::VPCEndpoint', id: serviceName, account: scope.endpoint.account, region: scope.endpoint.region },
            message: `The endpoint VPC ${scope.endpoint.vpcId} has no Interface endpoint for ${serviceName}; create one.`,
            expected: { serviceName, type: 'Interface', state: 'available' },
            actual: 'none',
          },
        ];
      }
      return endpoints.map((endpoint): FindingDraft => {
        const resource = ec2Resource(scope, 'endpoint', 'AWS::EC2::VPCEndpoint', endpoint.VpcEndpointId!, endpoint.Tags);
        const state = endpoint.State ?? 'unknown';
        const actual = { serviceName, state, subnets: endpoint.SubnetIds ?? [] };
        return state.toLowerCase() === 'available'
          ? {
              status: 'pass',
              resource,
              message: `Interface endpoint ${endpoint.VpcEndpointId} for ${serviceName} is available.`,
              expected: 'available',
              actual,
            }
          : {
              status: 'fail',
              resource,
              message: `Interface endpoint ${endpoint.VpcEndpointId} for ${serviceName} is ${state}, not available; inspect it and recreate it if it failed.`,
              expected: 'available',
              actual,
            };
      });
    });
  },
});
