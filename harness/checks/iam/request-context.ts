/**
 * The request context AWS supplies with a principal's call, built the same way
 * for the governance checks and for `crisp explain --target`: who calls
 * (aws:PrincipalArn — the role ARN for a role's session — account, type, tags,
 * organization id and paths), how (aws:SecureTransport: the SDK signs over HTTPS),
 * when (the run's recorded clock), and — when the workload calls through a named
 * interface endpoint — through which endpoint, VPC and source address. SCPs,
 * RCPs, boundaries and endpoint policies routinely condition on these keys. Pure.
 */
import type { OrganizationPath, PrincipalPolicies } from '../../model/observations.ts';
import type { ContextValue } from '../../policy/types.ts';

/** The endpoint the workload calls through, when the suite names it. */
export interface EndpointPath {
  vpceId: string;
  vpcId: string;
  /** A private address of the calling workload (aws:VpcSourceIp), when known. */
  sourceIp?: string;
}

/** What the context is built from. */
export interface ContextSources {
  principal: Pick<PrincipalPolicies, 'arn' | 'type' | 'tags'>;
  organization?: OrganizationPath;
  /** The run's clock, ISO 8601 (recorded, so a replay judges the same instant). */
  now: string;
  endpoint?: EndpointPath;
}

/** aws:PrincipalOrgPaths: `o-…/r-…/ou-…/…/` down to the account's parent, with a trailing slash and no account id. */
export function orgPathOf(organization: OrganizationPath): string | undefined {
  if (!organization.inOrganization || !organization.organizationId) return undefined;
  const levels = organization.scpLevels.map((level) => level.id).filter((id) => id !== organization.account);
  return levels.length > 0 ? `${[organization.organizationId, ...levels].join('/')}/` : undefined;
}

/** The context keys of a principal's signed call, as AWS fills them. */
export function principalContext(sources: ContextSources): Record<string, ContextValue> {
  const { principal, organization, now, endpoint } = sources;
  const account = principal.arn.split(':')[4] ?? '';
  const context: Record<string, ContextValue> = {
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': account,
    // A role acts through its sessions: AssumedRole; an IAM user: User.
    'aws:PrincipalType': principal.type === 'role' ? 'AssumedRole' : 'User',
    'aws:PrincipalIsAWSService': 'false',
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': now,
    'aws:EpochTime': String(Math.floor(Date.parse(now) / 1000)),
  };
  for (const [key, value] of Object.entries(principal.tags)) context[`aws:PrincipalTag/${key}`] = value;
  if (organization?.inOrganization && organization.organizationId) {
    context['aws:PrincipalOrgID'] = organization.organizationId;
    const path = orgPathOf(organization);
    if (path) context['aws:PrincipalOrgPaths'] = [path];
  }
  if (endpoint) {
    context['aws:SourceVpce'] = endpoint.vpceId;
    context['aws:SourceVpc'] = endpoint.vpcId;
    if (endpoint.sourceIp) context['aws:VpcSourceIp'] = endpoint.sourceIp;
  }
  return context;
}
