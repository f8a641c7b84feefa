/**
 * Who calls, and how a Principal element names them. A resource, trust, key or
 * endpoint policy can name the caller directly (its user ARN, its exact session,
 * `*`), name the role a session belongs to, or name the caller's account — and
 * AWS treats these differently: an account principal delegates to the account's
 * own IAM policies, a role ARN grant is capped by the boundary and session
 * policies, a direct grant in the same account is not.
 */
import type { PolicyRequest, PrincipalKind } from './types.ts';
import { splitArn } from './wildcards.ts';

/** The caller as the evaluation sees it. */
export interface Caller {
  kind: PrincipalKind;
  /** The caller's ARN (AWS), service name (Service), provider (Federated) or canonical id. */
  id: string;
  /** The caller's account (AWS callers). */
  account?: string;
  partition?: string;
  /** For a role session (or a role ARN used as the caller): the role's ARN. */
  roleArn?: string;
}

const callers = new Map<PolicyRequest['principalType'] | undefined, Map<string, Caller>>();

/** Reads the caller from a request; the kind is inferred when the request does not say it. Cached per principal: callers are shared, never change them. */
export function callerOf(request: Pick<PolicyRequest, 'principal' | 'principalType'>): Caller {
  let byPrincipal = callers.get(request.principalType);
  if (!byPrincipal) callers.set(request.principalType, (byPrincipal = new Map()));
  let caller = byPrincipal.get(request.principal);
  if (!caller) {
    caller = Object.freeze(readCaller(request));
    if (byPrincipal.size > 10_000) byPrincipal.clear();
    byPrincipal.set(request.principal, caller);
  }
  return caller;
}

function readCaller(request: Pick<PolicyRequest, 'principal' | 'principalType'>): Caller {
  const principal = request.principal.trim();
  const kind: PrincipalKind =
    request.principalType ?? (principal === '' || principal.toLowerCase() === 'anonymous' ? 'Anonymous' : principal.startsWith('arn:') ? 'AWS' : 'Service');
  if (kind !== 'AWS') return { kind, id: principal };
  const parts = splitArn(principal);
  const caller: Caller = { kind, id: principal, ...(parts ? { account: parts[4]!, partition: parts[1]! } : {}) };
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/(.+)\/[^/]+$/.exec(principal);
  if (session) return { ...caller, roleArn: `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` };
  // A role ARN given as the caller stands for its sessions (crisp's checks ask about roles, not sessions).
  if (/^arn:[^:]+:iam::\d{12}:role\//.test(principal)) return { ...caller, roleArn: principal };
  return caller;
}

/**
 * How a Principal element names the caller:
 * `direct` — its own ARN, exact session, service or provider; `everyone` — `*`;
 * `role` — the role its session belongs to; `account` — its account; `none`.
 */
export type PrincipalMatch = 'none' | 'direct' | 'everyone' | 'role' | 'account';

const RANK: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, everyone: 3, direct: 4 };

const asList = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/** The role part of a role ARN without its path, for comparing a path-qualified role ARN with a session's role. */
const roleName = (arn: string) => arn.replace(/^(arn:[^:]+:iam::\d{12}:role\/)(?:.*\/)?([^/]+)$/, '$1$2');

/** How one `AWS` entry names an AWS caller. */
function matchAwsEntry(entry: string, caller: Caller): PrincipalMatch {
  if (entry === '*') return 'everyone';
  if (caller.kind !== 'AWS') return 'none';
  if (/^\d{12}$/.test(entry)) return entry === caller.account ? 'account' : 'none';
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(entry);
  if (root) return root[1] === caller.account ? 'account' : 'none';
  if (entry === caller.id) return caller.roleArn === caller.id ? 'role' : 'direct';
  if (caller.roleArn && (entry === caller.roleArn || roleName(entry) === roleName(caller.roleArn))) return 'role';
  return 'none';
}

/** How a Principal (or NotPrincipal) element names the caller; the strongest naming wins. */
export function matchPrincipal(element: unknown, caller: Caller): PrincipalMatch {
  if (element === '*') return 'everyone';
  if (!element || typeof element !== 'object') return 'none';
  let best: PrincipalMatch = 'none';
  const consider = (match: PrincipalMatch) => {
    if (RANK[match] > RANK[best]) best = match;
  };
  const map = element as Record<string, unknown>;
  for (const entry of asList(map.AWS)) consider(matchAwsEntry(entry, caller));
  for (const entry of asList(map.Service)) if (caller.kind === 'Service' && entry.toLowerCase() === caller.id.toLowerCase()) consider('direct');
  for (const entry of asList(map.Federated)) if (caller.kind === 'Federated' && entry === caller.id) consider('direct');
  for (const entry of asList(map.CanonicalUser)) if (caller.kind === 'CanonicalUser' && entry === caller.id) consider('direct');
  return best;
}
