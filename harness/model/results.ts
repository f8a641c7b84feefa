/**
 * The results document (results.json). Field names are a contract other tools
 * read: summary, target, suites, startedAt, durationMs, apiCalls, findings.
 */
import type { ApiCallCount } from './call-log.ts';
import type { Finding, Severity, StatusSummary } from './findings.ts';

/** Who crisp ran as in one account. */
export interface CallerIdentity {
  account: string;
  arn?: string;
  error?: string;
}

export interface TargetSummary {
  kind: string;
  label: string;
  identities: CallerIdentity[];
  unreachable?: string;
}

export interface SuiteSummary {
  name: string;
  file: string;
  sha256: string;
  vars: Record<string, unknown>;
}

/** Metadata of each check that produced findings, for reports. */
export interface CheckSummary {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
}

export interface Results {
  crispVersion: string;
  summary: StatusSummary;
  target: TargetSummary;
  suites: SuiteSummary[];
  startedAt: string;
  durationMs: number;
  apiCalls: ApiCallCount[];
  checks: CheckSummary[];
  findings: Finding[];
  /** Set when the run was one shard (`--shard i/n`). */
  shard?: { index: number; count: number };
  /** Set on results produced by `crisp merge`: how many shards were joined. */
  mergedShards?: number;
  /** Set when the run was interrupted (the signal's name): what was not read by then is an error finding saying so. */
  interrupted?: string;
}

/** Metadata of the given checks, deduplicated, in first-seen order. */
export function summariseChecks(checks: readonly CheckSummary[]): CheckSummary[] {
  const seen = new Map<string, CheckSummary>();
  for (const check of checks) {
    if (!seen.has(check.id)) {
      seen.set(check.id, { id: check.id, title: check.title, severity: check.severity, rationale: check.rationale, remediation: check.remediation });
    }
  }
  return [...seen.values()];
}
