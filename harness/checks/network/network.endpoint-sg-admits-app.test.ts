/** Table test: the endpoint security groups admit 443 from every app address — CIDRs, prefix lists and group references resolved. */
import { describe, expect, test } from 'vitest';
import { APP, cleanEstate, denied, ec2Of, ENDPOINT, judge, NETWORK_PARAMS, observationsOf, statuses } from '../../../test/support/estate-fixture.ts';
import check from './network.endpoint-sg-admits-app.ts';

const run = (data = cleanEstate(), overrides: Parameters<typeof observationsOf>[1] = []) => judge(check, NETWORK_PARAMS, observationsOf(data, overrides));
const endpointGroup = (data: ReturnType<typeof cleanEstate>) => data.endpoint.securityGroups[0]!;

describe(check.id, () => {
  test('clean: 443 from the app CIDR covers both app subnets', () => {
    expect(statuses(run())).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  test('clean: a prefix list holding the app CIDR is judged by its entries', () => {
    const data = cleanEstate();
    endpointGroup(data).IpPermissions = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-0app' }] }];
    data.prefixLists['pl-0app'] = { side: 'endpoint', cidrs: ['10.0.0.0/17'] };
    expect(statuses(run(data))).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  test('fault: a prefix list that holds only part of the app VPC', () => {
    const data = cleanEstate();
    endpointGroup(data).IpPermissions = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-0app' }] }];
    data.prefixLists['pl-0app'] = { side: 'endpoint', cidrs: ['10.0.0.0/20'] };
    expect(run(data)[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('do not admit TCP 443 from subnet-0ab00000000000000 (all of 10.0.16.0/20)'),
    });
  });

  test('error: a prefix list crisp could not read leaves the gap undecided', () => {
    const data = cleanEstate();
    endpointGroup(data).IpPermissions = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-0app' }] }];
    const findings = run(data, [denied(ec2Of('endpoint', 'ec2.prefixListEntries', { prefixListId: 'pl-0app' }), 'ec2:GetManagedPrefixListEntries')]);
    expect(findings[0]).toMatchObject({ status: 'error', message: expect.stringContaining('it could not resolve sg-0e0e0e0e0e0e0e0e0 allows pl-0app') });
    // The read that failed and why are named, so the operator knows which permission to grant.
    expect(findings[0]!.message).toContain('access denied to ec2:GetManagedPrefixListEntries');
  });

  test('fault: a reference to the app security group across the inter-Region peering admits nothing, and the finding says why', () => {
    const data = cleanEstate();
    endpointGroup(data).IpPermissions = [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-0a0a0a0a0a0a0a0a0', UserId: APP.account, VpcId: APP.vpcId }] },
    ];
    const [finding] = run(data);
    expect(finding!.status).toBe('fail');
    expect(finding!.message).toContain(
      `sg-0a0a0a0a0a0a0a0a0 belongs to the app VPC in ${APP.region}: AWS does not support security group references across an inter-Region peering`,
    );
  });

  test('fault: within one Region a group reference admits its members’ addresses, not whole subnets', () => {
    const data = cleanEstate();
    // Same Region on both sides: the reference is legal and stands for the addresses of the interfaces carrying the group.
    const params = { ...NETWORK_PARAMS, app: { ...NETWORK_PARAMS.app, region: ENDPOINT.region } };
    endpointGroup(data).IpPermissions = [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/20' }, { CidrIp: '10.0.16.0/21' }] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-0a0a0a0a0a0a0a0a0' }] },
    ];
    data.app.networkInterfaces[0]!.PrivateIpAddresses = [{ PrivateIpAddress: '10.0.24.5' }];
    const observations = observationsOf(data);
    // The fixture keys the app side by Auckland; copy the app listings to the same-Region keys.
    for (const kind of ['ec2.vpcs', 'ec2.subnets', 'ec2.securityGroups', 'ec2.networkInterfaces'] as const) {
      observations.set(
        { kind, account: APP.account, region: ENDPOINT.region },
        { ok: true, data: observations.get({ kind, account: APP.account, region: APP.region }) },
      );
    }
    const [finding] = judge(check, params, observations);
    expect(finding!.status).toBe('fail');
    // The member's address is admitted (it splits the gap); the rest of 10.0.24.0/21 is not.
    expect(finding!.message).toContain('10.0.24.4/32');
    expect(finding!.message).not.toContain('10.0.24.5/32');
    expect(finding!.message).not.toContain('all of 10.0.16.0/20');
  });

  test('fault: the wrong port', () => {
    const data = cleanEstate();
    endpointGroup(data).IpPermissions = [{ IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: APP.cidr }] }];
    expect(run(data)[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('(all of 10.0.0.0/20)') });
  });

  test('error: the security groups could not be listed', () => {
    const findings = run(cleanEstate(), [denied(ec2Of('endpoint', 'ec2.securityGroups'), 'ec2:DescribeSecurityGroups')]);
    expect(findings).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('ec2:DescribeSecurityGroups') })]);
  });
});
