/**
 * Parameters and shared reading for the governance checks: the account, its
 * principals, the inference profiles they must use, the residency set, the
 * organization chain that applies to them, the run's clock, and — when the suite
 * names the interface endpoint the workload calls through — that endpoint's policy.
 */
import { z } from 'zod';
import { ObservationUnavailable, type ObservationRequest, type Observations, type OrganizationPath, type PrincipalPolicies } from '../../model/observations.ts';
import { endpointServiceNameIn } from '../../model/partition.ts';
import { parseProfileId, routeProfile, type ProfileRouting } from '../../policy/cris.ts';
import { accountOf } from '../../policy/statement.ts';
import type { ContextValue, NamedPolicy, OrgLevel, PolicyDocument, PolicySet } from '../../policy/types.ts';
import { accountId, regionName } from '../network/scope.ts';
import { principalContext, type EndpointPath } from './request-context.ts';

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
  /** The interface endpoint the workload calls bedrock-runtime through: its policy joins every verdict. */
  endpointAccountId: accountId.optional(),
  endpointRegion: regionName.optional(),
  endpointVpcId: z
    .string()
    .regex(/^vpc-[0-9a-f]+$/, 'must be a VPC id (vpc-…)')
    .optional(),
  /** A private address of the calling workload, for aws:VpcSourceIp. */
  workloadSourceIp: z.ipv4().optional(),
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

export const clockRequest = (scope: GovernanceScope): ObservationRequest<'run.clock'> => ({
  kind: 'run.clock',
  account: scope.accountId,
  region: scope.sourceRegion,
});

/** The endpoint listing of the named endpoint VPC, when the suite names one. */
export function endpointsRequest(scope: GovernanceScope): ObservationRequest<'ec2.vpcEndpoints'> | undefined {
  return scope.endpointVpcId
    ? { kind: 'ec2.vpcEndpoints', account: scope.endpointAccountId ?? scope.accountId, region: scope.endpointRegion ?? scope.sourceRegion }
    : undefined;
}

export function governanceNeeds(scope: GovernanceScope): ObservationRequest[] {
  const endpoints = endpointsRequest(scope);
  return [authorizationRequest(scope), organizationRequest(scope), profilesRequest(scope), clockRequest(scope), ...(endpoints ? [endpoints] : [])];
}

/** The bedrock-runtime endpoint the workload calls through, with its policy; undefined when the suite names none. */
export function endpointOf(scope: GovernanceScope, observations: Observations): { path: EndpointPath; policy: NamedPolicy } | { problem: string } | undefined {
  const request = endpointsRequest(scope);
  if (!request) return undefined;
  const serviceName = endpointServiceNameIn('bedrock-runtime', request.region);
  const endpoint = observations
    .get(request)
    .find((candidate) => candidate.VpcId === scope.endpointVpcId && candidate.ServiceName === serviceName && candidate.State?.toLowerCase() !== 'deleted');
  if (!endpoint?.VpcEndpointId)
    return { problem: `no ${serviceName} interface endpoint exists in ${scope.endpointVpcId} (account ${request.account}, ${request.region})` };
  let document: PolicyDocument;
  try {
    document = endpoint.PolicyDocument
      ? (JSON.parse(endpoint.PolicyDocument) as PolicyDocument)
      : { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
  } catch {
    return { problem: `the policy document of ${endpoint.VpcEndpointId} is not JSON` };
  }
  return {
    path: { vpceId: endpoint.VpcEndpointId, vpcId: scope.endpointVpcId!, ...(scope.workloadSourceIp ? { sourceIp: scope.workloadSourceIp } : {}) },
    policy: { name: endpoint.VpcEndpointId, document },
  };
}

/** The context every request of a principal carries (its identity, organization, the run's clock, the endpoint). */
export function contextFor(
  scope: GovernanceScope,
  observations: Observations,
  principal: PrincipalPolicies,
  endpoint: EndpointPath | undefined,
): Record<string, ContextValue> {
  return principalContext({
    principal,
    organization: observations.get(organizationRequest(scope)),
    now: observations.get(clockRequest(scope)).now,
    ...(endpoint ? { endpoint } : {}),
  });
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
    const declared = scope.profileRouting?.[profileId];
    // Failing to read Bedrock is never covered by built-in facts: only a target that lacks the API falls back to them.
    if (error.failure.status === 'error' && !declared) {
      return {
        note: `the routing of ${profileId} could not be read (${error.failure.reason}); grant bedrock:ListInferenceProfiles, or declare its destinations in profileRouting`,
      };
    }
    note = `routing of ${profileId} is ${declared ? "the suite's declaration" : "crisp's built-in table of AWS's documented routing"} (${error.failure.reason}); `;
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
export function policySetFor(
  principal: PrincipalPolicies,
  chains: { scps: OrgLevel[]; rcps: OrgLevel[] },
  endpointPolicy?: NamedPolicy,
): (resourceArn: string) => PolicySet {
  const base: PolicySet = {
    identity: named(principal.policies),
    ...(principal.boundary ? { boundary: named([principal.boundary])[0]! } : {}),
    scps: chains.scps,
    ...(endpointPolicy ? { endpoint: [endpointPolicy] } : {}),
  };
  const withRcps: PolicySet = { ...base, rcps: chains.rcps };
  const withoutRcps: PolicySet = { ...base, rcps: [] };
  return (resourceArn) => (accountOf(resourceArn) ? withRcps : withoutRcps);
}
