/**
 * report.html for people — the on-call engineer and the auditor: one
 * self-contained file (no scripts, no network, opens from file://, prints
 * cleanly) with the summary by domain and severity, a topology diagram, every
 * finding with expected and actual, rationale, remediation and evidence, the
 * target identity, suite hashes and the API call log. Every string from the
 * estate is escaped.
 */
import { describeResource, FINDING_STATUSES, type Finding, type FindingStatus } from '../model/findings.ts';
import type { DriftReport } from './drift.ts';
import { escapeXml as esc } from './escape.ts';
import type { Results } from '../model/results.ts';
import { latencyCdfSvg, latencySeries, ttftBoxSvg } from './latency-plots.ts';
import { barChartSvg, barChartsOf } from './evidence-charts.ts';
import { topologyOf, type Topology, type TopologyNode } from './topology.ts';

const STYLE = `
:root{--pass:#1a7f37;--fail:#cf222e;--error:#9a6700;--muted:#57606a;--line:#d0d7de}
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1b1f24}
h1{margin:0 0 .25rem}h2{border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.pass{color:var(--pass)}.fail{color:var(--fail);font-weight:600}.error{color:var(--error);font-weight:600}
.skipped,.not_applicable{color:var(--muted)}code,pre{font:12px ui-monospace,monospace;white-space:pre-wrap;word-break:break-all;margin:0}
.meta{color:var(--muted)}.verdict{font-size:1.2rem;font-weight:600}section.check{break-inside:avoid}
details>summary{cursor:pointer;color:var(--muted)}svg text{font:12px system-ui,sans-serif}
@media print{details{display:block}details>summary{display:none}a{color:inherit;text-decoration:none}body{margin:0}}
`;

const COLOUR: Record<FindingStatus, string> = { pass: '#1a7f37', fail: '#cf222e', error: '#9a6700', skipped: '#8c959f', not_applicable: '#8c959f' };
const MARK: Record<FindingStatus, string> = { pass: '✓', fail: '✗', error: '!', skipped: '–', not_applicable: '–' };

function json(value: unknown): string {
  return value === undefined ? '' : `<pre>${esc(JSON.stringify(value, null, 1))}</pre>`;
}

const domainOf = (checkId: string) => checkId.split('.')[0] ?? checkId;

/** A status × group count table. */
function countTable(title: string, groups: string[], countOf: (group: string, status: FindingStatus) => number, id: string): string {
  const header = `<tr><th>${esc(title)}</th>${FINDING_STATUSES.map((status) => `<th>${status}</th>`).join('')}</tr>`;
  const cell = (status: FindingStatus, count: number) => `<td${count > 0 ? ` class="${status}"` : ''}>${count}</td>`;
  const rows = groups
    .map((group) => `<tr><td>${esc(group)}</td>${FINDING_STATUSES.map((status) => cell(status, countOf(group, status))).join('')}</tr>`)
    .join('');
  return `<table id="${id}">${header}${rows}</table>`;
}

function node(x: number, y: number, width: number, item: TopologyNode, sub = ''): string {
  return `<g class="node ${item.status}"><rect x="${x}" y="${y}" width="${width}" height="${sub ? 38 : 24}" rx="4" fill="#fff" stroke="${COLOUR[item.status]}" stroke-width="${item.status === 'fail' ? 2.5 : 1.2}"/>
<text x="${x + 8}" y="${y + 16}" fill="${COLOUR[item.status]}">${MARK[item.status]} ${esc(item.label)}</text>${sub ? `<text x="${x + 8}" y="${y + 31}" fill="#57606a">${esc(sub)}</text>` : ''}</g>`;
}

/** Width of a VPC box and of the gap the peering spans. */
const BOX = 430;
const GAP = 180;

/** The inline SVG: app VPC with its zones, peering, endpoint VPC with its endpoints; failing elements in red. */
function topologySvg(topology: Topology): string {
  const rows = Math.max(topology.zones.length, topology.endpoints.length, 1);
  const height = 110 + rows * 30;
  const box = (x: number, title: (TopologyNode & { region?: string; account?: string }) | undefined, children: TopologyNode[]) => {
    const status = title?.status ?? 'skipped';
    const heading = title ? `${MARK[status]} ${title.label} ${title.id}` : 'not in the results';
    const where = title ? [title.account, title.region].filter(Boolean).join(' · ') : '';
    return `<rect x="${x}" y="10" width="${BOX}" height="${height - 20}" rx="8" fill="#f6f8fa" stroke="${COLOUR[status]}" stroke-width="${status === 'fail' ? 2.5 : 1.5}"/>
<text x="${x + 12}" y="32" font-weight="600" fill="${COLOUR[status]}">${esc(heading)}</text><text x="${x + 12}" y="50" fill="#57606a">${esc(where)}</text>
${children.map((child, index) => node(x + 12, 64 + index * 30, BOX - 24, child)).join('\n')}`;
  };
  const peering = topology.peerings[0];
  const peeringStatus = peering?.status ?? 'fail';
  const middle = Math.round(height / 2);
  const right = 10 + BOX + GAP;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Topology: app VPC, peering, endpoint VPC" viewBox="0 0 ${right + BOX + 10} ${height}" width="100%">
${box(10, topology.app, topology.zones)}
<line x1="${10 + BOX}" y1="${middle}" x2="${right}" y2="${middle}" stroke="${COLOUR[peeringStatus]}" stroke-width="3" stroke-dasharray="${peering ? '0' : '6 4'}"/>
<text x="${10 + BOX + GAP / 2}" y="${middle - 10}" text-anchor="middle" fill="${COLOUR[peeringStatus]}">${esc(peering ? `${MARK[peeringStatus]} ${peering.label}` : '✗ no peering')}</text>
<text x="${10 + BOX + GAP / 2}" y="${middle + 20}" text-anchor="middle" fill="#57606a">VPC peering</text>
${box(right, topology.endpoint, topology.endpoints)}
</svg>`;
}

function findingRow(finding: Finding): string {
  const evidence = finding.evidence === undefined ? '' : `<details><summary>evidence</summary>${json(finding.evidence)}</details>`;
  return `<tr class="finding ${finding.status}"><td class="${finding.status}">${finding.status}</td><td>${esc(finding.resource.type)}<br><code>${esc(describeResource(finding.resource))}</code>${finding.resource.account ? `<br><span class="meta">${esc(finding.resource.account)}${finding.resource.region ? ` · ${esc(finding.resource.region)}` : ''}</span>` : ''}</td><td>${esc(finding.message)}${evidence}</td><td>${json(finding.expected)}</td><td>${json(finding.actual)}</td></tr>`;
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
        `<tr><td>${esc(entry.facet)}${entry.guardedBy.length ? ` <strong class="fail">guarded</strong>` : ''}</td><td><code>${esc(entry.key)}</code></td><td>${esc(entry.change)}</td><td>${json(entry.differences)}</td></tr>`,
    )
    .join('');
  return `<h2 id="drift">Drift</h2>
<p>${drift.newFailures.length} new failure(s), ${drift.resolvedFailures.length} resolved, ${drift.changedObservations.length} changed observation(s).</p>
<h3>New failures</h3><table><tr><th>Check</th><th>Resource</th><th>Status</th><th>Message</th></tr>${rows(drift.newFailures)}</table>
<h3>Resolved failures</h3><table><tr><th>Check</th><th>Resource</th><th>Status</th><th>Message</th></tr>${rows(drift.resolvedFailures)}</table>
<h3>Changed observations</h3><table><tr><th>What</th><th>Observation</th><th>Change</th><th>Differences</th></tr>${changes}</table>`;
}

/** Renders the results as a standalone HTML page (with a drift section when given). */
export function renderHtml(results: Results, extra: { drift?: DriftReport } = {}): string {
  const { summary, findings } = results;
  const verdict = summary.fail > 0 ? 'fail' : summary.error > 0 ? 'error' : 'pass';
  const verdictText =
    verdict === 'fail'
      ? 'FAILED: at least one check failed'
      : verdict === 'error'
        ? 'INCOMPLETE: some checks could not observe'
        : 'PASSED: every finding passed or was skipped with a reason';
  // Only non-zero counts are coloured, so a red cell always means something failed.
  const summaryCells = FINDING_STATUSES.map(
    (status) => `<td${summary[status] > 0 ? ` class="${status}"` : ''} data-status="${status}">${summary[status]}</td>`,
  ).join('');
  const domains = [...new Set(findings.map((finding) => domainOf(finding.checkId)))];
  const severityOf = new Map(results.checks.map((check) => [check.id, check.severity]));
  const severities = ['critical', 'high', 'medium', 'low', 'info'].filter((severity) =>
    findings.some((finding) => severityOf.get(finding.checkId) === severity),
  );
  const topology = topologyOf(results);
  const latency = latencySeries(findings);
  const charts = barChartsOf(findings);
  const sections = results.checks
    .map((check) => {
      const own = findings.filter((finding) => finding.checkId === check.id);
      if (own.length === 0) return '';
      const counts = FINDING_STATUSES.filter((status) => own.some((finding) => finding.status === status))
        .map((status) => `<span class="${status}">${own.filter((finding) => finding.status === status).length} ${status}</span>`)
        .join(' · ');
      return `<section class="check" id="${esc(check.id)}"><h3><code>${esc(check.id)}</code> — ${esc(check.title)}</h3>
<p class="meta">Severity <strong>${esc(check.severity)}</strong> · ${counts}</p><p><strong>Why it matters.</strong> ${esc(check.rationale)}</p><p><strong>Remediation.</strong> ${esc(check.remediation)}</p>
<table><tr><th>Status</th><th>Resource</th><th>Message</th><th>Expected</th><th>Actual</th></tr>${own.map(findingRow).join('')}</table></section>`;
    })
    .join('\n');
  const regions = [...new Set(findings.map((finding) => finding.resource.region).filter((region): region is string => Boolean(region)))].sort();
  const identities = results.target.identities
    .map((identity) => `<tr><td>${esc(identity.account)}</td><td>${esc(identity.arn ?? identity.error ?? '')}</td></tr>`)
    .join('');
  const suites = results.suites
    .map((suite) => `<tr><td>${esc(suite.name)}</td><td><code>${esc(suite.file)}</code></td><td><code>${esc(suite.sha256)}</code></td></tr>`)
    .join('');
  const calls = results.apiCalls
    .map(
      (call) =>
        `<tr><td>${esc(call.service)}</td><td>${esc(call.operation)}</td><td>${esc(call.account)}</td><td>${esc(call.region)}</td><td>${call.count}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>crisp report — ${esc(results.target.label)}</title><style>${STYLE}</style></head><body>
<h1>crisp conformance report</h1>
<p class="verdict ${verdict}" id="verdict">${verdictText}</p>
<p class="meta">Target ${esc(results.target.label)} (${esc(results.target.kind)}) · started ${esc(results.startedAt)} · ${(results.durationMs / 1000).toFixed(1)} s · crisp ${esc(results.crispVersion)}</p>
${results.target.unreachable ? `<p class="error">${esc(results.target.unreachable)}</p>` : ''}
<h2>Summary</h2><table id="summary"><tr>${FINDING_STATUSES.map((status) => `<th>${status}</th>`).join('')}</tr><tr>${summaryCells}</tr></table>
${countTable('Domain', domains, (domain, status) => findings.filter((finding) => domainOf(finding.checkId) === domain && finding.status === status).length, 'by-domain')}
${countTable('Severity', severities, (severity, status) => findings.filter((finding) => severityOf.get(finding.checkId) === severity && finding.status === status).length, 'by-severity')}
${topology ? `<h2>Topology</h2>${topologySvg(topology)}` : ''}
${charts.length > 0 ? `<h2 id="where-inference-ran">Where inference ran</h2><p class="meta">Calls per Region as CloudTrail recorded them; Regions outside the residency set in red.</p>${charts.map(({ chart }) => barChartSvg(chart)).join('\n')}` : ''}
${latency.length > 0 ? `<h2 id="latency">Latency</h2><p class="meta">End-to-end latency per profile (cumulative distribution) and time to first token (box: quartiles and median; whiskers: p5–p95).</p>${latencyCdfSvg(latency)}${ttftBoxSvg(latency)}` : ''}
${extra.drift ? driftSection(extra.drift) : ''}
<h2>Findings</h2>${sections}
<h2>Target identity</h2><p class="meta">Regions: ${esc(regions.join(', ') || '—')}</p><table><tr><th>Account</th><th>Caller</th></tr>${identities}</table>
<h2>Suites</h2><table><tr><th>Name</th><th>File</th><th>SHA-256</th></tr>${suites}</table>
<h2>API calls</h2><table><tr><th>Service</th><th>Operation</th><th>Account</th><th>Region</th><th>Calls</th></tr>${calls}</table>
</body></html>
`;
}
