/**
 * The findings section: one section per check, failing checks first; inside each, the
 * findings grouped by status — failures and errors open, each a card with expected and
 * actual side by side and the raw JSON under a disclosure; skipped findings open as rows
 * with their reason; passes collapsed with their count. Identical findings of several
 * suite instances appear once, naming the instances. Lists are bounded so a fleet-scale
 * run stays readable (and small): the rest is counted and left to results.json.
 */
import { describeResource, FINDING_STATUSES, SEVERITIES, type Finding, type FindingStatus } from '../model/findings.ts';
import type { CheckSummary, Results } from '../model/results.ts';
import { escapeXml as esc } from './escape.ts';
import { filtersHtml, token } from './filters.ts';
import { describeInstances, type FindingGroup } from './instances.ts';
import { expectedActualHtml } from './values-html.ts';

/** Findings per check and status shown as cards (expected, actual, raw JSON); the rest of the list is rows. */
const CARDS = 40;
/** Findings per check and status listed at all; beyond this they are counted. */
const LISTED = 250;
/** Characters of raw JSON shown per finding. */
const RAW_LIMIT = 6000;

const ORDER: FindingStatus[] = ['fail', 'error', 'skipped', 'pass', 'not_applicable'];
const MARK: Record<FindingStatus, string> = { pass: '✓', fail: '✗', error: '!', skipped: '–', not_applicable: '–' };
const WORD: Record<FindingStatus, string> = {
  pass: 'passed',
  fail: 'failed',
  error: 'could not observe',
  skipped: 'skipped',
  not_applicable: 'not applicable',
};

/** The domain of a check id: the part before the first dot. */
export const domainOf = (checkId: string) => checkId.split('.')[0] ?? checkId;

interface Entry {
  group: FindingGroup;
  index: number;
  finding: Finding;
}

function resourceHtml(finding: Finding): string {
  const { resource } = finding;
  const where = [resource.account, resource.region].filter(Boolean).join(' · ');
  return `<span class="rtype">${esc(resource.type)}</span> <code>${esc(describeResource(resource))}</code>${where ? ` <span class="meta">${esc(where)}</span>` : ''}`;
}

function instancesHtml(entry: Entry, results: Results): string {
  if (entry.group.suites.length > 1) return `<span class="inst">Reported by ${esc(describeInstances(entry.group.suites, results.suites))}</span>`;
  if (entry.group.occurrences.length > 1) return `<span class="inst">Reported ${entry.group.occurrences.length} times</span>`;
  return '';
}

function rawJson(entry: Entry): string {
  const { expected, actual, evidence } = entry.finding;
  if (expected === undefined && actual === undefined && evidence === undefined) return '';
  const text = JSON.stringify({ expected, actual, evidence }, null, 1);
  const cut =
    text.length > RAW_LIMIT
      ? `${text.slice(0, RAW_LIMIT)}\n… ${text.length - RAW_LIMIT} more characters: findings[${entry.group.finding}] in results.json`
      : text;
  return `<details class="raw"><summary>evidence and raw JSON</summary><pre>${esc(cut)}</pre></details>`;
}

function card(entry: Entry, results: Results): string {
  const { finding } = entry;
  return `<div class="finding f-${finding.status}" id="f-${entry.index}"><p class="res"><span class="mark ${finding.status}">${MARK[finding.status]}</span> ${resourceHtml(finding)}</p>
<p class="msg">${esc(finding.message)}</p>${instancesHtml(entry, results)}${expectedActualHtml(finding.expected, finding.actual)}${rawJson(entry)}</div>`;
}

function row(entry: Entry, results: Results): string {
  return `<tr class="finding f-${entry.finding.status}" id="f-${entry.index}"><td>${resourceHtml(entry.finding)}</td><td>${esc(entry.finding.message)}${instancesHtml(entry, results)}</td></tr>`;
}

function statusGroup(status: FindingStatus, entries: readonly Entry[], results: Results): string {
  const detailed = status === 'fail' || status === 'error';
  const cards = detailed ? entries.slice(0, CARDS) : [];
  const rows = entries.slice(cards.length, LISTED);
  const rest = entries.length - cards.length - rows.length;
  const open = status === 'fail' || status === 'error' || status === 'skipped' ? ' open' : '';
  const shown = rest > 0 ? ` (${cards.length + rows.length} shown)` : '';
  return `<details class="fgroup s-${status}"${open}><summary><span class="${status}">${MARK[status]} ${entries.length} ${WORD[status]}</span>${shown}</summary>
${cards.map((entry) => card(entry, results)).join('\n')}${rows.length > 0 ? `<table class="rows">${rows.map((entry) => row(entry, results)).join('')}</table>` : ''}${
    rest > 0
      ? `<p class="meta">… ${rest} more ${WORD[status]} finding${rest === 1 ? '' : 's'} of this check are in results.json (and the evidence pack).</p>`
      : ''
  }</details>`;
}

function section(check: CheckSummary, entries: readonly Entry[], results: Results): string {
  const byStatus = new Map<FindingStatus, Entry[]>();
  for (const entry of entries) {
    const list = byStatus.get(entry.finding.status);
    if (list) list.push(entry);
    else byStatus.set(entry.finding.status, [entry]);
  }
  const present = ORDER.filter((status) => byStatus.has(status));
  const counts = present.map((status) => `<span class="${status}">${byStatus.get(status)!.length} ${WORD[status]}</span>`).join(' · ');
  const classes = ['check', `d-${token(domainOf(check.id))}`, `v-${token(check.severity)}`, ...present.map((status) => `has-${status}`)].join(' ');
  const troubled = byStatus.has('fail') || byStatus.has('error');
  const why = `<p><strong>Why it matters.</strong> ${esc(check.rationale)}</p><p><strong>Remediation.</strong> ${esc(check.remediation)}</p>`;
  return `<section class="${classes}" id="check-${esc(check.id)}"><h3><code>${esc(check.id)}</code> — ${esc(check.title)}</h3>
<p class="meta">Severity <span class="sev sev-${token(check.severity)}">${esc(check.severity)}</span> · ${counts}</p>
${troubled ? why : `<details class="why"><summary>Why it matters, and remediation</summary>${why}</details>`}
${present.map((status) => statusGroup(status, byStatus.get(status)!, results)).join('\n')}</section>`;
}

/** The whole findings section, with its filter bar; returns the CSS the filters need too. */
export function findingsHtml(results: Results, groups: readonly FindingGroup[]): { html: string; css: string } {
  const byCheck = new Map<string, Entry[]>();
  groups.forEach((group, index) => {
    const finding = results.findings[group.finding]!;
    const list = byCheck.get(finding.checkId);
    if (list) list.push({ group, index, finding });
    else byCheck.set(finding.checkId, [{ group, index, finding }]);
  });
  const checks = [...byCheck.keys()].map(
    (id) => results.checks.find((check) => check.id === id) ?? { id, title: id, severity: 'critical' as const, rationale: '', remediation: '' },
  );
  // A reduce, not Math.min(...list): a fleet's check can hold more findings than a call has arguments.
  const worstOf = new Map(
    [...byCheck].map(([id, entries]) => [id, entries.reduce((low, entry) => Math.min(low, ORDER.indexOf(entry.finding.status)), ORDER.length)]),
  );
  const worst = (id: string) => worstOf.get(id)!;
  const position = new Map(results.checks.map((check, index) => [check.id, index]));
  checks.sort(
    (a, b) =>
      worst(a.id) - worst(b.id) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0),
  );
  const statuses = FINDING_STATUSES.filter((status) => groups.some((group) => results.findings[group.finding]!.status === status));
  const domains = [...new Set(checks.map((check) => domainOf(check.id)))].sort();
  const severities = SEVERITIES.filter((severity) => checks.some((check) => check.severity === severity));
  const filters = filtersHtml(statuses, domains, severities);
  const sections = checks.map((check) => section(check, byCheck.get(check.id)!, results)).join('\n');
  return { html: `<h2 id="findings">Findings</h2>${filters.html}\n${sections}`, css: filters.css };
}
