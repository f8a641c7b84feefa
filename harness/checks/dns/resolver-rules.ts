/**
 * The Route 53 Resolver rules in force for a VPC, as the resolver applies them:
 * rules associated with the VPC, and rules a Route 53 Profile associated with the
 * VPC delivers. For a name, the rule with the most specific domain wins (a rule
 * associated with the VPC itself wins a tie with a Profile's); FORWARD sends the
 * query to the rule's target servers ahead of any private hosted zone, SYSTEM
 * restores Route 53 resolution (private zones) for its domain. Pure.
 */
import { ObservationUnavailable, type ObservationRequest, type Observations, type ResolverRule } from '../../model/observations.ts';
import type { NetworkScope } from '../network/scope.ts';
import { zoneCovers } from '../network/zones.ts';

export const rulesRequest = (account: string, region: string): ObservationRequest<'route53resolver.rules'> => ({
  kind: 'route53resolver.rules',
  account,
  region,
});
export const ruleAssociationsRequest = (scope: NetworkScope): ObservationRequest<'route53resolver.ruleAssociations'> => ({
  kind: 'route53resolver.ruleAssociations',
  account: scope.app.account,
  region: scope.app.region,
});
export const profileAssociationsRequest = (scope: NetworkScope): ObservationRequest<'route53profiles.vpcAssociations'> => ({
  kind: 'route53profiles.vpcAssociations',
  account: scope.app.account,
  region: scope.app.region,
  args: { vpcId: scope.app.vpcId },
});
export const profileResourcesRequest = (scope: NetworkScope, profileId: string): ObservationRequest<'route53profiles.resources'> => ({
  kind: 'route53profiles.resources',
  account: scope.app.account,
  region: scope.app.region,
  args: { profileId },
});

/** A rule in force for the VPC, and how it got there. */
export interface RuleInForce {
  rule: ResolverRule;
  via: 'vpc' | 'profile';
  /** The profile that delivers it, when via a profile. */
  profileId?: string;
}

/** What a Route 53 Profile delivers that crisp could not read, and why (profile-delivered rules it cannot see). */
export interface ProfileGap {
  status: 'error' | 'skipped';
  reason: string;
}

/** The id and owner account of a Resolver rule ARN (`arn:aws:route53resolver:<region>:<account>:resolver-rule/<id>`). */
function parseRuleArn(arn: string): { id: string; account: string; region: string } | undefined {
  const match = /^arn:[^:]+:route53resolver:([^:]+):(\d{12}):resolver-rule\/(.+)$/.exec(arn);
  return match ? { region: match[1]!, account: match[2]!, id: match[3]! } : undefined;
}

const ACTIVE_ASSOCIATION = new Set(['COMPLETE', 'CREATING', undefined]);

/** The profiles associated with the VPC, or the gap when they cannot be read. */
function profilesOf(scope: NetworkScope, observations: Observations): { profileIds: string[]; gap?: ProfileGap } {
  try {
    const associations = observations.get(profileAssociationsRequest(scope));
    return {
      profileIds: associations
        .filter((association) => association.vpcId === scope.app.vpcId && ACTIVE_ASSOCIATION.has(association.status))
        .map((association) => association.profileId),
    };
  } catch (error) {
    if (!(error instanceof ObservationUnavailable)) throw error;
    return { profileIds: [], gap: { status: error.failure.status, reason: `Route 53 Profiles were not read: ${error.failure.reason}` } };
  }
}

/** The rule ARNs each associated profile delivers (as far as read). */
function profileRuleArns(
  scope: NetworkScope,
  observations: Observations,
  profileIds: readonly string[],
): { arns: { arn: string; profileId: string }[]; gaps: ProfileGap[] } {
  const arns: { arn: string; profileId: string }[] = [];
  const gaps: ProfileGap[] = [];
  for (const profileId of profileIds) {
    try {
      for (const resource of observations.get(profileResourcesRequest(scope, profileId))) {
        if (parseRuleArn(resource.resourceArn) && ACTIVE_ASSOCIATION.has(resource.status)) arns.push({ arn: resource.resourceArn, profileId });
      }
    } catch (error) {
      if (!(error instanceof ObservationUnavailable)) throw error;
      gaps.push({ status: error.failure.status, reason: `the resources of Route 53 Profile ${profileId} were not read: ${error.failure.reason}` });
    }
  }
  return { arns, gaps };
}

/** Every rule in force for the app VPC, and what could not be read. */
export function rulesInForce(scope: NetworkScope, observations: Observations): { rules: RuleInForce[]; gaps: ProfileGap[] } {
  const own = observations.get(rulesRequest(scope.app.account, scope.app.region));
  const byId = new Map(own.map((rule) => [rule.id, rule]));
  const rules: RuleInForce[] = observations
    .get(ruleAssociationsRequest(scope))
    .filter((association) => association.vpcId === scope.app.vpcId && ACTIVE_ASSOCIATION.has(association.status))
    .flatMap((association) => {
      const rule = byId.get(association.resolverRuleId);
      return rule ? [{ rule, via: 'vpc' as const }] : [];
    });
  const { profileIds, gap } = profilesOf(scope, observations);
  const gaps: ProfileGap[] = gap ? [gap] : [];
  const delivered = profileRuleArns(scope, observations, profileIds);
  gaps.push(...delivered.gaps);
  for (const { arn, profileId } of delivered.arns) {
    const parsed = parseRuleArn(arn)!;
    let rule = byId.get(parsed.id);
    if (!rule && parsed.account !== scope.app.account) {
      try {
        rule = observations.get(rulesRequest(parsed.account, parsed.region)).find((candidate) => candidate.id === parsed.id);
      } catch (error) {
        if (!(error instanceof ObservationUnavailable)) throw error;
      }
    }
    if (rule) rules.push({ rule, via: 'profile', profileId });
    else
      gaps.push({
        status: 'error',
        reason: `Route 53 Profile ${profileId} delivers Resolver rule ${parsed.id} (account ${parsed.account}), which crisp cannot read`,
      });
  }
  return { rules, gaps };
}

/** The rule that decides how the VPC resolver answers a name, if any covers it. */
export function winningRule(rules: readonly RuleInForce[], hostname: string): RuleInForce | undefined {
  const labels = (domain: string) => (domain === '.' || domain === '' ? 0 : domain.split('.').length);
  return rules
    .filter((entry) => entry.rule.domainName === '.' || entry.rule.domainName === '' || zoneCovers(entry.rule.domainName, hostname))
    .sort((a, b) => labels(b.rule.domainName) - labels(a.rule.domainName) || (a.via === 'vpc' ? -1 : 1) - (b.via === 'vpc' ? -1 : 1))[0];
}

/** The requests resolving the rules needs after round 1: each profile's resources, and rule listings of the accounts owning profile rules. */
export function ruleRequests(scope: NetworkScope, observations: Observations): ObservationRequest[] {
  const { profileIds } = profilesOf(scope, observations);
  const requests: ObservationRequest[] = profileIds.map((profileId) => profileResourcesRequest(scope, profileId));
  const { arns } = profileRuleArns(scope, observations, profileIds);
  for (const { arn } of arns) {
    const parsed = parseRuleArn(arn)!;
    if (parsed.account !== scope.app.account) requests.push(rulesRequest(parsed.account, parsed.region));
  }
  return requests;
}
