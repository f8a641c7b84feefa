/** Table test: the path from every app subnet to every endpoint interface, hop by hop — routes part by part, transit gateways, groups, NACLs. */
import { describe, expect, test } from 'vitest';
import { cleanEstate, denied, ec2Of, judge, NETWORK_PARAMS, observationsOf, statuses, withTransitPath } from '../../../test/support/estate-fixture.ts';
import check from './network.static-path.ts';

const run = (data = cleanEstate(), params: Record<string, unknown> = {}, overrides: Parameters<typeof observationsOf>[1] = []) =>
  judge(check, { ...NETWORK_PARAMS, ...params }, observationsOf(data, overrides));
const count = (findings: ReturnType<typeof run>, status: string) => findings.filter((finding) => finding.status === status).length;

describe(check.id, () => {
  test('clean: 2 app subnets × 8 interfaces, every path open', () => {
    const findings = run();
    expect(findings).toHaveLength(16);
    expect(count(findings, 'pass')).toBe(16);
  });

  test('clean: through transit gateways', () => {
    expect(count(run(withTransitPath(cleanEstate())), 'pass')).toBe(16);
  });

  test('fault: a /26 to a NAT gateway breaks only the paths to interfaces inside it', () => {
    const data = cleanEstate();
    // Interfaces of subnet a sit at 10.1.1.10-13: a route for 10.1.1.0/28 diverts exactly them.
    data.app.routeTables[1]!.Routes!.push({ DestinationCidrBlock: '10.1.1.0/28', NatGatewayId: 'nat-0123456789abcdef0', State: 'active' });
    const findings = run(data);
    const failing = findings.filter((finding) => finding.status === 'fail');
    expect(failing).toHaveLength(4);
    expect(
      failing.every((finding) => finding.message.includes('subnet-0aa00000000000000 (10.0.0.0/20)') && finding.message.includes('breaks at the route')),
    ).toBe(true);
    expect(failing[0]!.message).toContain('10.1.1.0/28 → nat-0123456789abcdef0');
  });

  test('fault: a NACL deny wins over an undecidable transit hop — a break anywhere breaks the path', () => {
    const data = withTransitPath(cleanEstate());
    for (const routes of Object.values(data.transitRoutes)) for (const route of routes.routes) route.TransitGatewayAttachments = [];
    data.dataPlane.targetKind = 'moto';
    data.endpoint.networkAcls[0]!.Entries!.unshift({
      RuleNumber: 50,
      Protocol: '6',
      RuleAction: 'deny',
      Egress: false,
      CidrBlock: '0.0.0.0/0',
      PortRange: { From: 443, To: 443 },
    });
    const findings = run(data);
    expect(count(findings, 'fail')).toBe(16);
    expect(findings[0]!.message).toContain('breaks at the endpoint subnet NACL');
  });

  test('skipped: a transit path moto cannot follow, with nothing else broken', () => {
    const data = withTransitPath(cleanEstate());
    for (const routes of Object.values(data.transitRoutes)) for (const route of routes.routes) route.TransitGatewayAttachments = [];
    data.dataPlane.targetKind = 'moto';
    const findings = run(data);
    expect(count(findings, 'skipped')).toBe(16);
    expect(findings[0]!.message).toContain('cannot be judged at the route');
  });

  test('fault: the workload security group allows no 443 egress', () => {
    const data = cleanEstate();
    data.app.securityGroups[0]!.IpPermissionsEgress = [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
    const findings = run(data, { workloadSecurityGroupIds: ['sg-0a0a0a0a0a0a0a0a0'] });
    expect(count(findings, 'fail')).toBe(16);
    expect(findings[0]!.message).toContain('breaks at the workload security groups (egress)');
  });

  test('fault: an endpoint group reference across the inter-Region peering admits nothing', () => {
    const data = cleanEstate();
    data.endpoint.securityGroups[0]!.IpPermissions = [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-0a0a0a0a0a0a0a0a0' }] },
    ];
    const findings = run(data);
    expect(count(findings, 'fail')).toBe(16);
    expect(findings[0]!.message).toContain('AWS does not support security group references across an inter-Region peering');
  });

  test('error: the NACLs could not be listed', () => {
    const findings = run(cleanEstate(), {}, [denied(ec2Of('endpoint', 'ec2.networkAcls'), 'ec2:DescribeNetworkAcls')]);
    expect(statuses(findings)).toEqual(['error']);
  });
});
