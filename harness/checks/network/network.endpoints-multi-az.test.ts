/**
 * Table test for network.endpoints-multi-az on the AWS-shaped estate fixture:
 * clean (every endpoint in ap-southeast-2a and -2b), an endpoint with one subnet,
 * two subnets in the same zone, a missing endpoint left to its owner check, and
 * an unreadable subnet listing.
 */
import { describe, expect, test } from 'vitest';
import { cleanEstate, denied, ec2Of, ENDPOINT, judge, NETWORK_PARAMS, observationsOf, statuses } from '../../../test/support/estate-fixture.ts';
import check from './network.endpoints-multi-az.ts';

const run = (data = cleanEstate(), overrides: Parameters<typeof observationsOf>[1] = []) => judge(check, NETWORK_PARAMS, observationsOf(data, overrides));

describe(check.id, () => {
  test('clean: every endpoint spans ap-southeast-2a and ap-southeast-2b', () => {
    const findings = run();
    expect(statuses(findings)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(findings[1]).toMatchObject({
      resource: { id: 'vpce-01000000000000000' },
      message: 'Endpoint vpce-01000000000000000 (bedrock-runtime) spans ap-southeast-2a, ap-southeast-2b.',
      actual: ['ap-southeast-2a', 'ap-southeast-2b'],
    });
  });

  test('fault: an endpoint with a single subnet fails, naming the endpoint and its one zone', () => {
    const data = cleanEstate();
    data.endpoint.vpcEndpoints[1]!.SubnetIds = ['subnet-0eb00000000000000'];
    const findings = run(data);
    expect(statuses(findings)).toEqual(['pass', 'fail', 'pass', 'pass']);
    expect(findings[1]!.message).toBe(
      'Endpoint vpce-01000000000000000 (bedrock-runtime) sits in one Availability Zone (ap-southeast-2b); add a subnet in a second zone.',
    );
  });

  test('fault: two subnets in the same zone are still one zone', () => {
    const data = cleanEstate();
    data.endpoint.subnets.push({ SubnetId: 'subnet-0ec00000000000000', VpcId: ENDPOINT.vpcId, CidrBlock: '10.1.32.0/20', AvailabilityZone: 'ap-southeast-2a' });
    data.endpoint.vpcEndpoints[0]!.SubnetIds = ['subnet-0ea00000000000000', 'subnet-0ec00000000000000'];
    expect(run(data)[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('one Availability Zone (ap-southeast-2a)') });
  });

  test('skipped: a service without an endpoint is left to network.interface-endpoints-available', () => {
    const data = cleanEstate();
    data.endpoint.vpcEndpoints.splice(3, 1);
    expect(run(data)[3]).toMatchObject({
      status: 'skipped',
      resource: { id: 'com.amazonaws.ap-southeast-2.bedrock-agent-runtime' },
      message: expect.stringContaining('see network.interface-endpoints-available'),
    });
  });

  test('error: an access-denied DescribeSubnets is an error, never a zone verdict', () => {
    const findings = run(cleanEstate(), [denied(ec2Of('endpoint', 'ec2.subnets'), 'ec2:DescribeSubnets')]);
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: 'ec2.subnets', account: ENDPOINT.account, region: ENDPOINT.region }),
        message: expect.stringContaining('access denied to ec2:DescribeSubnets'),
      }),
    ]);
  });
});
