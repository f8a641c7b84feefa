/**
 * AWS's policy evaluation logic, with the reason for every verdict:
 *  1. an explicit Deny in any policy that applies wins;
 *  2. RCPs, then SCPs: every level of the organization path must Allow;
 *  3. VPC endpoint policies must Allow;
 *  4. a grant is needed: an identity policy Allow, or a resource policy Allow for a
 *     caller of the resource's account (a cross-account caller needs both);
 *  5. a permission boundary and session policies, where present, must Allow too.
 */
import type { NamedPolicy, OrgLevel, PolicyRequest, PolicySet, PolicyType, StatementMatch, Verdict } from './types.ts';
import { accountOf, statementApplies, statementLabel, statementsOf } from './statement.ts';

/** The statements of one policy that apply to the request. */
function matchPolicy(policy: NamedPolicy, type: PolicyType, request: PolicyRequest, level?: string): StatementMatch[] {
  const checkPrincipal = type === 'resource' || type === 'endpoint';
  const matches: StatementMatch[] = [];
  statementsOf(policy.document).forEach((statement, index) => {
    if (statementApplies(statement, request, checkPrincipal)) {
      matches.push({
        policyType: type,
        policy: policy.name,
        ...(level ? { level } : {}),
        statement: statementLabel(statement, index),
        effect: statement.Effect,
      });
    }
  });
  return matches;
}

const TYPE_LABEL: Record<PolicyType, string> = {
  identity: 'identity policy',
  boundary: 'permission boundary',
  session: 'session policy',
  scp: 'SCP',
  rcp: 'RCP',
  resource: 'resource policy',
  endpoint: 'VPC endpoint policy',
};

/** `statement AllowProfile of identity policy bedrock-cris (at ou-…)`. */
export function describeMatch(match: StatementMatch): string {
  return `statement ${match.statement} of ${TYPE_LABEL[match.policyType]} ${match.policy}${match.level ? ` at ${match.level}` : ''}`;
}

/** Evaluates a request against a set of policies. Pure; throws only for a policy IAM would reject. */
export function evaluate(request: PolicyRequest, policies: PolicySet): Verdict {
  const matched: StatementMatch[] = [];
  const byType = (type: PolicyType, list: readonly NamedPolicy[] | undefined) => (list ?? []).flatMap((policy) => matchPolicy(policy, type, request));
  const byLevel = (type: 'scp' | 'rcp', levels: readonly OrgLevel[] | undefined) =>
    (levels ?? []).map((level) => ({ level, matches: level.policies.flatMap((policy) => matchPolicy(policy, type, request, level.id)) }));

  const rcpLevels = byLevel('rcp', policies.rcps);
  const scpLevels = byLevel('scp', policies.scps);
  const endpoint = (policies.endpoint ?? []).map((policy) => ({ policy, matches: matchPolicy(policy, 'endpoint', request) }));
  const identity = byType('identity', policies.identity);
  const resource = policies.resource ? matchPolicy(policies.resource, 'resource', request) : [];
  const boundary = policies.boundary ? matchPolicy(policies.boundary, 'boundary', request) : undefined;
  const session = policies.session && policies.session.length > 0 ? byType('session', policies.session) : undefined;
  matched.push(
    ...rcpLevels.flatMap((entry) => entry.matches),
    ...scpLevels.flatMap((entry) => entry.matches),
    ...endpoint.flatMap((entry) => entry.matches),
    ...identity,
    ...resource,
    ...(boundary ?? []),
    ...(session ?? []),
  );

  const denies = matched.filter((match) => match.effect === 'Deny');
  if (denies.length > 0) return { decision: 'ExplicitDeny', reason: `Explicitly denied by ${describeMatch(denies[0]!)}.`, decidedBy: denies, matched };

  const implicit = (reason: string, decidedBy: StatementMatch[] = []): Verdict => ({ decision: 'ImplicitDeny', reason, decidedBy, matched });
  for (const [type, levels] of [
    ['RCP', rcpLevels],
    ['SCP', scpLevels],
  ] as const) {
    for (const { level, matches } of levels) {
      if (!matches.some((match) => match.effect === 'Allow')) {
        const names = level.policies.map((policy) => policy.name).join(', ');
        return implicit(`Implicitly denied: no ${type} at ${level.id} allows it (${names ? `attached: ${names}` : 'no policy attached'}).`);
      }
    }
  }
  for (const { policy, matches } of endpoint) {
    if (!matches.some((match) => match.effect === 'Allow')) return implicit(`Implicitly denied: the VPC endpoint policy ${policy.name} does not allow it.`);
  }
  const identityAllows = identity.filter((match) => match.effect === 'Allow');
  const resourceAllows = resource.filter((match) => match.effect === 'Allow');
  const resourceAccount = accountOf(request.resource);
  const sameAccount = resourceAccount === '' || resourceAccount === accountOf(request.principal);
  const grants = sameAccount
    ? [...identityAllows, ...resourceAllows]
    : identityAllows.length > 0 && resourceAllows.length > 0
      ? [...identityAllows, ...resourceAllows]
      : [];
  if (grants.length === 0) {
    if (!sameAccount && identityAllows.length > 0)
      return implicit(`Implicitly denied: a cross-account call also needs the resource policy of ${resourceAccount} to allow it.`);
    return implicit('Implicitly denied: no identity policy allows it.');
  }
  if (boundary && !boundary.some((match) => match.effect === 'Allow'))
    return implicit(`Implicitly denied: the permission boundary ${policies.boundary!.name} does not allow it.`);
  if (session && !session.some((match) => match.effect === 'Allow')) return implicit('Implicitly denied: no session policy allows it.');
  return { decision: 'Allow', reason: `Allowed by ${describeMatch(grants[0]!)}.`, decidedBy: grants, matched };
}
