/**
 * The finding model (docs/ARCHITECTURE.md §4): one verdict about one resource, produced by a
 * check's pure evaluate() and consumed by every reporter.
 */

/** Every status a finding can carry; `pass` is only ever produced from an observation. */
export type FindingStatus = 'pass' | 'fail' | 'error' | 'skipped' | 'not_applicable';

export const FINDING_STATUSES: readonly FindingStatus[] = ['pass', 'fail', 'error', 'skipped', 'not_applicable'];

/** The resource a finding is about; `type` uses CloudFormation type names where one exists. */
export interface ResourceRef {
  type: string;
  id: string;
  name?: string;
  arn?: string;
  account?: string;
  region?: string;
}

/** How much a failing check matters, in the order reports sort by. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** A finding as stored in results.json. */
export interface Finding {
  checkId: string;
  status: FindingStatus;
  resource: ResourceRef;
  message: string;
  expected?: unknown;
  actual?: unknown;
  evidence?: unknown;
}

/** What evaluate() returns: the engine stamps the check id. */
export type FindingDraft = Omit<Finding, 'checkId'>;

/** Tally of findings by status, in the order results.json writes it. */
export type StatusSummary = Record<FindingStatus, number>;

/** Counts findings per status; every status is present, zero or not. */
export function summarise(findings: readonly Finding[]): StatusSummary {
  const summary: StatusSummary = { pass: 0, fail: 0, error: 0, skipped: 0, not_applicable: 0 };
  for (const finding of findings) summary[finding.status] += 1;
  return summary;
}

/** Exit code of `crisp run` per docs/ARCHITECTURE.md §5: 1 on any fail, else 3 on any error, else 0. */
export function exitCodeFor(summary: StatusSummary): 0 | 1 | 3 {
  if (summary.fail > 0) return 1;
  if (summary.error > 0) return 3;
  return 0;
}

/** A readable label for a resource in messages: `name (id)` when it has a Name tag. */
export function describeResource(resource: Pick<ResourceRef, 'id' | 'name'>): string {
  return resource.name ? `${resource.name} (${resource.id})` : resource.id;
}
