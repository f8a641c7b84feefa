/**
 * The verdict people read first: what failed, and what was not observed. A false pass is
 * the worst thing a conformance report can print, so the verdict is PASSED only when no
 * check failed, none errored, something passed, and no critical check was skipped; a run
 * whose critical checks were skipped (live DNS and TLS from outside the VPC, an API the
 * target lacks) is NOT PROVEN, however green the rest is. Pure.
 */
import { SEVERITIES, type Finding, type FindingStatus, type Severity } from '../model/findings.ts';
import type { CheckSummary, Results } from '../model/results.ts';
import type { FindingGroup } from './instances.ts';

/** The four verdicts, worst first. */
export type VerdictKind = 'failed' | 'incomplete' | 'unproven' | 'passed';

/** One check in the verdict: how many distinct findings of one status, and the first of them. */
export interface VerdictItem {
  check: CheckSummary;
  status: FindingStatus;
  /** Distinct findings of this check with this status. */
  count: number;
  /** The first such finding, and its group's index (the anchor `f-<index>` in report.html). */
  first: Finding;
  firstGroup: number;
}

export interface Verdict {
  kind: VerdictKind;
  /** One word or two: FAILED, INCOMPLETE, NOT PROVEN, PASSED. */
  headline: string;
  /** One sentence saying why. */
  sentence: string;
  /** Checks with failing findings, most severe first. */
  failures: VerdictItem[];
  /** Checks that could not observe (errors first) or were skipped, most severe first. */
  notObserved: VerdictItem[];
  /** Checks whose every distinct finding passed (or did not apply). */
  passedChecks: number;
  /** Why the target could not be reached, when it could not. */
  unreachable?: string;
  /** The signal that interrupted the run, when one did. */
  interrupted?: string;
}

const RANK = new Map<Severity, number>(SEVERITIES.map((severity, index) => [severity, index]));

/** Severity of a check id; a check the results do not describe counts as critical (never hide what is unknown). */
function checkOf(results: Results, checkId: string): CheckSummary {
  return results.checks.find((check) => check.id === checkId) ?? { id: checkId, title: checkId, severity: 'critical', rationale: '', remediation: '' };
}

/** Items for one status: one per check, most severe first, then by check id. */
function itemsOf(results: Results, groups: readonly FindingGroup[], status: FindingStatus): VerdictItem[] {
  const byCheck = new Map<string, VerdictItem>();
  groups.forEach((group, index) => {
    const finding = results.findings[group.finding]!;
    if (finding.status !== status) return;
    const item = byCheck.get(finding.checkId);
    if (item) item.count += 1;
    else byCheck.set(finding.checkId, { check: checkOf(results, finding.checkId), status, count: 1, first: finding, firstGroup: index });
  });
  return [...byCheck.values()].sort((a, b) => RANK.get(a.check.severity)! - RANK.get(b.check.severity)! || a.check.id.localeCompare(b.check.id));
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The verdict of a run, from its distinct findings. */
export function verdictOf(results: Results, groups: readonly FindingGroup[]): Verdict {
  const failures = itemsOf(results, groups, 'fail');
  const errors = itemsOf(results, groups, 'error');
  const skipped = itemsOf(results, groups, 'skipped');
  const notObserved = [...errors, ...skipped];
  const statuses = new Map<string, Set<FindingStatus>>();
  for (const group of groups) {
    const finding = results.findings[group.finding]!;
    statuses.set(finding.checkId, (statuses.get(finding.checkId) ?? new Set()).add(finding.status));
  }
  const passedChecks = [...statuses.values()].filter(
    (set) => [...set].every((status) => status === 'pass' || status === 'not_applicable') && set.has('pass'),
  ).length;
  const anyPass = groups.some((group) => results.findings[group.finding]!.status === 'pass');
  const criticalSkipped = skipped.filter((item) => item.check.severity === 'critical');
  const unreachable = results.target.unreachable;
  const base = {
    failures,
    notObserved,
    passedChecks,
    ...(unreachable ? { unreachable } : {}),
    ...(results.interrupted ? { interrupted: results.interrupted } : {}),
  };
  const findingsOf = (items: readonly VerdictItem[]) => items.reduce((sum, item) => sum + item.count, 0);
  if (failures.length > 0) {
    const gaps = errors.length > 0 ? `; ${plural(errors.length, 'check')} could not observe, so more may fail` : '';
    return {
      ...base,
      kind: 'failed',
      headline: 'FAILED',
      sentence: `${plural(failures.length, 'check')} failed (${plural(findingsOf(failures), 'finding')})${gaps}.`,
    };
  }
  if (errors.length > 0) {
    return {
      ...base,
      kind: 'incomplete',
      headline: 'INCOMPLETE',
      sentence: unreachable
        ? `The target could not be reached, so nothing was observed: ${plural(errors.length, 'check')} report errors and none can pass.`
        : `No check failed, but ${plural(errors.length, 'check')} could not observe what they judge (${plural(findingsOf(errors), 'finding')}): the verdict is not proven.`,
    };
  }
  if (!anyPass) {
    return { ...base, kind: 'unproven', headline: 'NOT PROVEN', sentence: 'Nothing was observed to pass: every finding was skipped or did not apply.' };
  }
  if (criticalSkipped.length > 0) {
    return {
      ...base,
      kind: 'unproven',
      headline: 'NOT PROVEN',
      sentence: `No check failed, but ${plural(criticalSkipped.length, 'critical check')} ${criticalSkipped.length === 1 ? 'was' : 'were'} not observed: ${criticalSkipped.map((item) => item.check.id).join(', ')}.`,
    };
  }
  return {
    ...base,
    kind: 'passed',
    headline: 'PASSED',
    sentence:
      skipped.length > 0
        ? `Every check that observed passed; ${plural(skipped.length, 'non-critical check')} ${skipped.length === 1 ? 'was' : 'were'} skipped with a reason: ${skipped.map((item) => item.check.id).join(', ')}.`
        : 'Every check observed what it judges, and passed.',
  };
}
