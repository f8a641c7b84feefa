/** Table test: each endpoint's policy, evaluated with crisp's engine, lets the app account's principals make the workload's Bedrock calls. */
import { describe, expect, test } from 'vitest';
import { APP, cleanEstate, denied, ec2Of, judge, NETWORK_PARAMS, observationsOf, statuses } from '../../../test/support/estate-fixture.ts';
import check from './network.endpoint-policy-allows-bedrock.ts';

const RUNTIME = 1;
const run = (data = cleanEstate(), params: Record<string, unknown> = {}, overrides: Parameters<typeof observationsOf>[1] = []) =>
  judge(check, { ...NETWORK_PARAMS, ...params }, observationsOf(data, overrides));
const withPolicy = (statement: unknown[]) => {
  const data = cleanEstate();
  data.endpoint.vpcEndpoints[RUNTIME]!.PolicyDocument = JSON.stringify({ Version: '2012-10-17', Statement: statement });
  return data;
};

describe(check.id, () => {
  test('clean: the default full-access policy passes every service', () => {
    const findings = run();
    expect(statuses(findings)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(findings[RUNTIME]!.message).toContain('allows the 6 workload calls');
  });

  test('clean: a policy limited to the app account’s principals passes', () => {
    const data = withPolicy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${APP.account}:root` }, Action: 'bedrock:*', Resource: '*' }]);
    expect(statuses(run(data))).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  test('clean: aws:PrincipalAccount conditions are filled from the app account', () => {
    const data = withPolicy([
      { Effect: 'Allow', Principal: '*', Action: 'bedrock:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': APP.account } } },
    ]);
    expect(run(data)[RUNTIME]!.status).toBe('pass');
  });

  test('fault: a Deny on model invocation fails, naming the statement', () => {
    const data = withPolicy([
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Sid: 'NoModels', Effect: 'Deny', Principal: '*', Action: 'bedrock:InvokeModel*', Resource: '*' },
    ]);
    const findings = run(data);
    expect(findings[RUNTIME]).toMatchObject({ status: 'fail', message: expect.stringContaining('denied by statement NoModels of VPC endpoint policy') });
    expect(statuses(findings)).toEqual(['pass', 'fail', 'pass', 'pass']);
  });

  test('fault: a policy that allows only another account’s principals', () => {
    const data = withPolicy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: '*', Resource: '*' }]);
    expect(run(data)[RUNTIME]).toMatchObject({ status: 'fail', message: expect.stringContaining('no statement allows it') });
  });

  test('fault: the profile is allowed but not its destination models', () => {
    const data = withPolicy([{ Effect: 'Allow', Principal: '*', Action: 'bedrock:*', Resource: 'arn:aws:bedrock:*:*:inference-profile/*' }]);
    expect(run(data)[RUNTIME]!.message).toMatch(/refuses bedrock:InvokeModel on arn:aws:bedrock:ap-southeast-2::foundation-model\//);
  });

  test('fault: named workload principals are judged, not a stand-in', () => {
    const data = withPolicy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${APP.account}:role/app` }, Action: '*', Resource: '*' }]);
    expect(run(data, { principalArns: [`arn:aws:iam::${APP.account}:role/app`] })[RUNTIME]!.status).toBe('pass');
    expect(run(data, { principalArns: [`arn:aws:iam::${APP.account}:role/other`] })[RUNTIME]!.status).toBe('fail');
  });

  test('error: a policy document that is not JSON', () => {
    const data = cleanEstate();
    data.endpoint.vpcEndpoints[RUNTIME]!.PolicyDocument = '{"Statement": [';
    expect(run(data)[RUNTIME]).toMatchObject({ status: 'error', message: expect.stringContaining('is not JSON') });
  });

  test('error: the endpoints could not be listed', () => {
    const findings = run(cleanEstate(), {}, [denied(ec2Of('endpoint', 'ec2.vpcEndpoints'), 'ec2:DescribeVpcEndpoints')]);
    expect(findings).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('ec2:DescribeVpcEndpoints') })]);
  });
});
