/**
 * Policies IAM (or the service) would refuse to store are reported, never
 * silently evaluated: a Principal in an identity policy, a resource-policy
 * statement without one, NotPrincipal with Allow, an unknown condition
 * operator, a statement without actions or with both Resource and NotResource.
 * Problems are computed once per document.
 */
import { isConditionOperator } from './conditions.ts';
import { statementLabel, statementsOf } from './statement.ts';
import type { NamedPolicy, PolicyDocument, PolicyType, Statement } from './types.ts';

/** A policy IAM would reject, named by policy and statement. */
export class InvalidPolicyError extends Error {
  readonly policyType: PolicyType;
  readonly policy: string;
  readonly statement: string;

  constructor(policyType: PolicyType, policy: string, statement: string, problem: string) {
    super(`${policyType === 'endpoint' ? 'VPC endpoint' : policyType} policy ${policy}, statement ${statement}: ${problem}`);
    this.name = 'InvalidPolicyError';
    this.policyType = policyType;
    this.policy = policy;
    this.statement = statement;
  }
}

/** Policy types whose statements name who they apply to. */
const NAMES_PRINCIPALS = new Set<PolicyType>(['resource', 'endpoint', 'rcp']);

/** Problems per document, one cache per policy type (the same document can be valid as one type and not another). */
const caches: Record<PolicyType, WeakMap<object, string[]>> = {
  identity: new WeakMap(),
  boundary: new WeakMap(),
  session: new WeakMap(),
  scp: new WeakMap(),
  rcp: new WeakMap(),
  resource: new WeakMap(),
  endpoint: new WeakMap(),
};

/** The problems of one statement for a policy type (empty when IAM would accept it). */
function statementProblems(statement: Statement, type: PolicyType): string[] {
  const problems: string[] = [];
  if (!statement || typeof statement !== 'object') return ['a statement must be an object'];
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') problems.push(`Effect must be Allow or Deny, not ${JSON.stringify(statement.Effect)}`);
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) problems.push('a statement needs exactly one of Action and NotAction');
  if (statement.Resource !== undefined && statement.NotResource !== undefined) problems.push('a statement may not have both Resource and NotResource');
  const hasPrincipal = statement.Principal !== undefined || statement.NotPrincipal !== undefined;
  if (NAMES_PRINCIPALS.has(type)) {
    if (!hasPrincipal)
      problems.push(
        `a ${type === 'endpoint' ? 'VPC endpoint' : type === 'rcp' ? 'resource control' : 'resource'} policy statement needs Principal (or NotPrincipal)`,
      );
    if (type === 'rcp' && statement.Principal !== '*') problems.push('a resource control policy statement names Principal "*"');
    // The RCP grammar has no NotAction and no NotPrincipal (AWS Organizations, "RCP syntax").
    if (type === 'rcp' && statement.NotAction !== undefined) problems.push('NotAction is not supported in a resource control policy');
    if (statement.NotPrincipal !== undefined && statement.Effect === 'Allow') problems.push('NotPrincipal is not supported with Effect Allow');
    if (typeof statement.Principal === 'string' && statement.Principal !== '*')
      problems.push(`a Principal string must be "*", not ${JSON.stringify(statement.Principal)}`);
  } else {
    if (hasPrincipal) problems.push(`Principal and NotPrincipal do not belong in a${type === 'identity' ? 'n identity' : ` ${type}`} policy`);
    if (statement.Resource === undefined && statement.NotResource === undefined) problems.push('a statement needs Resource or NotResource');
  }
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    if (!isConditionOperator(operator)) problems.push(`unknown condition operator ${operator}`);
    else if (!keys || typeof keys !== 'object' || Array.isArray(keys)) problems.push(`condition operator ${operator} needs a map of keys to values`);
  }
  return problems;
}

/** Throws {@link InvalidPolicyError} for the first problem of a policy of the given type. */
export function assertValidPolicy(policy: NamedPolicy, type: PolicyType): void {
  const document = policy.document as PolicyDocument | undefined;
  if (!document || typeof document !== 'object') throw new InvalidPolicyError(type, policy.name, '-', 'the document is not a policy object');
  const cache = caches[type];
  let problems = cache.get(document);
  if (!problems) {
    problems = statementsOf(document).flatMap((statement, index) =>
      statementProblems(statement, type).map((problem) => `${statementLabel(statement, index)}\u0000${problem}`),
    );
    cache.set(document, problems);
  }
  const [first] = problems;
  if (first) {
    const [statement, problem] = first.split('\u0000') as [string, string];
    throw new InvalidPolicyError(type, policy.name, statement, problem);
  }
}
