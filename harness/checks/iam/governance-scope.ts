/**
 * Parameters and shared reading for the governance checks: the account, its
 * principals, the inference profiles they must use, the residency set, and the
 * organization chain that applies to them.
 */
import { z } from 'zod';
import { ObservationUnavailable, type ObservationRequest, type Observations, type OrganizationPath, type PrincipalPolicies } from '../../model/observations.ts';
import { parseProfileId, routeProfile, type ProfileRouting } from '../../policy/cris.ts';
import { accountOf } from '../../policy/statement.ts';
import type { NamedPolicy, OrgLevel, PolicyDocument, PolicySet } from '../../policy/types.ts';
import { accountId, regionName } from '../network/scope.ts';

const VACUOUS = 'is empty, so the check would verify nothing (a vacuous expectation)';

export const governanceScopeSchema = z.object({
  accountId,
  sourceRegion: regionName,
  principalArns: z.array(z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:/, 'must be an IAM principal ARN (wildcards allowed)')).min(1, VACUOUS),
  inferenceProfileIds: z
    .array(z.string().refine((id) => parseProfileId(id) !== undefined, 'must be an inference profile id such as au.anthropic.claude-sonnet-4-5-20250929-v1:0'))
    .min(1, VACUOUS),
  residencyRegions: z.array(regionName).min(1, VACUOUS),
  actions: z
    .array(z.string().regex(/^bedrock:[A-Za-z]+$/))
    .min(1, VACUOUS)
    .default(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']),
  /** Declared destinations per profile id, used where the target cannot list inference profiles. */
  profileRouting: z.record(z.string(), z.array(regionName).min(1)).optional(),
});

export type GovernanceScope = z.output<typeof governanceScopeSchema>;

export const authorizationRequest = (scope: GovernanceScope): ObservationRequest<'iam.authorizationDetails'> => ({
  kind: 'iam.authorizationDetails',
  account: scope.accountId,
  region: scope.sourceRegion,
});
export const organizationRequest = (scope: GovernanceScope): ObservationRequest<'organizations.path'> => ({
  kind: 'organizations.path',
  account: scope.accountId,
  region: scope.sourceRegion,
});
export const profilesRequest = (scope: GovernanceScope): ObservationRequest<'bedrock.inferenceProfiles'> => ({
  kind: 'bedrock.inferenceProfiles',
  account: scope.accountId,
  region: scope.sourceRegion,
});

export function governanceNeeds(scope: GovernanceScope): ObservationRequest[] {
  return [authorizationRequest(scope), organizationRequest(scope), profilesRequest(scope)];
}

/** A profile's routing, and a note on where it came from when not from Bedrock itself. */
export function routingFor(scope: GovernanceScope, observations: Observations, profileId: string): { routing?: ProfileRouting; note: string } {
  let fromBedrock: string[] | undefined;
  let note = '';
  try {
    fromBedrock = observations.get(profilesRequest(scope)).profiles.find((profile) => profile.id === profileId)?.modelArns;
    if (!fromBedrock) note = `Bedrock lists no profile ${profileId} in ${scope.sourceRegion}; `;
  } catch (error) {
    if (!(error instanceof ObservationUnavailable)) throw error;
    note = `routing of ${profileId} is the suite's declaration (${error.failure.reason}); `;
  }
  const routing = routeProfile(profileId, scope.sourceRegion, scope.accountId, { fromBedrock, declared: scope.profileRouting?.[profileId] });
  return routing
    ? { routing, note }
    : { note: `${note}no routing is known for ${profileId} from ${scope.sourceRegion}: declare its destination Regions in profileRouting` };
}

const asLevels = (levels: OrganizationPath['scpLevels']): OrgLevel[] => levels.map((level) => ({ id: level.id, policies: named(level.policies) }));

/** The SCP and RCP chains that apply to principals of the account (none for the management account, or outside an organization). */
export function organizationChains(path: OrganizationPath): { scps: OrgLevel[]; rcps: OrgLevel[]; note?: string } {
  if (!path.inOrganization) return { scps: [], rcps: [], note: `account ${path.account} is in no organization, so no SCP or RCP applies` };
  if (path.managementAccount === path.account)
    return { scps: [], rcps: [], note: `account ${path.account} is the organization's management account, to which SCPs and RCPs do not apply` };
  return { scps: asLevels(path.scpLevels), rcps: asLevels(path.rcpLevels) };
}

/** Principals of the account matching the ARN (or ARN pattern), and the ARNs that matched nothing. */
export function selectPrincipals<T extends { arn: string }>(
  principals: readonly T[],
  patterns: readonly string[],
  matches: (pattern: string, arn: string) => boolean,
): { selected: T[]; unmatched: string[] } {
  const selected = new Map<string, T>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const found = principals.filter((principal) => matches(pattern, principal.arn));
    if (found.length === 0) unmatched.push(pattern);
    for (const principal of found) selected.set(principal.arn, principal);
  }
  return { selected: [...selected.values()], unmatched };
}

/** Converts collected policies into engine policies. */
export function named(policies: readonly { name: string; document: unknown }[]): NamedPolicy[] {
  return policies.map((policy) => ({ name: policy.name, document: policy.document as PolicyDocument }));
}

/**
 * The policies that govern a principal's request to a resource: its identity
 * policies and boundary, the SCP chain, and the RCP chain only for resources an
 * account owns (foundation models have none). One set per kind of resource is built.
 */
export function policySetFor(principal: PrincipalPolicies, chains: { scps: OrgLevel[]; rcps: OrgLevel[] }): (resourceArn: string) => PolicySet {
  const base: PolicySet = {
    identity: named(principal.policies),
    ...(principal.boundary ? { boundary: named([principal.boundary])[0]! } : {}),
    scps: chains.scps,
  };
  const withRcps: PolicySet = { ...base, rcps: chains.rcps };
  const withoutRcps: PolicySet = { ...base, rcps: [] };
  return (resourceArn) => (accountOf(resourceArn) ? withRcps : withoutRcps);
}
