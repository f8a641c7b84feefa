/** The request context AWS supplies with a principal's call, as the governance checks and `crisp explain --target` build it. */
import { describe, expect, test } from 'vitest';
import { orgPathOf, principalContext } from './request-context.ts';

const organization = {
  account: '111111111111',
  inOrganization: true,
  managementAccount: '000000000000',
  organizationId: 'o-ab12cd34ef',
  scpLevels: [
    { id: 'r-ab12', policies: [] },
    { id: 'ou-ab12-workload', policies: [] },
    { id: '111111111111', policies: [] },
  ],
  rcpLevels: [],
};

describe('principalContext', () => {
  test('a role: its ARN, account, AssumedRole type, tags, organization and path, TLS and the recorded clock', () => {
    const context = principalContext({
      principal: { arn: 'arn:aws:iam::111111111111:role/app/bedrock-app', type: 'role', tags: { 'data-class': 'restricted' } },
      organization,
      now: '2026-12-01T10:00:00.000Z',
    });
    expect(context).toEqual({
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app/bedrock-app',
      'aws:PrincipalAccount': '111111111111',
      'aws:PrincipalType': 'AssumedRole',
      'aws:PrincipalIsAWSService': 'false',
      'aws:SecureTransport': 'true',
      'aws:CurrentTime': '2026-12-01T10:00:00.000Z',
      'aws:EpochTime': '1796119200',
      'aws:PrincipalTag/data-class': 'restricted',
      'aws:PrincipalOrgID': 'o-ab12cd34ef',
      'aws:PrincipalOrgPaths': ['o-ab12cd34ef/r-ab12/ou-ab12-workload/'],
    });
  });

  test('a user through a named endpoint: User type, the endpoint keys, and no organization keys outside one', () => {
    const context = principalContext({
      principal: { arn: 'arn:aws-us-gov:iam::111111111111:user/ana', type: 'user', tags: {} },
      organization: { ...organization, inOrganization: false },
      now: '2026-12-01T10:00:00.000Z',
      endpoint: { vpceId: 'vpce-0abc', vpcId: 'vpc-0def', sourceIp: '10.1.2.3' },
    });
    expect(context).toMatchObject({ 'aws:PrincipalType': 'User', 'aws:SourceVpce': 'vpce-0abc', 'aws:SourceVpc': 'vpc-0def', 'aws:VpcSourceIp': '10.1.2.3' });
    expect(context['aws:PrincipalOrgID']).toBeUndefined();
  });
});

describe('orgPathOf', () => {
  test('the path stops at the account’s parent; without the organization id there is none', () => {
    expect(orgPathOf(organization)).toBe('o-ab12cd34ef/r-ab12/ou-ab12-workload/');
    expect(orgPathOf({ ...organization, organizationId: undefined })).toBeUndefined();
  });
});
