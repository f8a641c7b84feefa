/**
 * Table test for network.nacls-allow-https on the AWS-shaped estate fixture:
 * clean (default ACLs allowing all), denies of the request (443 in) and of the
 * return traffic (ephemeral out) on the endpoint side, first-match ordering by
 * rule number, a deny covering part of a subnet, a custom ACL left with only the
 * final deny, and an unreadable NACL listing.
 */
import { describe, expect, test } from 'vitest';
import type { NetworkAclEntry } from '../../model/aws-shapes.ts';
import { APP, cleanEstate, denied, ec2Of, ENDPOINT, judge, NETWORK_PARAMS, observationsOf, statuses } from '../../../test/support/estate-fixture.ts';
import check from './network.nacls-allow-https.ts';

const run = (data = cleanEstate(), overrides: Parameters<typeof observationsOf>[1] = []) => judge(check, NETWORK_PARAMS, observationsOf(data, overrides));

/** A TCP entry as DescribeNetworkAcls returns it (protocol number as a string). */
const tcp = (RuleNumber: number, RuleAction: 'allow' | 'deny', Egress: boolean, CidrBlock: string, From: number, To: number): NetworkAclEntry => ({
  RuleNumber,
  Protocol: '6',
  RuleAction,
  Egress,
  CidrBlock,
  PortRange: { From, To },
});

/** The clean estate with entries put in front of the endpoint VPC's default ACL entries. */
function endpointAclWith(...entries: NetworkAclEntry[]) {
  const data = cleanEstate();
  const acl = data.endpoint.networkAcls[0]!;
  acl.Entries = [...entries, ...acl.Entries!];
  return data;
}

describe(check.id, () => {
  test('clean: the default ACLs allow 443 and the return traffic on all four subnets', () => {
    const findings = run();
    expect(statuses(findings)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(findings.map((finding) => finding.resource.id)).toEqual([
      'subnet-0aa00000000000000',
      'subnet-0ab00000000000000',
      'subnet-0ea00000000000000',
      'subnet-0eb00000000000000',
    ]);
    expect(findings[2]!.message).toBe(
      'Network ACL acl-0e0e0e0e0e0e0e0e0 of endpoint subnet subnet-0ea00000000000000 allows 443 and the return traffic both ways.',
    );
  });

  test('fault: a deny of inbound TCP 443 at rule 50, before the allow-all at 100, fails both endpoint subnets naming rule 50', () => {
    const findings = run(endpointAclWith(tcp(50, 'deny', false, '0.0.0.0/0', 443, 443)));
    expect(statuses(findings)).toEqual(['pass', 'pass', 'fail', 'fail']);
    expect(findings[2]).toMatchObject({ resource: { id: 'subnet-0ea00000000000000', account: ENDPOINT.account } });
    expect(findings[2]!.message).toBe(
      'Network ACL acl-0e0e0e0e0e0e0e0e0 of endpoint subnet subnet-0ea00000000000000: ' +
        'inbound TCP 443 from app subnet subnet-0aa00000000000000 (10.0.0.0/20) is denied by rule 50 (deny 0.0.0.0/0 ports 443-443); ' +
        'inbound TCP 443 from app subnet subnet-0ab00000000000000 (10.0.16.0/20) is denied by rule 50 (deny 0.0.0.0/0 ports 443-443); ' +
        'add an allow entry numbered before it.',
    );
  });

  test('fault: a deny of outbound 1024-65535 (the return traffic) on the endpoint side fails, naming the ephemeral leg', () => {
    const findings = run(endpointAclWith(tcp(50, 'deny', true, '0.0.0.0/0', 1024, 65535)));
    expect(statuses(findings)).toEqual(['pass', 'pass', 'fail', 'fail']);
    expect(findings[3]!.message).toContain('outbound return traffic (TCP 1024-65535) to 10.0.0.0/20 is denied by rule 50 (deny 0.0.0.0/0 ports 1024-65535)');
    expect(findings[3]!.message).not.toContain('TCP 443');
  });

  test('fault: a deny of the return traffic on the app side fails the app subnets only', () => {
    const data = cleanEstate();
    data.app.networkAcls[0]!.Entries!.unshift(tcp(90, 'deny', false, ENDPOINT.cidr, 32768, 65535));
    const findings = run(data);
    expect(statuses(findings)).toEqual(['fail', 'fail', 'pass', 'pass']);
    expect(findings[0]!.message).toContain(
      'inbound return traffic (TCP 1024-65535) from 10.1.0.0/20 is denied by rule 90 (deny 10.1.0.0/16 ports 32768-65535)',
    );
  });

  test('fault: first match wins — an allow numbered below the deny passes; the same allow numbered above it does not', () => {
    const allowFirst = run(endpointAclWith(tcp(50, 'deny', false, '0.0.0.0/0', 443, 443), tcp(40, 'allow', false, APP.cidr, 443, 443)));
    expect(statuses(allowFirst)).toEqual(['pass', 'pass', 'pass', 'pass']);
    const denyFirst = run(endpointAclWith(tcp(50, 'deny', false, '0.0.0.0/0', 443, 443), tcp(60, 'allow', false, APP.cidr, 443, 443)));
    expect(statuses(denyFirst)).toEqual(['pass', 'pass', 'fail', 'fail']);
    expect(denyFirst[2]!.message).toContain('denied by rule 50');
  });

  test('fault: a deny covering part of one app subnet fails for that subnet only', () => {
    const findings = run(endpointAclWith(tcp(50, 'deny', false, '10.0.4.0/24', 443, 443)));
    expect(findings[2]!.status).toBe('fail');
    expect(findings[2]!.message).toContain('from app subnet subnet-0aa00000000000000 (10.0.0.0/20) is denied by rule 50 (deny 10.0.4.0/24 ports 443-443)');
    expect(findings[2]!.message).not.toContain('subnet-0ab00000000000000');
  });

  test('fault: a custom ACL on one endpoint subnet allowing 443 in but no return traffic fails on the final deny', () => {
    const data = cleanEstate();
    data.endpoint.networkAcls.push({
      NetworkAclId: 'acl-0e0custom00000000',
      VpcId: ENDPOINT.vpcId,
      IsDefault: false,
      Associations: [{ NetworkAclId: 'acl-0e0custom00000000', SubnetId: 'subnet-0ea00000000000000' }],
      Entries: [tcp(100, 'allow', false, APP.cidr, 443, 443), tcp(100, 'allow', true, APP.cidr, 443, 443)],
    });
    const findings = run(data);
    expect(statuses(findings)).toEqual(['pass', 'pass', 'fail', 'pass']);
    expect(findings[2]!.message).toContain(
      'Network ACL acl-0e0custom00000000 of endpoint subnet subnet-0ea00000000000000: outbound return traffic (TCP 1024-65535) to 10.0.0.0/20 is denied by the final * deny (no allow matched)',
    );
  });

  test('error: an access-denied DescribeNetworkAcls is an error, never a pass', () => {
    const findings = run(cleanEstate(), [denied(ec2Of('endpoint', 'ec2.networkAcls'), 'ec2:DescribeNetworkAcls')]);
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: 'ec2.networkAcls', account: ENDPOINT.account, region: ENDPOINT.region }),
        message: expect.stringContaining('access denied to ec2:DescribeNetworkAcls'),
      }),
    ]);
  });
});
