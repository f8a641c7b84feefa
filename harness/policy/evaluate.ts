/**
 * AWS's policy evaluation logic, with the reason for every verdict:
 *  0. sts:GetCallerIdentity needs no permission from a signed request; a policy
 *     IAM would reject is an error, not a verdict;
 *  1. an explicit Deny in any policy that applies wins (a resource-policy Deny
 *     with NotPrincipal always applies to a caller with a permission boundary);
 *  2. resources AWS reserves (AWS-managed policies, aws-reserved roles,
 *     alias/aws/ keys) cannot be changed whatever the policies allow;
 *  3. SCPs — every level of the organization path must allow (not for service,
 *     federated or anonymous callers); RCPs only deny (RCPFullAWSAccess, which
 *     cannot be detached, allows at every level); VPC endpoint policies must allow;
 *  4. a grant: within one account an identity-policy Allow, or a resource policy
 *     naming the caller; across accounts both. A resource policy naming only the
 *     account delegates to that account's IAM policies and grants nothing alone;
 *     KMS key policies and role trust policies (every STS action on a role) must
 *     allow even within the account;
 *  5. a permission boundary and session policies cap identity grants and grants
 *     to the role ARN or the account; a same-account resource policy naming the
 *     user or the exact session is not capped by them, one naming `*` only by
 *     session policies; a trust policy's grant is always capped (the caller's
 *     boundary must allow sts:AssumeRole — IAM User Guide, "Update a role trust policy").
 */
import { callerOf, matchPrincipal, type Caller, type PrincipalMatch } from './principals.ts';
import { mandatoryResourcePolicy, needsNoPermission, reservedResource, resourceOwnerOf } from './resources.ts';
import { statementApplies, statementLabel, statementsOf, substitutesVariables } from './statement.ts';
import type { NamedPolicy, OrgLevel, PolicyRequest, PolicySet, PolicyType, StatementMatch, Verdict } from './types.ts';
import { assertValidPolicy } from './validate.ts';

type Matched = StatementMatch;
const NONE: Matched[] = [];

/** How each matched resource-policy statement names the caller (kept apart, so matches are reported as they are). */
const NAMING = new WeakMap<StatementMatch, PrincipalMatch>();

/** How a statement of a principal-naming policy names the caller; NotPrincipal turns the question round. */
function naming(statement: { Principal?: unknown; NotPrincipal?: unknown; Effect: string }, caller: Caller, hasBoundary: boolean): PrincipalMatch {
  if (statement.Principal !== undefined) return matchPrincipal(statement.Principal, caller);
  // AWS documents that a Deny with NotPrincipal always applies to a principal that has a permission boundary.
  if (statement.Effect === 'Deny' && hasBoundary) return 'everyone';
  return matchPrincipal(statement.NotPrincipal, caller) === 'none' ? 'everyone' : 'none';
}

/** The statements of one policy that apply to the request, appended to `into`. */
function matchPolicy(
  policy: NamedPolicy,
  type: PolicyType,
  request: PolicyRequest,
  context: { caller: Caller; hasBoundary: boolean },
  into: Matched[] = [],
  level?: string,
): Matched[] {
  assertValidPolicy(policy, type);
  const namesPrincipals = type === 'resource' || type === 'endpoint' || type === 'rcp';
  const variables = substitutesVariables(policy.document);
  const statements = statementsOf(policy.document);
  for (let index = 0; index < statements.length; index += 1) {
    const statement = statements[index]!;
    const named = namesPrincipals ? naming(statement, context.caller, context.hasBoundary) : undefined;
    if (named === 'none') continue;
    if (!statementApplies(statement, request, variables)) continue;
    const match: Matched = { policyType: type, policy: policy.name, statement: statementLabel(statement, index), effect: statement.Effect };
    if (level) match.level = level;
    if (named && type === 'resource') NAMING.set(match, named);
    into.push(match);
  }
  return into;
}

/** The matching statements of every policy in a list. */
function matchAll(
  type: PolicyType,
  list: readonly NamedPolicy[] | undefined,
  request: PolicyRequest,
  context: { caller: Caller; hasBoundary: boolean },
): Matched[] {
  const into: Matched[] = [];
  if (list) for (const policy of list) matchPolicy(policy, type, request, context, into);
  return into;
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

/** Evaluates a request against a set of policies. Pure; throws only for a policy IAM would reject or a request it cannot judge. */
export function evaluate(request: PolicyRequest, policies: PolicySet): Verdict {
  const caller = callerOf(request);
  // A signed request needs no permission for it, and no policy can deny it; an unsigned one is judged like any other call.
  if (needsNoPermission(request.action) && caller.kind !== 'Anonymous') {
    return { decision: 'Allow', reason: `Allowed: ${request.action} needs no permission and no policy can deny it.`, decidedBy: [], matched: [] };
  }
  const hasBoundary = policies.boundary !== undefined;
  const context = { caller, hasBoundary };
  const signedIn = caller.kind === 'AWS';
  const byType = (type: PolicyType, list: readonly NamedPolicy[] | undefined) => matchAll(type, list, request, context);
  const byLevel = (type: 'scp' | 'rcp', levels: readonly OrgLevel[] | undefined) =>
    (levels ?? []).map((level) => {
      const matches: Matched[] = [];
      for (const policy of level.policies) matchPolicy(policy, type, request, context, matches, level.id);
      return { level, matches };
    });
  // SCPs govern the principals of member accounts: never a service, a federated identity provider or an anonymous caller.
  const scpLevels = signedIn ? byLevel('scp', policies.scps) : [];
  const rcpLevels = byLevel('rcp', policies.rcps);
  const endpoint = (policies.endpoint ?? []).map((policy) => ({ policy, matches: matchPolicy(policy, 'endpoint', request, context) }));
  // Identity policies, boundaries and session policies belong to IAM identities only.
  const identity = signedIn ? byType('identity', policies.identity) : [];
  const resource = policies.resource ? matchPolicy(policies.resource, 'resource', request, context) : NONE;
  const boundary = signedIn && policies.boundary ? matchPolicy(policies.boundary, 'boundary', request, context) : undefined;
  const session = signedIn && policies.session && policies.session.length > 0 ? byType('session', policies.session) : undefined;
  const all: Matched[] = [];
  for (const entry of rcpLevels) all.push(...entry.matches);
  for (const entry of scpLevels) all.push(...entry.matches);
  for (const entry of endpoint) all.push(...entry.matches);
  all.push(...identity, ...resource);
  if (boundary) all.push(...boundary);
  if (session) all.push(...session);
  const denies = all.filter((match) => match.effect === 'Deny');
  if (denies.length > 0) return { decision: 'ExplicitDeny', reason: `Explicitly denied by ${describeMatch(denies[0]!)}.`, decidedBy: denies, matched: all };
  const implicit = (reason: string, decidedBy: StatementMatch[] = []): Verdict => ({ decision: 'ImplicitDeny', reason, decidedBy, matched: all });
  const reserved = reservedResource(request);
  if (reserved) return implicit(`Implicitly denied: ${reserved}.`);
  for (const { level, matches } of scpLevels) {
    if (!matches.some((match) => match.effect === 'Allow')) {
      const names = level.policies.map((policy) => policy.name).join(', ');
      return implicit(`Implicitly denied: no SCP at ${level.id} allows it (${names ? `attached: ${names}` : 'no policy attached'}).`);
    }
  }
  for (const { policy, matches } of endpoint) {
    if (!matches.some((match) => match.effect === 'Allow')) return implicit(`Implicitly denied: the VPC endpoint policy ${policy.name} does not allow it.`);
  }
  const owner = resourceOwnerOf(request, caller);
  const sameAccount = owner.account === undefined || owner.account === caller.account;
  const identityAllows = identity.filter((match) => match.effect === 'Allow');
  const resourceAllows = resource.filter((match) => match.effect === 'Allow');
  const direct = resourceAllows.filter((match) => NAMING.get(match) === 'direct' || NAMING.get(match) === 'everyone');
  // `*` is not the session's own ARN: only a grant naming the session itself escapes its session policies.
  const toEveryone = direct.filter((match) => NAMING.get(match) === 'everyone');
  const toCaller = direct.filter((match) => NAMING.get(match) === 'direct');
  const toRole = resourceAllows.filter((match) => NAMING.get(match) === 'role');
  const toAccount = resourceAllows.filter((match) => NAMING.get(match) === 'account');
  const required = mandatoryResourcePolicy(request);
  const resourcePolicyName = required ?? 'resource policy';

  /** Applies the boundary (unless `boundaryToo` is false) and session policies to a grant that they cap. */
  const capped = (grants: StatementMatch[], boundaryToo = true): Verdict => {
    if (boundaryToo && boundary && !boundary.some((match) => match.effect === 'Allow'))
      return implicit(`Implicitly denied: the permission boundary ${policies.boundary!.name} does not allow it.`);
    if (session && !session.some((match) => match.effect === 'Allow')) return implicit('Implicitly denied: no session policy allows it.');
    return { decision: 'Allow', reason: `Allowed by ${describeMatch(grants[0]!)}.`, decidedBy: grants, matched: all };
  };
  const allowed = (grants: StatementMatch[]): Verdict => ({
    decision: 'Allow',
    reason: `Allowed by ${describeMatch(grants[0]!)}.`,
    decidedBy: grants,
    matched: all,
  });

  if (!signedIn) {
    // A service, a federated identity or an anonymous caller has only what the resource policy names it for.
    if (direct.length > 0) return allowed(direct);
    return implicit(`Implicitly denied: no ${resourcePolicyName} allows ${caller.kind === 'Anonymous' ? 'an anonymous caller' : caller.id}.`);
  }
  if (!sameAccount) {
    const foreign = [...direct, ...toRole, ...toAccount];
    if (identityAllows.length === 0) return implicit('Implicitly denied: no identity policy allows it.');
    if (foreign.length === 0) return implicit(`Implicitly denied: a cross-account call also needs the ${resourcePolicyName} of ${owner.account} to allow it.`);
    // Across accounts the caller's boundary and session policies always apply.
    return capped([...identityAllows, ...foreign]);
  }
  // Within one account: a policy naming the user or the exact session grants on its own, uncapped; one naming
  // everyone escapes the boundary but not session policies; a trust policy's grant is capped either way.
  if (required === 'trust policy' && direct.length > 0) return capped(direct);
  if (toCaller.length > 0) return allowed(toCaller);
  if (toEveryone.length > 0) return capped(toEveryone, false);
  if (toRole.length > 0) return capped(toRole);
  if (required) {
    if (toAccount.length > 0 && identityAllows.length > 0) return capped([...identityAllows, ...toAccount]);
    if (toAccount.length > 0) return implicit(`Implicitly denied: the ${required} delegates to the account, and no identity policy allows it.`);
    return implicit(`Implicitly denied: the ${required} must allow it even within the account, and it does not.`);
  }
  // An account principal delegates to the account's own IAM policies: it grants nothing alone.
  if (identityAllows.length === 0) {
    return toAccount.length > 0
      ? implicit(`Implicitly denied: ${describeMatch(toAccount[0]!)} names the account, which delegates to its IAM policies, and no identity policy allows it.`)
      : implicit('Implicitly denied: no identity policy allows it.');
  }
  return capped(identityAllows);
}
