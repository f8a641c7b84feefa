/** Table test: each service's zone holds an apex alias to that service's endpoint, read with the zone owner's credentials. */
import { describe, expect, test } from 'vitest';
import { APP, cleanEstate, denied, ENDPOINT, judge, NETWORK_PARAMS, observationsOf, statuses } from '../../../test/support/estate-fixture.ts';
import check from './network.zone-alias-to-endpoint.ts';

const run = (data = cleanEstate(), overrides: Parameters<typeof observationsOf>[1] = []) => judge(check, NETWORK_PARAMS, observationsOf(data, overrides));
const RUNTIME = 1;

describe(check.id, () => {
  test('clean: four aliases, each to its own endpoint', () => {
    const findings = run();
    expect(statuses(findings)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(findings[RUNTIME]!.message).toContain('to endpoint vpce-01000000000000000 (bedrock-runtime)');
  });

  test('clean: a zone owned by the endpoint account is read with that account', () => {
    const data = cleanEstate();
    const zone = data.vpcZones[RUNTIME]!;
    zone.owningAccount = ENDPOINT.account;
    data.zoneRecords[zone.id]!.owner = ENDPOINT.account;
    const findings = run(data);
    expect(findings[RUNTIME]).toMatchObject({ status: 'pass', resource: expect.objectContaining({ account: ENDPOINT.account }) });
  });

  test('fault: the runtime alias points at the control-plane endpoint', () => {
    const data = cleanEstate();
    const zone = data.vpcZones[RUNTIME]!;
    data.zoneRecords[zone.id]!.records[1]!.AliasTarget!.DNSName = data.endpoint.vpcEndpoints[0]!.DnsEntries![0]!.DnsName;
    expect(run(data)[RUNTIME]).toMatchObject({ status: 'fail', message: expect.stringContaining('to the bedrock endpoint') });
  });

  test('fault: static addresses instead of an alias', () => {
    const data = cleanEstate();
    const zone = data.vpcZones[RUNTIME]!;
    data.zoneRecords[zone.id]!.records[1] = { Name: zone.name, Type: 'A', TTL: 60, ResourceRecords: [{ Value: '10.1.1.11' }] };
    expect(run(data)[RUNTIME]).toMatchObject({ status: 'fail', message: expect.stringContaining('an A record with static addresses instead of an alias') });
  });

  test('error: another account’s zone whose records crisp cannot read is an error naming the account, never a fail', () => {
    const data = cleanEstate();
    const zone = data.vpcZones[RUNTIME]!;
    zone.owningAccount = ENDPOINT.account;
    delete data.zoneRecords[zone.id];
    const findings = run(data, [
      denied({ kind: 'route53.zoneRecords', account: ENDPOINT.account, region: 'us-east-1', args: { zoneId: zone.id } }, 'route53:ListResourceRecordSets'),
    ]);
    expect(findings[RUNTIME]).toMatchObject({
      status: 'error',
      message: expect.stringContaining(`owned by account ${ENDPOINT.account}, whose records crisp cannot read`),
    });
    expect(statuses(findings)).toEqual(['pass', 'error', 'pass', 'pass']);
  });

  test('skipped: a service without a zone is left to network.private-zone-per-service', () => {
    const data = cleanEstate();
    data.vpcZones.splice(RUNTIME, 1);
    expect(run(data)[RUNTIME]).toMatchObject({ status: 'skipped', message: expect.stringContaining('see network.private-zone-per-service') });
  });

  test('error: the endpoints could not be listed', () => {
    const findings = run(cleanEstate(), [denied({ kind: 'ec2.vpcEndpoints', account: ENDPOINT.account, region: ENDPOINT.region }, 'ec2:DescribeVpcEndpoints')]);
    expect(findings).toEqual([expect.objectContaining({ status: 'error' })]);
    expect(APP.account).toBe('111111111111');
  });
});
