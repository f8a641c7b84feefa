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

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

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

/** How a Resource pattern relates to the request's resource (exact, or a wildcard question). */
function resourceRelation(pattern: string, request: PolicyRequest, variables: boolean): { matches: boolean; covers: boolean } {
  const substituted = variables ? substituteVariables(pattern, request.context) : pattern;
  if (substituted === undefined) return { matches: false, covers: false };
  if (!request.wildcardResource) {
    const matches = matchesArn(substituted, request.resource);
    return { matches, covers: matches };
  }
  return { matches: arnPatternsOverlap(substituted, request.resource), covers: arnPatternCovers(substituted, request.resource) };
}

/**
 * True when the statement's resources apply. For a wildcard question an Allow applies when
 * some asked-about resource is in it, a Deny only when every asked-about resource is.
 */
function resourcesApply(statement: Statement, request: PolicyRequest, variables: boolean): boolean {
  const allow = statement.Effect === 'Allow';
  if (statement.Resource !== undefined) {
    return asList(statement.Resource).some((pattern) => {
      const relation = resourceRelation(pattern, request, variables);
      return allow ? relation.matches : relation.covers;
    });
  }
  if (statement.NotResource !== undefined) {
    const relations = asList(statement.NotResource).map((pattern) => resourceRelation(pattern, request, variables));
    // Allow + NotResource: some asked-about resource escapes the exclusions; Deny + NotResource: none is excluded.
    return allow ? !relations.some((relation) => relation.covers) : !relations.some((relation) => relation.matches);
  }
  // Trust and some resource policies name no resource: the policy's own resource is meant.
  return true;
}

/** True when the statement's action, resource and conditions apply to the request (its principal judged apart). */
export function statementApplies(statement: Statement, request: PolicyRequest, variables = true): boolean {
  if (statement.Action !== undefined && !asList(statement.Action).some((pattern) => matchesAction(pattern, request.action))) return false;
  if (statement.NotAction !== undefined && asList(statement.NotAction).some((pattern) => matchesAction(pattern, request.action))) return false;
  if (statement.Action === undefined && statement.NotAction === undefined) return false;
  if (!resourcesApply(statement, request, variables)) return false;
  return conditionsHold(statement.Condition, request.context, variables);
}
