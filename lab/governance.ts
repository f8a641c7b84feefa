/**
 * Provisions the governance half of the reference estate into moto: an
 * organization (management account, OUs workloads → bedrock-apps, a member
 * account), a Region allow-list SCP, and in the member account the Bedrock app
 * role with the CRIS pattern for the AU profile and the opted-in global profile.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand as CreateIamPolicyCommand,
  CreateRoleCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { foundationModelArn, profileArn } from '../harness/policy/cris.ts';
import type { PolicyDocument } from '../harness/policy/types.ts';
import type { AwsClients } from '../harness/estate/clients.ts';
import { inPool } from '../harness/collect/pool.ts';

export const MODEL_ID = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
export const MANAGEMENT_ACCOUNT = '000000000000';
/** Every Region the AU profile reaches from any Australian or New Zealand source. */
const AU_DESTINATIONS = ['ap-southeast-6', 'ap-southeast-2', 'ap-southeast-4'];
/** The Region Organizations and IAM clients are asked in (both are global services of the partition). */
const CONTROL_REGION = 'ap-southeast-2';

/** What the governance estate looks like; faults change it before it is built. */
export interface GovernanceShape {
  /** Regions the allow-list SCP permits (us-east-1 as many organizations keep it, `unspecified` for global profiles). */
  allowedRegions: string[];
  /** Builds the role's Bedrock policy from the profile ARNs (global only when the estate sanctions it). */
  rolePolicy: (arns: { au: string; global?: string; account: string }) => PolicyDocument;
  /** The global profile is opted in: IAM allows it and the suites list it. */
  sanctionGlobal: boolean;
  /** The Region whose profile ARNs IAM sanctions; default the source Region (a fault names another). */
  sanctionedRegion?: string;
  /** Managed policy to set as the role's permission boundary, if any. */
  boundary?: PolicyDocument;
  /** Customer-managed policies attached to the role besides its inline CRIS policy. */
  managedPolicies: { name: string; document: (arns: { au: string; global?: string; account: string }) => PolicyDocument }[];
  /** The role's tags: SCPs condition on them through aws:PrincipalTag. */
  roleTags: Record<string, string>;
  /** SCPs attached to the workloads OU besides the Region allow-list. */
  extraScps: { name: string; document: PolicyDocument }[];
  /** Roles in the member account besides the app role (a large account's other workloads; none call Bedrock). */
  extraRoles?: number;
  /** SCPs on team OUs off the app account's path (five to an OU, AWS's limit per target). */
  teamScps?: number;
}

/**
 * The CRIS pattern: allow the profiles; allow destination models only through them; deny
 * direct model calls. The global statements appear only when a global profile ARN is given.
 */
export function crisPolicy({ au, global }: { au: string; global?: string }): PolicyDocument {
  const actions = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];
  // The source Region is the Region of the profile ARN.
  const source = au.split(':')[3]!;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowInferenceProfiles', Effect: 'Allow', Action: actions, Resource: global ? [au, global] : [au] },
      {
        Sid: 'AllowAuDestinationsViaProfile',
        Effect: 'Allow',
        Action: actions,
        Resource: AU_DESTINATIONS.map((region) => foundationModelArn(MODEL_ID, region)),
        Condition: { StringEquals: { 'bedrock:InferenceProfileArn': au } },
      },
      ...(global
        ? [
            {
              Sid: 'AllowGlobalRoutingViaProfile',
              Effect: 'Allow' as const,
              Action: actions,
              Resource: [foundationModelArn(MODEL_ID, source), foundationModelArn(MODEL_ID, '', 'aws')],
              Condition: { StringEquals: { 'bedrock:InferenceProfileArn': global, 'aws:RequestedRegion': [source, 'unspecified'] } },
            },
          ]
        : []),
      {
        Sid: 'DenyDirectModelCalls',
        Effect: 'Deny',
        Action: actions,
        Resource: 'arn:aws:bedrock:*::foundation-model/*',
        Condition: { Null: { 'bedrock:InferenceProfileArn': 'true' } },
      },
    ],
  };
}

/**
 * An SCP many organizations keep for restricted data: principals tagged
 * data-class=restricted may not call Bedrock in Melbourne. The lab role is tagged
 * `internal`, so the clean estate passes only if crisp reads the tag.
 */
export function restrictedDataScp(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyRestrictedDataInMelbourne',
        Effect: 'Deny',
        Action: 'bedrock:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'ap-southeast-4', 'aws:PrincipalTag/data-class': 'restricted' } },
      },
    ],
  };
}

export function defaultGovernanceShape(): GovernanceShape {
  return {
    allowedRegions: [...AU_DESTINATIONS, 'us-east-1', 'unspecified'],
    rolePolicy: crisPolicy,
    sanctionGlobal: false,
    managedPolicies: [],
    roleTags: { 'data-class': 'internal' },
    extraScps: [{ name: 'restricted-data-regions', document: restrictedDataScp() }],
  };
}

/** The Region allow-list SCP: deny everything but global services outside the allowed Regions. */
export function regionAllowList(regions: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyOutsideAllowedRegions',
        Effect: 'Deny',
        NotAction: ['iam:*', 'organizations:*', 'sts:*', 'route53:*', 'support:*', 'cloudfront:*', 'budgets:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': [...regions] } },
      },
    ],
  };
}

export interface Governance {
  managementAccount: string;
  memberAccount: string;
  rootId: string;
  workloadsOu: string;
  appsOu: string;
  regionScpId: string;
  roleArn: string;
  /** The profiles the estate sanctions (and the suites list): AU, plus global when opted in. */
  profileIds: string[];
  /** The global profile id, opted in or not (the latency suite compares against it). */
  globalProfileId: string;
  /** The source Region: the Region whose Bedrock endpoint the workload calls. */
  sourceRegion: string;
}

/** Provisions the organization and the app role; `sourceRegion` is the Region whose Bedrock endpoint the workload calls. */
export async function provisionGovernance(clients: AwsClients, shape: GovernanceShape, sourceRegion: string): Promise<Governance> {
  const organizations = clients.organizations(MANAGEMENT_ACCOUNT, CONTROL_REGION);
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await organizations.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  for (const PolicyType of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const)
    await organizations.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType }));
  const workloadsOu = (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' }))).OrganizationalUnit!.Id!;
  const appsOu = (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: workloadsOu, Name: 'bedrock-apps' }))).OrganizationalUnit!.Id!;
  const created = await organizations.send(new CreateAccountCommand({ AccountName: 'bedrock-app', Email: 'bedrock-app@crisp.invalid' }));
  const status = await organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id }));
  const memberAccount = status.CreateAccountStatus!.AccountId!;
  await organizations.send(new MoveAccountCommand({ AccountId: memberAccount, SourceParentId: rootId, DestinationParentId: appsOu }));
  const scp = await organizations.send(
    new CreatePolicyCommand({
      Name: 'region-allow-list',
      Description: 'Deny requests outside the allowed Regions',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify(regionAllowList(shape.allowedRegions)),
    }),
  );
  const regionScpId = scp.Policy!.PolicySummary!.Id!;
  await organizations.send(new AttachPolicyCommand({ PolicyId: regionScpId, TargetId: workloadsOu }));
  for (const extra of shape.extraScps) {
    const created = await organizations.send(
      new CreatePolicyCommand({ Name: extra.name, Description: extra.name, Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(extra.document) }),
    );
    await organizations.send(new AttachPolicyCommand({ PolicyId: created.Policy!.PolicySummary!.Id!, TargetId: workloadsOu }));
  }

  await provisionTeamScps(organizations, rootId, shape.teamScps ?? 0);

  const iam = clients.iam(memberAccount, CONTROL_REGION);
  await provisionOtherRoles(iam, shape.extraRoles ?? 0);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: 'bedrock-app',
      AssumeRolePolicyDocument: JSON.stringify(trust),
      Description: 'The Auckland app calling Bedrock through cross-Region inference',
      Tags: Object.entries(shape.roleTags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  const auProfile = `au.${MODEL_ID}`;
  const globalProfile = `global.${MODEL_ID}`;
  const sanctioned = shape.sanctionedRegion ?? sourceRegion;
  const arns = {
    au: profileArn(auProfile, sanctioned, memberAccount),
    ...(shape.sanctionGlobal ? { global: profileArn(globalProfile, sanctioned, memberAccount) } : {}),
    account: memberAccount,
  };
  await iam.send(new PutRolePolicyCommand({ RoleName: 'bedrock-app', PolicyName: 'bedrock-cris', PolicyDocument: JSON.stringify(shape.rolePolicy(arns)) }));
  const logs = await iam.send(
    new CreateIamPolicyCommand({
      PolicyName: 'app-logging',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
      }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'bedrock-app', PolicyArn: logs.Policy!.Arn }));
  for (const managed of shape.managedPolicies) {
    const created = await iam.send(new CreateIamPolicyCommand({ PolicyName: managed.name, PolicyDocument: JSON.stringify(managed.document(arns)) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'bedrock-app', PolicyArn: created.Policy!.Arn }));
  }
  if (shape.boundary) {
    const boundary = await iam.send(new CreateIamPolicyCommand({ PolicyName: 'app-boundary', PolicyDocument: JSON.stringify(shape.boundary) }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bedrock-app', PermissionsBoundary: boundary.Policy!.Arn }));
  }
  return {
    managementAccount: MANAGEMENT_ACCOUNT,
    memberAccount,
    rootId,
    workloadsOu,
    appsOu,
    regionScpId,
    roleArn: role.Role!.Arn!,
    profileIds: shape.sanctionGlobal ? [auProfile, globalProfile] : [auProfile],
    globalProfileId: globalProfile,
    sourceRegion,
  };
}

/** `count` SCPs on team OUs under the root, five to an OU; each denies one service the teams do not use. */
async function provisionTeamScps(organizations: OrganizationsClient, rootId: string, count: number): Promise<void> {
  const services = ['gamelift', 'robomaker', 'braket', 'groundstation', 'deepracer', 'iotfleetwise', 'mediatailor', 'nimble'];
  let ou = '';
  for (let index = 0; index < count; index += 1) {
    if (index % 5 === 0) {
      const name = `team-${String(index / 5).padStart(2, '0')}`;
      ou = (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: name }))).OrganizationalUnit!.Id!;
    }
    const service = services[index % services.length]!;
    const document = { Version: '2012-10-17', Statement: [{ Sid: `Deny${index}`, Effect: 'Deny', Action: `${service}:*`, Resource: '*' }] };
    const policy = await organizations.send(
      new CreatePolicyCommand({ Name: `team-deny-${index}`, Description: `No ${service}`, Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(document) }),
    );
    await organizations.send(new AttachPolicyCommand({ PolicyId: policy.Policy!.PolicySummary!.Id!, TargetId: ou }));
  }
}

/** `count` roles of other workloads, each with an inline policy reading its own bucket; eight are created at a time. */
async function provisionOtherRoles(iam: IAMClient, count: number): Promise<void> {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  const names = Array.from({ length: count }, (_, index) => `workload-${String(index).padStart(5, '0')}`);
  await inPool(names, 8, async (name) => {
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, Path: '/workloads/' }));
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: `arn:aws:s3:::${name}/*` }] };
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'own-bucket', PolicyDocument: JSON.stringify(document) }));
  });
}

/** The governance suite's variables for this estate. */
export function governanceVars(governance: Governance): Record<string, unknown> {
  return {
    account_id: governance.memberAccount,
    // One source Region for every suite: the Region whose Bedrock endpoint the workload calls.
    source_region: governance.sourceRegion,
    principal_arns: [governance.roleArn],
    inference_profile_ids: governance.profileIds,
    // The latency suite compares AU with global whether or not the estate sanctions global for its workload.
    global_profile_id: governance.globalProfileId,
    residency_regions: ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6'],
  };
}
