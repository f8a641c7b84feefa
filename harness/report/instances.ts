/**
 * Findings identical across suite instances, reported once. A run at `scale: 20` loads
 * every suite once per app VPC, so a governance finding about one role arrives twenty
 * times, word for word. results.json keeps every finding (replay, drift and merge compare
 * them one for one) and adds, beside them, which suite instance produced each finding
 * (`findingSuites`) and the groups of identical findings (`findingGroups`); report.html
 * and junit.xml show each group once, naming its instances. Pure.
 */
import { summarise, type Finding, type StatusSummary } from '../model/findings.ts';
import type { Results, SuiteSummary } from '../model/results.ts';

/** One distinct finding and everything identical to it. */
export interface FindingGroup {
  /** Index in `findings` of the finding shown: the first of the identical ones. */
  finding: number;
  /** Indexes in `findings` of every identical finding, the first included. */
  occurrences: number[];
  /** Indexes in `suites` of the suite instances that produced them; empty when unknown (results joined by `crisp merge`). */
  suites: number[];
}

/** The fields results.json gains for reporting findings once (added beside the contract's fields, none renamed). */
export interface InstanceFields {
  /** For each finding, in order, the index in `suites` of the suite instance that produced it. */
  findingSuites?: number[];
  /** The distinct findings, in first-seen order; every index of `findings` is in exactly one group. */
  findingGroups?: FindingGroup[];
}

/** Results as crisp writes them. */
export type ReportedResults = Results & InstanceFields;

/** `findingSuites` when it fits these results (one valid suite index per finding), else undefined. */
export function validFindingSuites(results: ReportedResults): number[] | undefined {
  const { findingSuites, findings, suites } = results;
  if (!Array.isArray(findingSuites) || findingSuites.length !== findings.length) return undefined;
  return findingSuites.every((index) => Number.isInteger(index) && index >= 0 && index < suites.length) ? findingSuites : undefined;
}

/** What most findings differ in already; only findings sharing it are compared whole. */
function cheapKeyOf(finding: Finding): string {
  return [finding.checkId, finding.status, finding.resource.type, finding.resource.id, finding.message].join('\u0000');
}

/** Two findings are identical when every field is: check, status, resource, message, expected, actual and evidence. */
function wholeOf(finding: Finding): string {
  return JSON.stringify([finding.resource, finding.expected, finding.actual, finding.evidence]);
}

/** Groups identical findings, in first-seen order, with the suite instances each came from when known. */
export function groupFindings(findings: readonly Finding[], findingSuites?: readonly number[]): FindingGroup[] {
  const groups: FindingGroup[] = [];
  // Candidates by the cheap key; the whole JSON is made only when two findings share it (at fleet scale
  // most findings are unique by message, and serialising every evidence would dominate the run).
  const candidates = new Map<string, { group: FindingGroup; whole?: string }[]>();
  findings.forEach((finding, index) => {
    const key = cheapKeyOf(finding);
    const list = candidates.get(key);
    let match: FindingGroup | undefined;
    if (list) {
      const whole = wholeOf(finding);
      for (const candidate of list) {
        candidate.whole ??= wholeOf(findings[candidate.group.finding]!);
        if (candidate.whole === whole) {
          match = candidate.group;
          break;
        }
      }
    }
    if (!match) {
      match = { finding: index, occurrences: [], suites: [] };
      groups.push(match);
      if (list) list.push({ group: match });
      else candidates.set(key, [{ group: match }]);
    }
    match.occurrences.push(index);
    const suite = findingSuites?.[index];
    if (suite !== undefined && !match.suites.includes(suite)) match.suites.push(suite);
  });
  return groups;
}

/**
 * The results with `findingGroups` computed afresh and `findingSuites` kept only where it
 * fits: results joined by `crisp merge` carry the first shard's fields, which describe
 * another list of findings, so groups are never trusted from the input.
 */
export function withFindingGroups(results: ReportedResults, findingSuites: readonly number[] | undefined = validFindingSuites(results)): ReportedResults {
  const { findingSuites: _stale, findingGroups: _old, ...rest } = results;
  const fits = findingSuites && findingSuites.length === results.findings.length ? [...findingSuites] : undefined;
  return { ...rest, ...(fits ? { findingSuites: fits } : {}), findingGroups: groupFindings(results.findings, fits) };
}

/** The groups of these results (computed when absent or not trusted). */
export function findingGroupsOf(results: ReportedResults): FindingGroup[] {
  return withFindingGroups(results).findingGroups!;
}

/** Status counts with each group counted once. */
export function distinctSummary(results: ReportedResults, groups: readonly FindingGroup[] = findingGroupsOf(results)): StatusSummary {
  return summarise(groups.map((group) => results.findings[group.finding]!));
}

/** A short name for each suite instance: the suite's name, numbered when the suite ran more than once. */
export function instanceLabels(suites: readonly SuiteSummary[]): string[] {
  const total = new Map<string, number>();
  for (const suite of suites) total.set(suite.name, (total.get(suite.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return suites.map((suite) => {
    const ordinal = (seen.get(suite.name) ?? 0) + 1;
    seen.set(suite.name, ordinal);
    return total.get(suite.name)! > 1 ? `${suite.name} #${ordinal}` : suite.name;
  });
}

/**
 * The instances of a group in one line: `bedrock-cris-governance (all 20 instances)`,
 * `bedrock-private-connectivity #1, #4 of 20`, or the one suite's name. `limit` caps how
 * many numbers a subset lists.
 */
export function describeInstances(suiteIndexes: readonly number[], suites: readonly SuiteSummary[], limit = 12): string {
  const byName = new Map<string, number[]>();
  const ordinals = new Map<number, number>();
  const totals = new Map<string, number>();
  suites.forEach((suite, index) => {
    totals.set(suite.name, (totals.get(suite.name) ?? 0) + 1);
    ordinals.set(index, totals.get(suite.name)!);
  });
  for (const index of suiteIndexes) {
    const suite = suites[index];
    if (!suite) continue;
    const list = byName.get(suite.name);
    if (list) list.push(index);
    else byName.set(suite.name, [index]);
  }
  return [...byName.entries()]
    .map(([name, indexes]) => {
      const total = totals.get(name)!;
      if (total === 1) return name;
      if (indexes.length === total) return `${name} (all ${total} instances)`;
      const numbers = indexes.map((index) => `#${ordinals.get(index)}`);
      const shown = numbers.length > limit ? [...numbers.slice(0, limit), `… ${numbers.length - limit} more`] : numbers;
      return `${name} ${shown.join(', ')} of ${total}`;
    })
    .join('; ');
}
