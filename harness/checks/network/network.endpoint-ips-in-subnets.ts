import type { FindingDraft } from '../../model/findings.ts';
import { cidrContainsIp, isPrivateIpv4 } from '../../net/ipv4.ts';
import { defineCheck } from '../define.ts';
import { ec2Request, networkScopeSchema, onSide } from './scope.ts';
import { ec2Resource, NetworkView } from './view.ts';

export default defineCheck({
  id: 'network.endpoint-ips-in-subnets',
  title: 'Every network interface of an in-scope endpoint has a private IP inside its endpoint subnet',
  severity: 'info',
  rationale:
    'Routes, NACLs and security groups are judged by subnet CIDR; that judgement holds only if the endpoint interfaces really take their addresses from those subnets, which the DNS answers later rely on too.',
  remediation: 'Recreate the endpoint network interfaces (remove and re-add the subnet on the endpoint).',
  params: networkScopeSchema,
  requires: ['endpoint-eni-ips-from-subnet'],
  needs: (scope) => onSide(scope, 'endpoint', ['ec2.vpcs', 'ec2.subnets', 'ec2.vpcEndpoints', 'ec2.networkInterfaces']),
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings(['endpoint']);
    if (missing.length > 0) return missing;
    const interfaces = new Map(observations.get(ec2Request(scope, 'endpoint', 'ec2.networkInterfaces')).map((eni) => [eni.NetworkInterfaceId, eni]));
    const cidrOf = new Map(view.subnets('endpoint').map((subnet) => [subnet.SubnetId, subnet.CidrBlock ?? '']));
    const findings: FindingDraft[] = [];
    for (const service of scope.services) {
      for (const endpoint of view.endpointsFor(service))
        for (const eniId of endpoint.NetworkInterfaceIds ?? []) {
          const eni = interfaces.get(eniId);
          const resource = ec2Resource(scope, 'endpoint', 'AWS::EC2::NetworkInterface', eniId, eni?.TagSet);
          if (!eni) {
            findings.push({
              status: 'fail',
              resource,
              message: `Endpoint ${endpoint.VpcEndpointId} (${service}) lists interface ${eniId}, which does not exist.`,
            });
            continue;
          }
          const ip = eni.PrivateIpAddress ?? '';
          const cidr = cidrOf.get(eni.SubnetId) ?? '';
          const actual = { ip, subnet: eni.SubnetId, cidr };
          findings.push(
            isPrivateIpv4(ip) && cidrContainsIp(cidr, ip)
              ? {
                  status: 'pass',
                  resource,
                  message: `Interface ${eniId} of endpoint ${endpoint.VpcEndpointId} (${service}) has ${ip} inside ${eni.SubnetId} (${cidr}).`,
                  actual,
                }
              : {
                  status: 'fail',
                  resource,
                  message: `Interface ${eniId} of endpoint ${endpoint.VpcEndpointId} (${service}) has ${ip}, outside its subnet ${eni.SubnetId} (${cidr}).`,
                  expected: `a private IP in ${cidr}`,
                  actual,
                },
          );
        }
    }
    return findings;
  },
});
