/** Table test: an active peering joins the VPCs, no in-scope route uses a stale one, and a transit gateway path makes it not applicable. */
import { describe, expect, test } from 'vitest';
import {
  APP,
  cleanEstate,
  denied,
  ec2Of,
  ENDPOINT,
  judge,
  NETWORK_PARAMS,
  observationsOf,
  PEERING,
  statuses,
  withTransitPath,
} from '../../../test/support/estate-fixture.ts';
import check from './network.peering-active.ts';

const run = (data = cleanEstate(), params: Record<string, unknown> = {}) => judge(check, { ...NETWORK_PARAMS, ...params }, observationsOf(data));
const STALE = 'pcx-0dddddddddddddddd';

function withSecondPeering(status: string, usedByApp: boolean) {
  const data = cleanEstate();
  data.app.peerings.push({ ...data.app.peerings[0]!, VpcPeeringConnectionId: STALE, Status: { Code: status as 'active' } });
  if (usedByApp) data.app.routeTables[1]!.Routes![1]!.VpcPeeringConnectionId = STALE;
  return data;
}

describe(check.id, () => {
  test('clean: the active peering carries the in-scope routes', () => {
    const findings = run();
    expect(statuses(findings)).toEqual(['pass']);
    expect(findings[0]!.message).toMatch(new RegExp(`${PEERING} .* is active and carries the routes of rtb-`));
  });

  test('clean: a stale second peering that no route uses is not a fault', () => {
    const findings = run(withSecondPeering('deleted', false));
    expect(statuses(findings)).toEqual(['pass', 'pass']);
    expect(findings[1]!.message).toContain('no in-scope route uses it');
  });

  test('fault: a stale second peering that a route still uses fails, naming the route table', () => {
    const findings = run(withSecondPeering('deleted', true));
    expect(statuses(findings)).toEqual(['pass', 'fail']);
    expect(findings[1]!.message).toContain(
      `Peering ${STALE} between ${APP.vpcId} and ${ENDPOINT.vpcId} is deleted, not active, yet route table rtb-0a000000000000000`,
    );
    expect(findings[1]!.message).toContain('point them at the active peering');
  });

  test('fault: the only peering is pending acceptance', () => {
    const data = cleanEstate();
    data.app.peerings[0]!.Status = { Code: 'pending-acceptance' };
    const findings = run(data);
    expect(findings[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('is pending-acceptance, not active') });
  });

  test('fault: no peering at all', () => {
    const data = cleanEstate();
    data.app.peerings = [];
    expect(run(data)[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('No VPC peering connection joins') });
  });

  test('not applicable: a transit gateway path (declared, or found with topology any)', () => {
    expect(run(withTransitPath(cleanEstate()))[0]).toMatchObject({ status: 'not_applicable', message: expect.stringContaining('tgw-0a0a0a0a0a0a0a0a0') });
    expect(run(cleanEstate(), { topology: 'transit-gateway' })[0]!.status).toBe('not_applicable');
  });

  test('error: the peerings could not be listed', () => {
    const findings = judge(
      check,
      NETWORK_PARAMS,
      observationsOf(cleanEstate(), [denied(ec2Of('app', 'ec2.peeringConnections'), 'ec2:DescribeVpcPeeringConnections')]),
    );
    expect(findings).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('ec2:DescribeVpcPeeringConnections') })]);
  });
});
