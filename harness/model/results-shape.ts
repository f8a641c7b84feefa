/**
 * Is a parsed JSON value a results.json crisp wrote? `merge`, `drift --baseline`
 * and the packs `replay`/`drift` open read results other runs wrote — or whatever a
 * person passed instead. Each field the readers use is checked, so a wrong file is
 * one located input error, never a TypeError deep in a renderer.
 */
import { FINDING_STATUSES } from './findings.ts';
import type { Results } from './results.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first problem that makes `value` unusable as a results.json, or undefined when it is one. */
export function resultsShapeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `a results.json is a JSON object, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}`;
  if (!Array.isArray(value.findings)) return 'it has no findings list';
  if (typeof value.startedAt !== 'string') return 'it has no startedAt';
  if (typeof value.durationMs !== 'number') return 'it has no durationMs';
  if (!isObject(value.target) || !Array.isArray(value.target.identities) || typeof value.target.kind !== 'string')
    return 'it has no target with a kind and identities';
  const { suites, apiCalls, checks } = value;
  if (!Array.isArray(suites)) return 'it has no suites list';
  if (!Array.isArray(apiCalls)) return 'it has no apiCalls list';
  if (!Array.isArray(checks)) return 'it has no checks list';
  for (const [index, identity] of value.target.identities.entries())
    if (!isObject(identity) || typeof identity.account !== 'string') return `target.identities[${index}] has no account`;
  for (const [index, suite] of suites.entries()) if (!isObject(suite) || typeof suite.name !== 'string') return `suites[${index}] has no name`;
  for (const [index, finding] of value.findings.entries()) {
    if (!isObject(finding)) return `findings[${index}] is not an object`;
    if (typeof finding.checkId !== 'string') return `findings[${index}].checkId is not a string`;
    if (!(FINDING_STATUSES as readonly unknown[]).includes(finding.status)) return `findings[${index}].status is not one of ${FINDING_STATUSES.join(', ')}`;
    if (!isObject(finding.resource) || typeof finding.resource.id !== 'string' || typeof finding.resource.type !== 'string')
      return `findings[${index}].resource needs a type and an id`;
    if (typeof finding.message !== 'string') return `findings[${index}].message is not a string`;
  }
  for (const [index, check] of checks.entries()) if (!isObject(check) || typeof check.id !== 'string') return `checks[${index}] has no id`;
  for (const [index, call] of apiCalls.entries()) if (!isObject(call) || typeof call.count !== 'number') return `apiCalls[${index}] has no count`;
  if (value.shard !== undefined) {
    const shard = value.shard;
    if (
      !isObject(shard) ||
      !Number.isInteger(shard.index) ||
      !Number.isInteger(shard.count) ||
      (shard.index as number) < 1 ||
      (shard.index as number) > (shard.count as number)
    )
      return 'its shard is not { index, count } with 1 <= index <= count';
  }
  return undefined;
}

/** Narrowing form of {@link resultsShapeProblem}. */
export function isResults(value: unknown): value is Results {
  return resultsShapeProblem(value) === undefined;
}
