/**
 * Table test for network.interface-endpoints-available on the AWS-shaped estate
 * fixture: clean (four available endpoints), a missing service, endpoints that
 * exist but do not serve (pending, failed, deleted), and an unreadable listing.
 */
import { describe, expect, test } from 'vitest';
import type { VpcEndpoint } from '../../model/aws-shapes.ts';
import { cleanEstate, denied, ec2Of, ENDPOINT, judge, NETWORK_PARAMS, observationsOf, statuses } from '../../../test/support/estate-fixture.ts';
import check from './network.interface-endpoints-available.ts';

const run = (data = cleanEstate(), overrides: Parameters<typeof observationsOf>[1] = []) => judge(check, NETWORK_PARAMS, observationsOf(data, overrides));

/** The clean estate with the endpoint of `service` changed by `change`. */
function withEndpoint(service: string, change: (endpoint: VpcEndpoint) => void) {
  const data = cleanEstate();
  change(data.endpoint.vpcEndpoints.find((endpoint) => endpoint.ServiceName === `com.amazonaws.${ENDPOINT.region}.${service}`)!);
  return data;
}

describe(check.id, () => {
  test('clean: one available Interface endpoint per service, four passes', () => {
    const findings = run();
    expect(statuses(findings)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(findings[2]).toMatchObject({
      resource: { type: 'AWS::EC2::VPCEndpoint', id: 'vpce-02000000000000000', account: ENDPOINT.account, region: ENDPOINT.region },
      message: `Interface endpoint vpce-02000000000000000 for com.amazonaws.${ENDPOINT.region}.bedrock-agent is available.`,
    });
  });

  test('fault: no bedrock-agent endpoint fails, naming the endpoint service and the VPC', () => {
    const data = cleanEstate();
    data.endpoint.vpcEndpoints = data.endpoint.vpcEndpoints.filter((endpoint) => !endpoint.ServiceName!.endsWith('.bedrock-agent'));
    const findings = run(data);
    expect(statuses(findings)).toEqual(['pass', 'pass', 'fail', 'pass']);
    expect(findings[2]).toMatchObject({
      resource: { id: 'com.amazonaws.ap-southeast-2.bedrock-agent' },
      message: `The endpoint VPC ${ENDPOINT.vpcId} has no Interface endpoint for com.amazonaws.ap-southeast-2.bedrock-agent; create one.`,
    });
  });

  test.each(['pending', 'failed'])('fault: an endpoint in state %s fails, naming the endpoint and its state', (state) => {
    const findings = run(withEndpoint('bedrock-runtime', (endpoint) => (endpoint.State = state as never)));
    expect(statuses(findings)).toEqual(['pass', 'fail', 'pass', 'pass']);
    expect(findings[1]!.message).toBe(
      `Interface endpoint vpce-01000000000000000 for com.amazonaws.${ENDPOINT.region}.bedrock-runtime is ${state}, not available; inspect it and recreate it if it failed.`,
    );
  });

  test('fault: a deleted endpoint still listed counts as missing', () => {
    const findings = run(withEndpoint('bedrock-runtime', (endpoint) => (endpoint.State = 'deleted' as never)));
    expect(findings[1]).toMatchObject({ status: 'fail', resource: { id: 'com.amazonaws.ap-southeast-2.bedrock-runtime' }, actual: 'none' });
  });

  test('fault: an endpoint for the service in another VPC does not stand in for one in the endpoint VPC', () => {
    const data = withEndpoint('bedrock', (endpoint) => (endpoint.VpcId = 'vpc-0ffffffffffffffff'));
    expect(run(data)[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('no Interface endpoint for com.amazonaws.ap-southeast-2.bedrock;') });
  });

  test('error: an access-denied DescribeVpcEndpoints is an error, never a pass or a missing-endpoint fail', () => {
    const findings = run(cleanEstate(), [denied(ec2Of('endpoint', 'ec2.vpcEndpoints'), 'ec2:DescribeVpcEndpoints')]);
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: 'ec2.vpcEndpoints', account: ENDPOINT.account }),
        message: expect.stringContaining('access denied to ec2:DescribeVpcEndpoints'),
      }),
    ]);
  });
});
