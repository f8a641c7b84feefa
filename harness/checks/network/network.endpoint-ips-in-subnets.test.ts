/**
 * Table test for the one check moto cannot exercise: fixtures are observations
 * shaped as AWS returns them (clean: ENI IPs inside their subnet; fault: outside).
 */
import { describe, expect, test } from 'vitest';
import { Observations, type ObservationOutcome } from '../../model/observations.ts';
import { evaluateInstance } from '../../engine/engine.ts';
import check from './network.endpoint-ips-in-subnets.ts';
import { ec2Request } from './scope.ts';

const scope = check.params.parse({
  app: { account: '111111111111', region: 'ap-southeast-6', vpcId: 'vpc-0a' },
  endpoint: { account: '222222222222', region: 'ap-southeast-2', vpcId: 'vpc-0b' },
  services: ['bedrock-runtime'],
});

function estate(ip: string): Observations {
  const observations = new Observations();
  const put = (kind: Parameters<typeof ec2Request>[2], data: unknown) =>
    observations.set(ec2Request(scope, 'endpoint', kind), { ok: true, data } as ObservationOutcome);
  put('ec2.vpcs', [{ VpcId: 'vpc-0b', CidrBlock: '10.1.0.0/16' }]);
  put('ec2.subnets', [{ SubnetId: 'subnet-0e1', VpcId: 'vpc-0b', CidrBlock: '10.1.0.0/20', AvailabilityZone: 'ap-southeast-2a' }]);
  put('ec2.vpcEndpoints', [
    {
      VpcEndpointId: 'vpce-01',
      VpcId: 'vpc-0b',
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.ap-southeast-2.bedrock-runtime',
      State: 'available',
      SubnetIds: ['subnet-0e1'],
      NetworkInterfaceIds: ['eni-01'],
    },
  ]);
  put('ec2.networkInterfaces', [{ NetworkInterfaceId: 'eni-01', SubnetId: 'subnet-0e1', PrivateIpAddress: ip }]);
  return observations;
}

const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

describe(check.id, () => {
  test('clean: the interface IP lies in its subnet', () => {
    expect(run(estate('10.1.3.7')).map((finding) => finding.status)).toEqual(['pass']);
  });

  test('fault: an IP outside the subnet fails, naming IP and subnet', () => {
    const [finding] = run(estate('10.180.24.128'));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('10.180.24.128, outside its subnet subnet-0e1 (10.1.0.0/20)') });
  });

  test('error: a failed listing is an error finding', () => {
    const observations = estate('10.1.3.7');
    observations.set(ec2Request(scope, 'endpoint', 'ec2.networkInterfaces'), {
      ok: false,
      failure: { status: 'error', reason: 'access denied to ec2:DescribeNetworkInterfaces' },
    });
    expect(run(observations)).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('access denied') })]);
  });
});
