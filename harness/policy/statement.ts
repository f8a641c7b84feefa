/**
 * Whether one policy statement applies to a request: action, resource and
 * conditions (principals are judged apart, in principals.ts, because how a
 * statement names the caller changes what its Allow grants). A wildcard request
 * resource asks about any resource matching it: an Allow applies when its
 * resources overlap the question, a Deny only when they cover all of it.
 */
import { conditionsHold } from './conditions.ts';
import type { PolicyDocument, PolicyRequest, Statement } from './types.ts';
import { substituteVariables } from './variables.ts';
import { arnPatternCovers, arnPatternsOverlap, matchesAction, matchesArn, splitArn } from './wildcards.ts';

/** The statements of a document as a list. */
export function statementsOf(document: PolicyDocument): Statement[] {
  return Array.isArray(document.Statement) ? document.Statement : document.Statement ? [document.Statement] : [];
}

/** A statement's label in explanations: its Sid, else its position. */
export function statementLabel(statement: Statement, index: number): string {
  return statement.Sid ? statement.Sid : `#${index + 1}`;
}

/** The account of an ARN (empty for account-less ARNs such as foundation models). */
export function accountOf(arn: string): string {
  return splitArn(arn)?.[4] ?? '';
}

/** True when a document substitutes policy variables: only Version 2012-10-17 does; older ones read `${…}` as text. */
export function substitutesVariables(document: PolicyDocument): boolean {
  return document.Version === '2012-10-17';
}

/** Which relation a pattern must have to the request's resource: `matches` (overlaps) or `covers` (contains every asked-about resource). */
type Relation = 'matches' | 'covers';

/** True when a Resource pattern has the relation to the request's resource; for a single resource both relations are a plain match. */
function relates(pattern: string, request: PolicyRequest, variables: boolean, relation: Relation): boolean {
  const substituted = variables ? substituteVariables(pattern, request.context) : pattern;
  if (substituted === undefined) return false;
  if (!request.wildcardResource) return matchesArn(substituted, request.resource);
  return relation === 'matches' ? arnPatternsOverlap(substituted, request.resource) : arnPatternCovers(substituted, request.resource);
}

/** True when any of the patterns (one, or a list) has the relation. */
function anyRelates(patterns: string | string[], request: PolicyRequest, variables: boolean, relation: Relation): boolean {
  if (!Array.isArray(patterns)) return relates(patterns, request, variables, relation);
  for (const pattern of patterns) if (relates(pattern, request, variables, relation)) return true;
  return false;
}

/**
 * True when the statement's resources apply. For a wildcard question an Allow applies when
 * some asked-about resource is in it, a Deny only when every asked-about resource is.
 */
function resourcesApply(statement: Statement, request: PolicyRequest, variables: boolean): boolean {
  const allow = statement.Effect === 'Allow';
  if (statement.Resource !== undefined) return anyRelates(statement.Resource, request, variables, allow ? 'matches' : 'covers');
  // Allow + NotResource: some asked-about resource escapes the exclusions; Deny + NotResource: none is excluded.
  if (statement.NotResource !== undefined) return !anyRelates(statement.NotResource, request, variables, allow ? 'covers' : 'matches');
  // Trust and some resource policies name no resource: the policy's own resource is meant.
  return true;
}

/** True when any action pattern (one, or a list) matches the action. */
function anyAction(patterns: string | string[], action: string): boolean {
  if (!Array.isArray(patterns)) return matchesAction(patterns, action);
  for (const pattern of patterns) if (matchesAction(pattern, action)) return true;
  return false;
}

/** True when the statement's action, resource and conditions apply to the request (its principal judged apart). */
export function statementApplies(statement: Statement, request: PolicyRequest, variables = true): boolean {
  if (statement.Action !== undefined) {
    if (!anyAction(statement.Action, request.action)) return false;
  } else if (statement.NotAction !== undefined) {
    if (anyAction(statement.NotAction, request.action)) return false;
  } else return false;
  if (!resourcesApply(statement, request, variables)) return false;
  return conditionsHold(statement.Condition, request.context, variables);
}
