/**
 * Where in a request file a policy problem sits. The policy engine names the policy
 * type, the policy's name and the statement (Sid or #n) it refuses; the request keeps
 * its inline policies at known paths, so the problem can point at the statement — and
 * at the operator, for an unknown condition operator — by line and column.
 */
import type { InvalidPolicyError } from '../policy/validate.ts';
import type { ValuePath } from '../suite/yaml-source.ts';
import type { ExplainRequest } from './explain-request.ts';

type Named = { name: string; document: { Statement: unknown } };

/** Where each policy type lives under `policies` of a request. */
const LISTS: Record<InvalidPolicyError['policyType'], { key: string; kind: 'one' | 'list' | 'levels' }> = {
  identity: { key: 'identity', kind: 'list' },
  boundary: { key: 'boundary', kind: 'one' },
  session: { key: 'session', kind: 'list' },
  scp: { key: 'scps', kind: 'levels' },
  rcp: { key: 'rcps', kind: 'levels' },
  resource: { key: 'resource', kind: 'one' },
  endpoint: { key: 'endpoint', kind: 'list' },
};

/** The path (below the request) of the statement an InvalidPolicyError names, as deep as it can be found. */
export function policyProblemPath(request: ExplainRequest, error: InvalidPolicyError): ValuePath {
  return ['policies', ...pathInPolicies(request, error)];
}

function pathInPolicies(request: ExplainRequest, error: InvalidPolicyError): ValuePath {
  const policies = request.policies as Record<string, unknown> | undefined;
  if (!policies) return [];
  const where = LISTS[error.policyType];
  const candidates: { path: ValuePath; policy: Named }[] = [];
  const value = policies[where.key];
  if (where.kind === 'one' && value) candidates.push({ path: [where.key], policy: value as Named });
  if (where.kind === 'list' && Array.isArray(value)) (value as Named[]).forEach((policy, index) => candidates.push({ path: [where.key, index], policy }));
  if (where.kind === 'levels' && Array.isArray(value))
    (value as { policies: Named[] }[]).forEach((level, levelIndex) =>
      level.policies.forEach((policy, index) => candidates.push({ path: [where.key, levelIndex, 'policies', index], policy })),
    );
  const found = candidates.find((candidate) => candidate.policy.name === error.policy);
  if (!found) return where.kind === 'one' || candidates.length === 0 ? [where.key] : candidates[0]!.path;
  const statements = found.policy.document.Statement;
  const list = Array.isArray(statements) ? (statements as { Sid?: string }[]) : [statements as { Sid?: string }];
  const index = list.findIndex((statement, position) => (statement?.Sid ? statement.Sid : `#${position + 1}`) === error.statement);
  if (index < 0) return [...found.path, 'document'];
  const statementPath: ValuePath = Array.isArray(statements) ? [...found.path, 'document', 'Statement', index] : [...found.path, 'document', 'Statement'];
  const operator = /unknown condition operator (\S+)/.exec(error.message)?.[1];
  return operator ? [...statementPath, 'Condition', operator] : statementPath;
}
