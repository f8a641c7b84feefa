/** Whether one policy statement applies to a request: action, resource, principal and conditions. */
import { conditionsHold } from './conditions.ts';
import type { PolicyDocument, PolicyRequest, Statement } from './types.ts';
import { substituteVariables } from './variables.ts';
import { matchesAction, matchesArn, splitArn } from './wildcards.ts';

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The statements of a document as a list. */
export function statementsOf(document: PolicyDocument): Statement[] {
  return Array.isArray(document.Statement) ? document.Statement : document.Statement ? [document.Statement] : [];
}

/** A statement's label in explanations: its Sid, else its position. */
export function statementLabel(statement: Statement, index: number): string {
  return statement.Sid ? statement.Sid : `#${index + 1}`;
}

function matchesResourcePattern(pattern: string, request: PolicyRequest): boolean {
  const substituted = substituteVariables(pattern, request.context);
  return substituted !== undefined && matchesArn(substituted, request.resource);
}

/** The account of an ARN (empty for account-less ARNs such as foundation models). */
export function accountOf(arn: string): string {
  return splitArn(arn)?.[4] ?? '';
}

/** True when a Principal element names the caller. */
export function principalMatches(principal: unknown, caller: string): boolean {
  if (principal === '*') return true;
  if (!principal || typeof principal !== 'object') return false;
  const aws = (principal as { AWS?: string | string[] }).AWS;
  return asList(aws).some((entry) => {
    if (entry === '*') return true;
    const callerAccount = accountOf(caller);
    if (/^\d{12}$/.test(entry)) return entry === callerAccount;
    if (/^arn:[^:]+:iam::\d{12}:root$/.test(entry)) return accountOf(entry) === callerAccount;
    // A role ARN also names its sessions.
    const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller);
    if (session && entry === `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`) return true;
    return matchesArn(entry, caller);
  });
}

/** True when the statement applies to the request (its effect is then in play). */
export function statementApplies(statement: Statement, request: PolicyRequest, checkPrincipal: boolean): boolean {
  if (statement.Action !== undefined && !asList(statement.Action).some((pattern) => matchesAction(pattern, request.action))) return false;
  if (statement.NotAction !== undefined && asList(statement.NotAction).some((pattern) => matchesAction(pattern, request.action))) return false;
  if (statement.Action === undefined && statement.NotAction === undefined) return false;
  if (statement.Resource !== undefined && !asList(statement.Resource).some((pattern) => matchesResourcePattern(pattern, request))) return false;
  if (statement.NotResource !== undefined && asList(statement.NotResource).some((pattern) => matchesResourcePattern(pattern, request))) return false;
  if (checkPrincipal) {
    if (statement.Principal !== undefined && !principalMatches(statement.Principal, request.principal)) return false;
    if (statement.NotPrincipal !== undefined && principalMatches(statement.NotPrincipal, request.principal)) return false;
  }
  return conditionsHold(statement.Condition, request.context);
}
