/**
 * report.html for people — the on-call engineer and the auditor: one self-contained file
 * (no scripts, no network, opens from file://, prints cleanly). Top to bottom: the verdict
 * (what failed, what was not observed), the summary by domain and severity, the topology
 * (or the fleet, one row per app VPC), where inference ran, latency, the findings grouped
 * by check and status with filters, then the target identity, suites and API call log.
 * Findings identical across suite instances appear once. Every string from the estate is
 * escaped, control and bidirectional-override characters made visible and inert.
 */
import { FINDING_STATUSES, SEVERITIES, type FindingStatus } from '../model/findings.ts';
import type { DriftReport } from './drift.ts';
import { escapeXml as esc } from './escape.ts';
import { barChartSvg, barChartsOf } from './evidence-charts.ts';
import { findingsHtml, domainOf } from './findings-html.ts';
import { fleetHtml, isFleet } from './fleet.ts';
import { distinctSummary, findingGroupsOf, type FindingGroup, type ReportedResults } from './instances.ts';
import { latencyCdfSvg, latencyScale, latencySeries, ttftBoxSvg } from './latency-plots.ts';
import { STYLE } from './style.ts';
import { topologyOf } from './topology.ts';
import { TOPOLOGY_LEGEND, topologySvg } from './topology-svg.ts';
import { verdictHtml } from './verdict-html.ts';
import { verdictOf } from './verdict.ts';

/** A status × group count table. */
function countTable(title: string, groups: string[], countOf: (group: string, status: FindingStatus) => number, id: string): string {
  const header = `<tr><th>${esc(title)}</th>${FINDING_STATUSES.map((status) => `<th>${status.replace('_', ' ')}</th>`).join('')}</tr>`;
  const cell = (status: FindingStatus, count: number) => `<td${count > 0 ? ` class="${status}"` : ''}>${count}</td>`;
  const rows = groups
    .map((group) => `<tr><td>${esc(group)}</td>${FINDING_STATUSES.map((status) => cell(status, countOf(group, status))).join('')}</tr>`)
    .join('');
  return `<table id="${id}">${header}${rows}</table>`;
}

/** The drift section: new and resolved failures, and changed observations. */
function driftSection(drift: DriftReport): string {
  const rows = (entries: DriftReport['newFailures']) =>
    entries
      .map(
        (entry) =>
          `<tr><td><code>${esc(entry.checkId)}</code></td><td><code>${esc(entry.resource.id)}</code></td><td>${esc(entry.before ?? '—')} → ${esc(entry.after ?? '—')}</td><td>${esc(entry.message)}</td></tr>`,
      )
      .join('');
  const changes = drift.changedObservations
    .map(
      (entry) =>
        `<tr><td>${esc(entry.facet)}${entry.guardedBy.length ? ` <strong class="fail">guarded</strong>` : ''}</td><td><code>${esc(entry.key)}</code></td><td>${esc(entry.change)}</td><td><pre>${esc(JSON.stringify(entry.differences, null, 1))}</pre></td></tr>`,
    )
    .join('');
  return `<h2 id="drift">Drift</h2>
<p>${drift.newFailures.length} new failure(s), ${drift.resolvedFailures.length} resolved, ${drift.changedObservations.length} changed observation(s).</p>
<h3>New failures</h3><table><tr><th>Check</th><th>Resource</th><th>Status</th><th>Message</th></tr>${rows(drift.newFailures)}</table>
<h3>Resolved failures</h3><table><tr><th>Check</th><th>Resource</th><th>Status</th><th>Message</th></tr>${rows(drift.resolvedFailures)}</table>
<h3>Changed observations</h3><table><tr><th>What</th><th>Observation</th><th>Change</th><th>Differences</th></tr>${changes}</table>`;
}

/** The summary: distinct counts (what the page shows), and the total as every suite instance reported it. */
function summarySection(results: ReportedResults, groups: readonly FindingGroup[]): string {
  const distinct = distinctSummary(results, groups);
  const representatives = groups.map((group) => results.findings[group.finding]!);
  const severityOf = new Map(results.checks.map((check) => [check.id, check.severity]));
  const domains = [...new Set(representatives.map((finding) => domainOf(finding.checkId)))].sort();
  const severities = SEVERITIES.filter((severity) => representatives.some((finding) => severityOf.get(finding.checkId) === severity));
  const tally = new Map<string, number>();
  for (const finding of representatives) {
    for (const key of [`d|${domainOf(finding.checkId)}|${finding.status}`, `v|${severityOf.get(finding.checkId)}|${finding.status}`])
      tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  const cells = FINDING_STATUSES.map(
    (status) => `<td${distinct[status] > 0 ? ` class="${status}"` : ''} data-status="${status}">${distinct[status]}</td>`,
  ).join('');
  const repeated = results.findings.length - groups.length;
  const instances = results.suites.length;
  const note =
    repeated > 0
      ? `<p class="meta">${results.findings.length} findings from ${instances} suite instances; ${repeated} were identical to another instance's and are counted and shown once (${groups.length} distinct). results.json keeps every one, and says which instances reported each.</p>`
      : `<p class="meta">${results.findings.length} findings from ${instances} suite instance${instances === 1 ? '' : 's'}.</p>`;
  return `<h2 id="summary-heading">Summary</h2>${note}<table id="summary"><tr>${FINDING_STATUSES.map((status) => `<th>${status.replace('_', ' ')}</th>`).join('')}</tr><tr>${cells}</tr></table>
${countTable('Domain', domains, (domain, status) => tally.get(`d|${domain}|${status}`) ?? 0, 'by-domain')}
${countTable('Severity', severities, (severity, status) => tally.get(`v|${severity}|${status}`) ?? 0, 'by-severity')}`;
}

/** The topology of one app VPC, or the fleet of many. */
function pictureSection(results: ReportedResults, groups: readonly FindingGroup[]): string {
  if (isFleet(results)) return `<h2 id="topology">Fleet</h2>${fleetHtml(results, groups)}${TOPOLOGY_LEGEND}`;
  const topology = topologyOf(results, groups);
  return topology ? `<h2 id="topology">Topology</h2>${topologySvg(topology)}${TOPOLOGY_LEGEND}` : '';
}

/** The suite instances, one row per suite file (a fleet run loads each once per app VPC). */
function suitesSection(results: ReportedResults): string {
  const byFile = new Map<string, { name: string; file: string; sha256: string; count: number }>();
  for (const suite of results.suites) {
    const key = `${suite.file}|${suite.sha256}`;
    const entry = byFile.get(key) ?? { name: suite.name, file: suite.file, sha256: suite.sha256, count: 0 };
    entry.count += 1;
    byFile.set(key, entry);
  }
  const rows = [...byFile.values()]
    .map(
      (suite) =>
        `<tr><td>${esc(suite.name)}</td><td><code>${esc(suite.file)}</code></td><td>${suite.count}</td><td><code>${esc(suite.sha256)}</code></td></tr>`,
    )
    .join('');
  return `<h2 id="suites">Suites</h2><p class="meta">Each suite runs once per set of variables (one per app VPC in a fleet); the variables of each instance are in results.json.</p><table><tr><th>Name</th><th>File</th><th>Instances</th><th>SHA-256</th></tr>${rows}</table>`;
}

/**
 * Renders the results as a standalone HTML page (with a drift section when given). `groups`
 * are the finding groups when the caller has just computed them; otherwise they are computed
 * here, never read from the results (which may come from another run's file).
 */
export function renderHtml(results: ReportedResults, extra: { drift?: DriftReport; groups?: readonly FindingGroup[] } = {}): string {
  const groups = extra.groups ?? findingGroupsOf(results);
  const representatives = groups.map((group) => results.findings[group.finding]!);
  const verdict = verdictOf(results, groups);
  const latency = latencySeries(representatives);
  const scale = latencyScale(latency);
  const charts = barChartsOf(representatives);
  const findings = findingsHtml(results, groups);
  const regions = [...new Set(results.findings.map((finding) => finding.resource.region).filter((region): region is string => Boolean(region)))].sort();
  const identities = results.target.identities
    .map((identity) => `<tr><td>${esc(identity.account)}</td><td>${esc(identity.arn ?? identity.error ?? '')}</td></tr>`)
    .join('');
  const calls = results.apiCalls
    .map(
      (call) =>
        `<tr><td>${esc(call.service)}</td><td>${esc(call.operation)}</td><td>${esc(call.account)}</td><td>${esc(call.region)}</td><td>${call.count}</td></tr>`,
    )
    .join('');
  const picture = pictureSection(results, groups);
  const toc = [
    ...(picture ? [['topology', isFleet(results) ? 'Fleet' : 'Topology']] : []),
    ['summary-heading', 'Summary'],
    ...(charts.length > 0 ? [['where-inference-ran', 'Where inference ran']] : []),
    ...(latency.length > 0 ? [['latency', 'Latency']] : []),
    ...(extra.drift ? [['drift', 'Drift']] : []),
    ['findings', 'Findings'],
    ['identity', 'Target identity'],
    ['suites', 'Suites'],
    ['api-calls', 'API calls'],
  ]
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>crisp report — ${verdict.headline} — ${esc(results.target.label)}</title><style>${STYLE}
${findings.css}</style></head><body>
<h1>crisp conformance report</h1>
<p class="meta">Target ${esc(results.target.label)} (${esc(results.target.kind)}) · started ${esc(results.startedAt)} · ${(results.durationMs / 1000).toFixed(1)} s · crisp ${esc(results.crispVersion)}</p>
${verdictHtml(verdict)}
<nav class="toc">${toc}</nav>
${picture}
${summarySection(results, groups)}
${charts.length > 0 ? `<h2 id="where-inference-ran">Where inference ran</h2><p class="meta">Calls per Region as CloudTrail recorded them; Regions outside the residency set in red.</p>${charts.map(({ chart }) => barChartSvg(chart)).join('\n')}` : ''}
${latency.length > 0 ? `<h2 id="latency">Latency</h2><p class="meta">Both plots share one time axis from zero, so time to first token reads against the end-to-end time.</p>${latencyCdfSvg(latency, scale)}${ttftBoxSvg(latency, scale)}` : ''}
${extra.drift ? driftSection(extra.drift) : ''}
${findings.html}
<h2 id="identity">Target identity</h2><p class="meta">Regions: ${esc(regions.join(', ') || '—')}</p><table><tr><th>Account</th><th>Caller</th></tr>${identities}</table>
${suitesSection(results)}
<h2 id="api-calls">API calls</h2><table><tr><th>Service</th><th>Operation</th><th>Account</th><th>Region</th><th>Calls</th></tr>${calls}</table>
</body></html>
`;
}
