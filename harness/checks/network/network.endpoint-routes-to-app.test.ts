/** Table test: the endpoint subnets' effective route tables must send every in-scope app subnet back along the path. */
import { describe, expect, test } from 'vitest';
import { cleanEstate, denied, ec2Of, judge, NETWORK_PARAMS, observationsOf, statuses, withTransitPath } from '../../../test/support/estate-fixture.ts';
import check from './network.endpoint-routes-to-app.ts';

const run = (data = cleanEstate(), params: Record<string, unknown> = {}) => judge(check, { ...NETWORK_PARAMS, ...params }, observationsOf(data));

describe(check.id, () => {
  test('clean: the endpoint route table sends both app subnets back through the peering', () => {
    const findings = run();
    expect(statuses(findings)).toEqual(['pass']);
    expect(findings[0]!.message).toContain('routes 10.0.0.0/20, 10.0.16.0/20 through pcx-0c0c0c0c0c0c0c0c0');
  });

  test('clean: back through the transit gateways', () => {
    expect(statuses(run(withTransitPath(cleanEstate())))).toEqual(['pass']);
  });

  test('fault: no return route for the app VPC', () => {
    const data = cleanEstate();
    data.endpoint.routeTables[1]!.Routes!.pop();
    const findings = run(data);
    expect(findings[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('has no route for app subnet subnet-0aa00000000000000 10.0.0.0/20') });
  });

  test('fault: the return route covers only part of the app VPC', () => {
    const data = cleanEstate();
    data.endpoint.routeTables[1]!.Routes![1]!.DestinationCidrBlock = '10.0.0.0/20';
    const [finding] = run(data);
    expect(finding!.status).toBe('fail');
    expect(finding!.message).toContain('app subnet subnet-0ab00000000000000 10.0.16.0/20');
    expect(finding!.message).not.toContain('subnet-0aa00000000000000 10.0.0.0/20');
  });

  test('fault: endpoint subnets on the main table, which has no return route', () => {
    const data = cleanEstate();
    data.endpoint.routeTables.pop();
    expect(run(data)[0]!.message).toMatch(/\(the main table\) of endpoint subnets .*has no route for app subnet/);
  });

  test('error: route tables of the endpoint side could not be listed', () => {
    const findings = judge(check, NETWORK_PARAMS, observationsOf(cleanEstate(), [denied(ec2Of('endpoint', 'ec2.routeTables'), 'ec2:DescribeRouteTables')]));
    expect(findings).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('222222222222') })]);
  });
});
