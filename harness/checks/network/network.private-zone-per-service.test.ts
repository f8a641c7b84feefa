/** Table test: a private zone named after each hostname is associated with the app VPC, whoever owns it; unreadable sources never make a fail. */
import { describe, expect, test } from 'vitest';
import { APP, cleanEstate, denied, ENDPOINT, judge, NETWORK_PARAMS, observationsOf, statuses } from '../../../test/support/estate-fixture.ts';
import check from './network.private-zone-per-service.ts';

const run = (data = cleanEstate(), params: Record<string, unknown> = {}, overrides: Parameters<typeof observationsOf>[1] = []) =>
  judge(check, { ...NETWORK_PARAMS, ...params }, observationsOf(data, overrides));
const RUNTIME_HOST = 'bedrock-runtime.ap-southeast-2.amazonaws.com';

/** The runtime zone moved to another account, associated with the app VPC there (as moto and GetHostedZone show it). */
function zoneOwnedBy(account: string) {
  const data = cleanEstate();
  data.vpcZones = data.vpcZones.filter((zone) => !zone.name.startsWith('bedrock-runtime.'));
  data.hostedZones[APP.account] = data.hostedZones[APP.account]!.filter((zone) => !zone.Name!.startsWith('bedrock-runtime.'));
  data.hostedZones[account] = [{ Id: '/hostedzone/ZHUB1', Name: `${RUNTIME_HOST}.`, CallerReference: 'hub', Config: { PrivateZone: true } }];
  data.zoneVpcs['ZHUB1'] = { owner: account, name: `${RUNTIME_HOST}.`, vpcs: [{ vpcId: APP.vpcId, region: APP.region }] };
  return data;
}

describe(check.id, () => {
  test('clean: four zones of the app account', () => {
    expect(statuses(run())).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  test('clean: a zone owned by the endpoint account and associated with the app VPC', () => {
    const findings = run(zoneOwnedBy(ENDPOINT.account));
    expect(statuses(findings)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(findings[1]).toMatchObject({
      message: expect.stringContaining('(owned by 222222222222)'),
      resource: expect.objectContaining({ account: ENDPOINT.account }),
    });
  });

  test('clean: a zone owned by a third DNS account named in dns_account_id', () => {
    expect(run(zoneOwnedBy('333333333333'), { dnsAccountId: '333333333333' })[1]!.status).toBe('pass');
  });

  test('fault: the zone is associated with other VPCs only', () => {
    const data = zoneOwnedBy(ENDPOINT.account);
    data.zoneVpcs['ZHUB1']!.vpcs = [{ vpcId: 'vpc-0other', region: APP.region }];
    expect(run(data)[1]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('private zone ZHUB1 (222222222222) has that name but is associated with other VPCs'),
    });
  });

  test('fault: only a public zone of that name exists', () => {
    const data = cleanEstate();
    data.vpcZones = data.vpcZones.filter((zone) => !zone.name.startsWith('bedrock-runtime.'));
    data.hostedZones[APP.account]![1]!.Config = { PrivateZone: false };
    expect(run(data)[1]).toMatchObject({ status: 'fail', message: expect.stringContaining('public zones never override resolution') });
  });

  test('error: a zone crisp can see but whose VPC list it cannot read is never a fail', () => {
    const data = zoneOwnedBy(ENDPOINT.account);
    const findings = run(data, {}, [
      denied({ kind: 'route53.zoneVpcs', account: ENDPOINT.account, region: 'us-east-1', args: { zoneId: 'ZHUB1' } }, 'route53:GetHostedZone'),
    ]);
    expect(findings[1]).toMatchObject({ status: 'error', message: expect.stringContaining('route53:GetHostedZone on ZHUB1 in 222222222222') });
  });

  test('error: the VPC’s zone associations could not be read', () => {
    const findings = run(cleanEstate(), {}, [
      denied({ kind: 'route53.vpcZones', account: APP.account, region: APP.region, args: { vpcId: APP.vpcId } }, 'route53:ListHostedZonesByVPC'),
    ]);
    expect(statuses(findings)).toEqual(['error', 'error', 'error', 'error']);
    expect(findings[0]!.message).toContain('route53:ListHostedZonesByVPC in 111111111111');
  });

  test('clean: the zones found through ListHostedZonesByVPC need no other listing', () => {
    const findings = run(cleanEstate(), {}, [denied({ kind: 'route53.hostedZones', account: APP.account, region: 'us-east-1' }, 'route53:ListHostedZones')]);
    expect(statuses(findings)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });
});
