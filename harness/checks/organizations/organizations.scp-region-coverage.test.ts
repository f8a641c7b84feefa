/**
 * Table test for organizations.scp-region-coverage with observations built as
 * AWS Organizations returns them: a member account under root → workloads →
 * bedrock-apps, FullAWSAccess at every level and a Region allow-list SCP on
 * workloads; Bedrock's profile listing skipped (as moto answers), so the AU
 * profile called from Sydney routes by the built-in table to ap-southeast-2 and -4.
 */
import { describe, expect, test } from 'vitest';
import { regionAllowList } from '../../../lab/governance.ts';
import { Observations, type OrganizationPath } from '../../model/observations.ts';
import { evaluateInstance } from '../../engine/engine.ts';
import check from './organizations.scp-region-coverage.ts';

const ACCOUNT = '111111111111';
const MANAGEMENT = '000000000000';
const PROFILE = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const ROOT = 'r-ab12';
const WORKLOADS = 'ou-ab12-workload';
const BEDROCK_APPS = 'ou-ab12-bedrockap';
const scope = check.params.parse({
  accountId: ACCOUNT,
  sourceRegion: 'ap-southeast-2',
  principalArns: [`arn:aws:iam::${ACCOUNT}:role/bedrock-app`],
  inferenceProfileIds: [PROFILE],
  residencyRegions: ['ap-southeast-2', 'ap-southeast-4'],
});
const at = { account: ACCOUNT, region: 'ap-southeast-2' };

const FULL_AWS_ACCESS = {
  name: 'FullAWSAccess',
  id: 'p-FullAWSAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};
const allowList = (regions: string[]) => ({ name: 'region-allow-list', id: 'p-regions01', document: regionAllowList(regions) });

/** The account's OU path: FullAWSAccess at every level, the allow-list on workloads; `edit` changes it. */
function path(regions = ['ap-southeast-2', 'ap-southeast-4', 'us-east-1'], edit: (path: OrganizationPath) => void = () => {}): OrganizationPath {
  const value: OrganizationPath = {
    account: ACCOUNT,
    inOrganization: true,
    managementAccount: MANAGEMENT,
    scpLevels: [
      { id: ROOT, policies: [FULL_AWS_ACCESS] },
      { id: WORKLOADS, policies: [FULL_AWS_ACCESS, allowList(regions)] },
      { id: BEDROCK_APPS, policies: [FULL_AWS_ACCESS] },
      { id: ACCOUNT, policies: [FULL_AWS_ACCESS] },
    ],
    rcpLevels: [],
  };
  edit(value);
  return value;
}

const ROLE = {
  arn: `arn:aws:iam::${ACCOUNT}:role/bedrock-app`,
  type: 'role' as const,
  name: 'bedrock-app',
  path: '/',
  tags: { team: 'ml' } as Record<string, string>,
  policies: [],
};

function run(organization: OrganizationPath | { failure: string }, params = scope, principals = [ROLE]) {
  const observations = new Observations();
  observations.set(
    { kind: 'organizations.path', ...at },
    'failure' in organization ? { ok: false, failure: { status: 'error', reason: organization.failure } } : { ok: true, data: organization },
  );
  observations.set(
    { kind: 'bedrock.inferenceProfiles', ...at },
    { ok: false, failure: { status: 'skipped', reason: 'target lacks bedrock:ListInferenceProfiles' } },
  );
  observations.set({ kind: 'iam.authorizationDetails', ...at }, { ok: true, data: { account: ACCOUNT, principals } });
  observations.set({ kind: 'run.clock', ...at }, { ok: true, data: { now: '2026-12-01T00:00:00.000Z' } });
  return evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });
}

describe(check.id, () => {
  test('clean: an allow-list with ap-southeast-2 and -4 under FullAWSAccess passes each destination Region', () => {
    const findings = run(path());
    expect(findings.map((finding) => [finding.status, finding.resource.region])).toEqual([
      ['pass', 'ap-southeast-2'],
      ['pass', 'ap-southeast-4'],
    ]);
    expect(findings[1]!.message).toContain(
      `The SCPs on the path of ${ACCOUNT} allow bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream in ap-southeast-4 for ${PROFILE} to bedrock-app.`,
    );
    expect(findings[1]!.evidence).toMatchObject({ levels: [ROOT, WORKLOADS, BEDROCK_APPS, ACCOUNT] });
  });

  test('fault: an allow-list without ap-southeast-4 fails that destination, naming the policy, its level and the Region', () => {
    const findings = run(path(['ap-southeast-2', 'us-east-1']));
    expect(findings.map((finding) => finding.status)).toEqual(['pass', 'fail']);
    expect(findings[1]).toMatchObject({ resource: { region: 'ap-southeast-4' }, expected: 'Allow', actual: 'Deny' });
    expect(findings[1]!.message).toBe(
      `The SCPs on the path of ${ACCOUNT} deny ap-southeast-4 for ${PROFILE} to bedrock-app: ` +
        `bedrock:InvokeModel (statement DenyOutsideAllowedRegions of SCP region-allow-list at ${WORKLOADS}); ` +
        `bedrock:InvokeModelWithResponseStream (statement DenyOutsideAllowedRegions of SCP region-allow-list at ${WORKLOADS}).`,
    );
  });

  test('fault: a level with FullAWSAccess detached and nothing attached denies every destination, naming the level', () => {
    const findings = run(path(undefined, (value) => (value.scpLevels[2]!.policies = [])));
    expect(findings.map((finding) => finding.status)).toEqual(['fail', 'fail']);
    expect(findings[0]!.message).toContain(`bedrock:InvokeModel (no SCP at ${BEDROCK_APPS} allows it (no policy attached))`);
  });

  test('fault: a level whose only SCP allows other services denies Bedrock, naming the level and what is attached', () => {
    const ec2Only = {
      name: 'ec2-only',
      id: 'p-ec2only1',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] },
    };
    const findings = run(path(undefined, (value) => (value.scpLevels[3]!.policies = [ec2Only])));
    expect(findings[1]).toMatchObject({ status: 'fail', message: expect.stringContaining(`no SCP at ${ACCOUNT} allows it (attached: ec2-only)`) });
  });

  test('fault: a global profile needs the literal Region `unspecified`; an allow-list without it fails that destination', () => {
    const global = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const findings = run(path(), check.params.parse({ ...scope, inferenceProfileIds: [global] }));
    expect(findings.map((finding) => [finding.status, finding.resource.region])).toEqual([
      ['pass', 'ap-southeast-2'],
      ['fail', 'unspecified'],
    ]);
    expect(findings[1]!.message).toContain(
      `deny the Region \`unspecified\` (global routing) for ${global} to bedrock-app: bedrock:InvokeModel (statement DenyOutsideAllowedRegions`,
    );
    expect(run(path(['ap-southeast-2', 'unspecified']), check.params.parse({ ...scope, inferenceProfileIds: [global] })).map((f) => f.status)).toEqual([
      'pass',
      'pass',
    ]);
  });

  /** An SCP on workloads denying Bedrock in ap-southeast-4 to the principals `condition` names. */
  const denyIn4 = (condition: Record<string, Record<string, string>>) => (value: OrganizationPath) =>
    value.scpLevels[1]!.policies.push({
      name: 'restricted-principals',
      id: 'p-restrict1',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyRestrictedInMelbourne',
            Effect: 'Deny',
            Action: 'bedrock:*',
            Resource: '*',
            Condition: { ...condition, StringEquals: { 'aws:RequestedRegion': 'ap-southeast-4', ...condition.StringEquals } },
          },
        ],
      },
    });

  test('fault: an SCP denying principals tagged data-class=restricted fails for such a principal, and only for it', () => {
    const restricted = { ...ROLE, arn: `arn:aws:iam::${ACCOUNT}:role/restricted-app`, name: 'restricted-app', tags: { 'data-class': 'restricted' } };
    const organization = path(undefined, denyIn4({ StringEquals: { 'aws:PrincipalTag/data-class': 'restricted' } }));
    const both = check.params.parse({ ...scope, principalArns: [ROLE.arn, restricted.arn] });
    const findings = run(organization, both, [ROLE, restricted]);
    expect(findings.map((finding) => [finding.status, finding.resource.region])).toEqual([
      ['pass', 'ap-southeast-2'],
      ['fail', 'ap-southeast-4'],
    ]);
    expect(findings[1]!.message).toContain('to restricted-app: bedrock:InvokeModel (statement DenyRestrictedInMelbourne of SCP restricted-principals');
    // The same SCP leaves an untagged principal alone.
    expect(run(organization).map((finding) => finding.status)).toEqual(['pass', 'pass']);
  });

  test('fault: an SCP denying role/app-* by aws:PrincipalArn fails for a matching role', () => {
    const app = { ...ROLE, arn: `arn:aws:iam::${ACCOUNT}:role/app-chat`, name: 'app-chat' };
    const organization = path(undefined, denyIn4({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/app-*` } }));
    const findings = run(organization, check.params.parse({ ...scope, principalArns: [`arn:aws:iam::${ACCOUNT}:role/*`] }), [ROLE, app]);
    expect(findings[1]).toMatchObject({ status: 'fail', message: expect.stringMatching(/to app-chat: .*DenyRestrictedInMelbourne/) });
    expect(findings[1]!.message).not.toContain('bedrock-app');
  });

  test('fault: an SCP limited to the organization path the account is not under leaves it alone; one on its path denies', () => {
    const orgPathDeny = (ou: string) => denyIn4({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `o-ab12cd34ef/${ROOT}/${ou}/*` } });
    const withOrg = (edit: (value: OrganizationPath) => void) => path(undefined, (value) => ((value.organizationId = 'o-ab12cd34ef'), edit(value)));
    expect(run(withOrg(orgPathDeny(WORKLOADS))).map((finding) => finding.status)).toEqual(['pass', 'fail']);
    expect(run(withOrg(orgPathDeny('ou-ab12-sandbox1'))).map((finding) => finding.status)).toEqual(['pass', 'pass']);
  });

  test('error: a principal ARN that matches nobody is an error naming it', () => {
    const findings = run(path(), check.params.parse({ ...scope, principalArns: [`arn:aws:iam::${ACCOUNT}:role/nobody`] }));
    expect(findings).toEqual([
      expect.objectContaining({ status: 'error', message: expect.stringContaining('No IAM principal arn:aws:iam::111111111111:role/nobody') }),
    ]);
  });

  test('not_applicable: the management account and an account outside any organization have no SCPs to judge', () => {
    const management = run(path(undefined, (value) => (value.managementAccount = ACCOUNT)));
    expect(management).toEqual([
      expect.objectContaining({
        status: 'not_applicable',
        message: expect.stringContaining("is the organization's management account, to which SCPs and RCPs do not apply"),
      }),
    ]);
    const standalone = run({ account: ACCOUNT, inOrganization: false, scpLevels: [], rcpLevels: [] });
    expect(standalone).toEqual([expect.objectContaining({ status: 'not_applicable', message: expect.stringContaining('is in no organization') })]);
  });

  test('error: an organization path that could not be read is an error naming it, never a pass', () => {
    const findings = run({ failure: "access denied to organizations:ListPoliciesForTarget: grant it to crisp's read-only role (AccessDenied)" });
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: 'organizations.path', account: ACCOUNT }),
        message: expect.stringContaining('access denied to organizations:ListPoliciesForTarget'),
      }),
    ]);
  });
});
