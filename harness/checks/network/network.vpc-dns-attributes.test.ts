/**
 * Table test for network.vpc-dns-attributes on the AWS-shaped estate fixture:
 * clean (both VPCs have both attributes on), a fault per attribute, and the
 * errors of an unreadable attribute call and a VPC the suite names wrongly.
 */
import { describe, expect, test } from 'vitest';
import { APP, cleanEstate, denied, ec2Of, ENDPOINT, judge, NETWORK_PARAMS, observationsOf, statuses } from '../../../test/support/estate-fixture.ts';
import check from './network.vpc-dns-attributes.ts';

const run = (data = cleanEstate(), overrides: Parameters<typeof observationsOf>[1] = []) => judge(check, NETWORK_PARAMS, observationsOf(data, overrides));

describe(check.id, () => {
  test('clean: both VPCs have DNS support and DNS hostnames enabled', () => {
    const findings = run();
    expect(statuses(findings)).toEqual(['pass', 'pass']);
    expect(findings.map((finding) => finding.resource.id)).toEqual([APP.vpcId, ENDPOINT.vpcId]);
    expect(findings[0]).toMatchObject({
      resource: { name: 'app', account: APP.account, region: APP.region },
      actual: { enableDnsSupport: true, enableDnsHostnames: true },
    });
  });

  test('fault: enableDnsHostnames off on the app VPC fails that VPC only, naming the attribute and the VPC', () => {
    const data = cleanEstate();
    data.app.dnsAttributes.enableDnsHostnames = false;
    const [app, endpoint] = run(data);
    expect(app).toMatchObject({
      status: 'fail',
      resource: { id: APP.vpcId },
      message: `The app VPC ${APP.vpcId} has enableDnsHostnames turned off; enable it with modify-vpc-attribute.`,
      actual: { enableDnsSupport: true, enableDnsHostnames: false },
    });
    expect(endpoint!.status).toBe('pass');
  });

  test('fault: both attributes off on the endpoint VPC are both named', () => {
    const data = cleanEstate();
    data.endpoint.dnsAttributes = { enableDnsSupport: false, enableDnsHostnames: false };
    const [app, endpoint] = run(data);
    expect(app!.status).toBe('pass');
    expect(endpoint).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(`${ENDPOINT.vpcId} has enableDnsSupport and enableDnsHostnames turned off`),
    });
  });

  test('error: an access-denied DescribeVpcAttribute is an error naming the observation, never a pass', () => {
    const request = ec2Of('app', 'ec2.vpcDnsAttributes', { vpcId: APP.vpcId });
    const findings = run(cleanEstate(), [denied(request, 'ec2:DescribeVpcAttribute')]);
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: 'ec2.vpcDnsAttributes', account: APP.account, region: APP.region }),
        message: expect.stringContaining('access denied to ec2:DescribeVpcAttribute'),
      }),
    ]);
  });

  test('error: an app VPC missing from ec2.vpcs is an error naming the app_vpc_id variable', () => {
    const data = cleanEstate();
    data.app.vpcs = [];
    const [app, endpoint] = run(data);
    expect(app).toMatchObject({
      status: 'error',
      resource: { id: APP.vpcId },
      message: `The app VPC ${APP.vpcId} does not exist in account ${APP.account}, Region ${APP.region}; check the app_vpc_id variable.`,
    });
    expect(endpoint!.status).toBe('pass');
  });
});
