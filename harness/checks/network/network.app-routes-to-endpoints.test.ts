/**
 * Table test: each app subnet's effective route table must send every address of the
 * endpoint subnets along the path — judged part by part, peering state and topology
 * included, and through transit gateways.
 */
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
import check from './network.app-routes-to-endpoints.ts';

const run = (data = cleanEstate(), params: Record<string, unknown> = {}) => judge(check, { ...NETWORK_PARAMS, ...params }, observationsOf(data));

describe(check.id, () => {
  test('clean: both app route tables send the endpoint subnets through the active peering', () => {
    const findings = run();
    expect(statuses(findings)).toEqual(['pass', 'pass']);
    expect(findings[0]!.message).toContain(`through ${PEERING}`);
  });

  test('clean: subnets without an association are judged through the main table', () => {
    const data = cleanEstate();
    data.app.routeTables = data.app.routeTables.filter((table) => table.Associations?.some((association) => association.Main));
    data.app.routeTables[0]!.Routes!.push({ DestinationCidrBlock: ENDPOINT.cidr, VpcPeeringConnectionId: PEERING, State: 'active' });
    const findings = run(data);
    expect(statuses(findings)).toEqual(['pass']);
    expect(findings[0]!.message).toMatch(/\(the main table\) of app subnets subnet-0aa00000000000000, subnet-0ab00000000000000/);
  });

  test('fault: a subnet on a main table without the route fails (it no longer drops out of scope)', () => {
    const data = cleanEstate();
    data.app.subnets.push({ SubnetId: 'subnet-0ac00000000000000', VpcId: APP.vpcId, CidrBlock: '10.0.32.0/20' });
    const findings = run(data);
    expect(statuses(findings)).toEqual(['pass', 'pass', 'fail']);
    expect(findings[2]!.message).toMatch(/main table.*subnet-0ac00000000000000: has no route for endpoint subnet subnet-0ea00000000000000 10\.1\.0\.0\/20/);
  });

  test('fault: a more specific route over part of an endpoint subnet is judged on its own', () => {
    const data = cleanEstate();
    data.app.routeTables[1]!.Routes!.push({ DestinationCidrBlock: '10.1.0.0/26', NatGatewayId: 'nat-0123456789abcdef0', State: 'active' });
    const findings = run(data);
    expect(statuses(findings)).toEqual(['fail', 'pass']);
    expect(findings[0]!.message).toContain(
      'endpoint subnet subnet-0ea00000000000000 10.1.0.0/26: 10.1.0.0/26 → nat-0123456789abcdef0 sends 10.1.0.0/26 to nat-0123456789abcdef0',
    );
  });

  test('clean: a more specific route through the same peering is fine', () => {
    const data = cleanEstate();
    data.app.routeTables[1]!.Routes!.push({ DestinationCidrBlock: '10.1.0.0/26', VpcPeeringConnectionId: PEERING, State: 'active' });
    expect(statuses(run(data))).toEqual(['pass', 'pass']);
  });

  test.each(['pending-acceptance', 'deleted', 'rejected', 'expired', 'failed'])(
    'fault: a route to a peering that is %s fails here, not only in the static path',
    (status) => {
      const data = cleanEstate();
      data.app.peerings[0]!.Status = { Code: status as 'active' };
      const findings = run(data);
      expect(statuses(findings)).toEqual(['fail', 'fail']);
      expect(findings[0]!.message).toContain(`peering ${PEERING} is ${status}, not active`);
    },
  );

  test('fault: a blackhole route fails', () => {
    const data = cleanEstate();
    data.app.routeTables[1]!.Routes![1]!.State = 'blackhole';
    expect(run(data)[0]!.message).toContain('is a blackhole');
  });

  test('fault: a route to a peering that joins other VPCs fails', () => {
    const data = cleanEstate();
    data.app.routeTables[1]!.Routes![1]!.VpcPeeringConnectionId = 'pcx-0ffffffffffffffff';
    expect(run(data)[0]!.message).toContain('is a peering that does not join');
  });

  test('clean: a transit gateway path is followed to the endpoint VPC', () => {
    const findings = run(withTransitPath(cleanEstate()));
    expect(statuses(findings)).toEqual(['pass', 'pass']);
    expect(findings[0]!.message).toContain('through tgw-0a0a0a0a0a0a0a0a0');
  });

  test('fault: the suite expects a peering but the route goes to a transit gateway', () => {
    expect(run(withTransitPath(cleanEstate()), { topology: 'peering' })[0]!.message).toContain('the suite expects a VPC peering');
  });

  test('fault: the transit gateway route table has no route for the endpoint VPC', () => {
    const data = withTransitPath(cleanEstate());
    data.transitRoutes['tgw-rtb-0app']!.routes.shift();
    const findings = run(data);
    expect(statuses(findings)).toEqual(['fail', 'fail']);
    expect(findings[0]!.message).toContain('tgw-rtb-0app has no route for 10.1.0.0/20');
  });

  test('fault: the peer gateway sends the range to another VPC', () => {
    const data = withTransitPath(cleanEstate());
    data.transitRoutes['tgw-rtb-0hub']!.routes[1]!.TransitGatewayAttachments = [
      { TransitGatewayAttachmentId: 'tgw-attach-other', ResourceType: 'vpc', ResourceId: 'vpc-0other' },
    ];
    expect(run(data)[0]!.message).toContain('to tgw-attach-other (vpc-0other), not to vpc-0b0b0b0b0b0b0b0b0');
  });

  test('fault: a transit gateway peering attachment that is not available', () => {
    const data = withTransitPath(cleanEstate());
    for (const list of Object.values(data.transitPeerings)) list[0]!.State = 'pendingAcceptance';
    expect(run(data)[0]!.message).toContain(`peering attachment tgw-attach-0peer000000000 is pendingAcceptance, not available`);
  });

  test('skipped: on moto, whose transit gateway routes name no attachment, the path is not followed — never a pass', () => {
    const data = withTransitPath(cleanEstate());
    for (const routes of Object.values(data.transitRoutes)) for (const route of routes.routes) route.TransitGatewayAttachments = [];
    data.dataPlane.targetKind = 'moto';
    const findings = run(data);
    expect(statuses(findings)).toEqual(['skipped', 'skipped']);
    expect(findings[0]!.message).toContain('target lacks transit-gateway-route-targets');
  });

  test('error: the same gap on AWS is an error', () => {
    const data = withTransitPath(cleanEstate());
    for (const routes of Object.values(data.transitRoutes)) for (const route of routes.routes) route.TransitGatewayAttachments = [];
    expect(statuses(run(data))).toEqual(['error', 'error']);
  });

  test('error: a transit gateway route table that could not be read', () => {
    const data = withTransitPath(cleanEstate());
    const observations = observationsOf(data, [
      denied(
        { kind: 'ec2.transitGatewayRoutes', account: APP.account, region: APP.region, args: { routeTableId: 'tgw-rtb-0app' } },
        'ec2:SearchTransitGatewayRoutes',
      ),
    ]);
    const findings = judge(check, NETWORK_PARAMS, observations);
    expect(statuses(findings)).toEqual(['error', 'error']);
    expect(findings[0]!.message).toContain('access denied to ec2:SearchTransitGatewayRoutes');
  });

  test('error: a subnet named in app_subnet_ids that does not exist', () => {
    const findings = run(cleanEstate(), { app: { ...NETWORK_PARAMS.app, subnetIds: ['subnet-0aa00000000000000', 'subnet-0dead0000000000000'] } });
    expect(findings[0]).toMatchObject({
      status: 'error',
      message: expect.stringContaining('subnet-0dead0000000000000 named in app_subnet_ids does not exist'),
    });
    expect(statuses(findings)).toEqual(['error', 'pass']);
  });

  test('error: the route tables could not be listed', () => {
    const findings = judge(check, NETWORK_PARAMS, observationsOf(cleanEstate(), [denied(ec2Of('app', 'ec2.routeTables'), 'ec2:DescribeRouteTables')]));
    expect(findings).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('ec2:DescribeRouteTables') })]);
  });
});
