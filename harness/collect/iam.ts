/**
 * IAM collector: GetAccountAuthorizationDetails, paged, once per account —
 * every role and user with inline, attached managed and group policies and
 * permission boundary, documents decoded. The minimum: no per-principal calls.
 */
import {
  ListServiceSpecificCredentialsCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
  SimulatePrincipalPolicyCommand,
  type ListServiceSpecificCredentialsCommandOutput,
} from '@aws-sdk/client-iam';
import type { CollectContext } from './context.ts';
import { drain } from './drain.ts';
import { isEmulatorHtmlError, TargetLacks } from './failure.ts';
import type {
  AccessKeys,
  AuthorizationDetails,
  ObservationRequest,
  PrincipalPolicies,
  ServiceSpecificCredentials,
  SimulationResult,
} from '../model/observations.ts';

/** Policy documents arrive URL-encoded (AWS and moto alike); undefined when there is none to read. */
export function decodePolicyDocument(text: string | undefined): unknown {
  if (!text) return undefined;
  const decoded = text.trimStart().startsWith('{') ? text : decodeURIComponent(text);
  return JSON.parse(decoded);
}

/** Collects the authorization details of one account. */
export async function collectAuthorizationDetails(
  context: CollectContext,
  request: ObservationRequest<'iam.authorizationDetails'>,
): Promise<AuthorizationDetails> {
  const client = context.clients.iam(request.account, request.region);
  // Every page holds several lists (roles, users, groups, policies), so the pages themselves are kept.
  const pages = await drain(
    paginateGetAccountAuthorizationDetails({ client, pageSize: 1000 }, { Filter: ['Role', 'User', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] }),
    (page) => [page],
  );
  const managed = new Map<string, { name: string; document: unknown }>();
  for (const policy of pages.flatMap((page) => page.Policies ?? [])) {
    const version = policy.PolicyVersionList?.find((candidate) => candidate.IsDefaultVersion) ?? policy.PolicyVersionList?.[0];
    managed.set(policy.Arn!, { name: policy.PolicyName ?? policy.Arn!.split('/').pop()!, document: decodePolicyDocument(version?.Document) });
  }
  // A policy the listing names but whose document it did not return is never read as empty: an unread Deny would pass.
  const attached = (list: { PolicyArn?: string; PolicyName?: string }[] | undefined) =>
    (list ?? []).map((entry) => managed.get(entry.PolicyArn!) ?? { name: entry.PolicyArn ?? entry.PolicyName ?? '(unnamed)', document: undefined });
  const inline = (list: { PolicyName?: string; PolicyDocument?: string }[] | undefined, prefix = '') =>
    (list ?? []).map((policy) => ({ name: `${prefix}${policy.PolicyName}`, document: decodePolicyDocument(policy.PolicyDocument) }));
  const groups = new Map(
    pages
      .flatMap((page) => page.GroupDetailList ?? [])
      .map((group) => [group.GroupName!, [...inline(group.GroupPolicyList, `${group.GroupName}/`), ...attached(group.AttachedManagedPolicies)]]),
  );
  interface Detail {
    Arn?: string;
    Path?: string;
    Tags?: { Key?: string; Value?: string }[];
    PermissionsBoundary?: { PermissionsBoundaryArn?: string };
  }
  /** Roles and users differ only in their field names and in users' group policies. */
  const principalOf = (type: PrincipalPolicies['type'], detail: Detail, name: string, listed: PrincipalPolicies['policies']): PrincipalPolicies => {
    const boundaryArn = detail.PermissionsBoundary?.PermissionsBoundaryArn;
    const boundary = boundaryArn ? (managed.get(boundaryArn) ?? { name: boundaryArn, document: undefined }) : undefined;
    const unreadable = [...listed, ...(boundary ? [boundary] : [])].filter((policy) => policy.document === undefined).map((policy) => policy.name);
    return {
      arn: detail.Arn!,
      type,
      name,
      path: detail.Path ?? '/',
      tags: Object.fromEntries((detail.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
      policies: listed.filter((policy) => policy.document !== undefined),
      ...(boundary && boundary.document !== undefined ? { boundary } : {}),
      ...(unreadable.length > 0 ? { unreadablePolicies: unreadable } : {}),
    };
  };
  const principals: PrincipalPolicies[] = [
    ...pages
      .flatMap((page) => page.RoleDetailList ?? [])
      .map((role) => principalOf('role', role, role.RoleName!, [...inline(role.RolePolicyList), ...attached(role.AttachedManagedPolicies)])),
    ...pages
      .flatMap((page) => page.UserDetailList ?? [])
      .map((user) =>
        principalOf('user', user, user.UserName!, [
          ...inline(user.UserPolicyList),
          ...attached(user.AttachedManagedPolicies),
          ...(user.GroupList ?? []).flatMap((group) => groups.get(group) ?? []),
        ]),
      ),
  ];
  return { account: request.account, principals };
}

/** Asks IAM's policy simulator about one request (used to cross-check crisp's engine on aws targets). */
export async function collectSimulation(context: CollectContext, request: ObservationRequest<'iam.simulation'>): Promise<SimulationResult> {
  const args = request.args ?? {};
  const values = JSON.parse(args.context ?? '{}') as Record<string, string | string[]>;
  const result = await context.clients.iam(request.account, request.region).send(
    new SimulatePrincipalPolicyCommand({
      PolicySourceArn: args.principal,
      ActionNames: [args.action!],
      ResourceArns: [args.resource!],
      ContextEntries: Object.entries(values).map(([key, value]) => ({
        ContextKeyName: key,
        ContextKeyValues: Array.isArray(value) ? value : [value],
        ContextKeyType: Array.isArray(value) ? 'stringList' : 'string',
      })),
    }),
  );
  const evaluation = result.EvaluationResults?.[0];
  return {
    decision: evaluation?.EvalDecision ?? 'unknown',
    matchedStatements: (evaluation?.MatchedStatements ?? []).map((statement) => ({
      sourcePolicyId: statement.SourcePolicyId,
      sourcePolicyType: statement.SourcePolicyType,
    })),
  };
}

/** Dispatches the IAM observation kinds. */
export async function collectIam(context: CollectContext, request: ObservationRequest): Promise<unknown> {
  return request.kind === 'iam.simulation'
    ? collectSimulation(context, request as ObservationRequest<'iam.simulation'>)
    : collectAuthorizationDetails(context, request as ObservationRequest<'iam.authorizationDetails'>);
}

/** The user a credential listing is for, or an error naming the missing argument. */
function userNameOf(request: ObservationRequest): string {
  const userName = request.args?.userName;
  if (!userName) throw new Error(`${request.kind} needs args.userName`);
  return userName;
}

/** The last four characters of a credential id: enough to tell keys apart, too few to use one. */
function suffixOf(id: string | undefined): string {
  return (id ?? '').slice(-4);
}

/** A user's access keys: each id cut to its last four characters, with status and creation time. */
export async function collectAccessKeys(context: CollectContext, request: ObservationRequest<'iam.accessKeys'>): Promise<AccessKeys> {
  const user = userNameOf(request);
  const client = context.clients.iam(request.account, request.region);
  const keys = await drain(paginateListAccessKeys({ client }, { UserName: user }), (page) =>
    // Mapped page by page so no full key id is kept past its page.
    (page.AccessKeyMetadata ?? []).map((key) => ({
      idSuffix: suffixOf(key.AccessKeyId),
      status: key.Status ?? 'unknown',
      createDate: key.CreateDate?.toISOString() ?? '',
    })),
  );
  return { user, keys };
}

/**
 * A user's service-specific credentials (Bedrock long-term API keys among them), every
 * service's: the id cut to its last four characters, the service, status and dates —
 * never the service user name or a password. moto does not implement the listing: its
 * HTML error page becomes `TargetLacks` (skipped), never an empty list.
 */
export async function collectServiceSpecificCredentials(
  context: CollectContext,
  request: ObservationRequest<'iam.serviceSpecificCredentials'>,
): Promise<ServiceSpecificCredentials> {
  const user = userNameOf(request);
  const client = context.clients.iam(request.account, request.region);
  const credentials: ServiceSpecificCredentials['credentials'] = [];
  let marker: string | undefined;
  do {
    let page: ListServiceSpecificCredentialsCommandOutput;
    try {
      page = await client.send(new ListServiceSpecificCredentialsCommand({ UserName: user, ...(marker ? { Marker: marker } : {}) }));
    } catch (error) {
      if (isEmulatorHtmlError(error, context.targetKind)) {
        throw new TargetLacks(`${context.targetKind} answers ListServiceSpecificCredentials with an HTML error page (not implemented)`);
      }
      throw error;
    }
    for (const credential of page.ServiceSpecificCredentials ?? []) {
      credentials.push({
        idSuffix: suffixOf(credential.ServiceSpecificCredentialId),
        serviceName: credential.ServiceName ?? '',
        status: credential.Status ?? 'unknown',
        createDate: credential.CreateDate?.toISOString() ?? '',
        ...(credential.ExpirationDate ? { expirationDate: credential.ExpirationDate.toISOString() } : {}),
      });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return { user, credentials };
}

/** Dispatches every IAM observation kind (authorization details, simulation, access keys, service-specific credentials). */
export async function collectIamObservation(context: CollectContext, request: ObservationRequest): Promise<unknown> {
  switch (request.kind) {
    case 'iam.accessKeys':
      return collectAccessKeys(context, request as ObservationRequest<'iam.accessKeys'>);
    case 'iam.serviceSpecificCredentials':
      return collectServiceSpecificCredentials(context, request as ObservationRequest<'iam.serviceSpecificCredentials'>);
    default:
      return collectIam(context, request);
  }
}
