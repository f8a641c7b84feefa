/**
 * Table test for network.vpc-cidrs-disjoint on the AWS-shaped estate fixture:
 * clean (10.0.0.0/16 and 10.1.0.0/16), overlaps through the primary and a
 * secondary CIDR, a disassociated CIDR that no longer counts, and the error of an
 * unreadable VPC listing.
 */
import { describe, expect, test } from 'vitest';
import type { Vpc } from '../../model/aws-shapes.ts';
import { APP, cleanEstate, denied, ec2Of, ENDPOINT, judge, NETWORK_PARAMS, observationsOf } from '../../../test/support/estate-fixture.ts';
import check from './network.vpc-cidrs-disjoint.ts';

const run = (data = cleanEstate(), overrides: Parameters<typeof observationsOf>[1] = []) => judge(check, NETWORK_PARAMS, observationsOf(data, overrides));

/** A VPC whose primary CIDR is `primary`, with a secondary CIDR in the given association state. */
const withSecondary = (vpc: Vpc, primary: string, secondary: string, state: 'associated' | 'disassociated'): Vpc => ({
  ...vpc,
  CidrBlock: primary,
  CidrBlockAssociationSet: [
    { CidrBlock: primary, AssociationId: 'vpc-cidr-assoc-01', CidrBlockState: { State: 'associated' } },
    { CidrBlock: secondary, AssociationId: 'vpc-cidr-assoc-02', CidrBlockState: { State: state } },
  ],
});

describe(check.id, () => {
  test('clean: 10.0.0.0/16 and 10.1.0.0/16 do not overlap', () => {
    expect(run()).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ id: APP.vpcId, account: APP.account }),
        message: `The app VPC ${APP.vpcId} (10.0.0.0/16) and the endpoint VPC ${ENDPOINT.vpcId} (10.1.0.0/16) do not overlap.`,
      }),
    ]);
  });

  test('fault: app 10.1.0.0/16 against endpoint 10.1.0.0/17 fails, naming the overlap 10.1.0.0/17', () => {
    const data = cleanEstate();
    data.app.vpcs[0]!.CidrBlock = '10.1.0.0/16';
    data.endpoint.vpcs[0]!.CidrBlock = '10.1.0.0/17';
    const [finding] = run(data);
    expect(finding).toMatchObject({
      status: 'fail',
      message: `The app VPC ${APP.vpcId} (10.1.0.0/16) overlaps the endpoint VPC ${ENDPOINT.vpcId} (10.1.0.0/17) in 10.1.0.0/17; re-address one of them.`,
      actual: { overlap: ['10.1.0.0/17'] },
    });
  });

  test('fault: an associated secondary CIDR of the app VPC that overlaps the endpoint VPC fails', () => {
    const data = cleanEstate();
    data.app.vpcs[0] = withSecondary(data.app.vpcs[0]!, APP.cidr, '10.1.128.0/20', 'associated');
    expect(run(data)[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('in 10.1.128.0/20;') });
  });

  test('clean: a disassociated secondary CIDR no longer counts', () => {
    const data = cleanEstate();
    data.app.vpcs[0] = withSecondary(data.app.vpcs[0]!, APP.cidr, '10.1.128.0/20', 'disassociated');
    expect(run(data)[0]).toMatchObject({ status: 'pass', actual: { app: [APP.cidr], endpoint: [ENDPOINT.cidr] } });
  });

  test('error: an access-denied DescribeVpcs is an error naming the observation', () => {
    const findings = run(cleanEstate(), [denied(ec2Of('endpoint', 'ec2.vpcs'), 'ec2:DescribeVpcs')]);
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: 'ec2.vpcs', account: ENDPOINT.account, region: ENDPOINT.region }),
        message: expect.stringContaining('access denied to ec2:DescribeVpcs'),
      }),
    ]);
  });
});
