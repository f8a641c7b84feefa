/**
 * report.html, first version: one self-contained page (no scripts, no network)
 * with the summary, every finding grouped by check, the target identity, the
 * suites and the API call log. Every string from the estate is escaped.
 */
import { describeResource, FINDING_STATUSES, type Finding } from '../findings.ts';
import { escapeXml as esc } from './escape.ts';
import type { DriftReport } from './drift/compare.ts';
import type { Results } from './results.ts';

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}
h1{margin:0 0 .25rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:600}.error{color:#9a6700;font-weight:600}
.skipped,.not_applicable{color:#57606a}code,pre{font:12px ui-monospace,monospace;white-space:pre-wrap;word-break:break-all;margin:0}
section{page-break-inside:avoid}.meta{color:#57606a}
`;

function json(value: unknown): string {
  return value === undefined ? '' : `<pre>${esc(JSON.stringify(value, null, 1))}</pre>`;
}

function findingRow(finding: Finding): string {
  return `<tr><td class="${finding.status}">${finding.status}</td><td>${esc(finding.resource.type)}<br><code>${esc(describeResource(finding.resource))}</code></td><td>${esc(finding.message)}</td><td>${json(finding.expected)}</td><td>${json(finding.actual)}</td></tr>`;
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
  const { summary } = results;
  const summaryCells = FINDING_STATUSES.map((status) => `<td class="${status}" data-status="${status}">${summary[status]}</td>`).join('');
  const sections = results.checks
    .map((check) => {
      const findings = results.findings.filter((finding) => finding.checkId === check.id);
      if (findings.length === 0) return '';
      return `<section id="${esc(check.id)}"><h3><code>${esc(check.id)}</code> — ${esc(check.title)}</h3>
<p class="meta">Severity: ${esc(check.severity)}. ${esc(check.rationale)}</p><p class="meta">Remediation: ${esc(check.remediation)}</p>
<table><tr><th>Status</th><th>Resource</th><th>Message</th><th>Expected</th><th>Actual</th></tr>${findings.map(findingRow).join('')}</table></section>`;
    })
    .join('\n');
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
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>crisp report — ${esc(results.target.label)}</title><style>${STYLE}</style></head><body>
<h1>crisp report</h1>
<p class="meta">Target ${esc(results.target.label)} (${esc(results.target.kind)}) · started ${esc(results.startedAt)} · ${(results.durationMs / 1000).toFixed(1)} s · crisp ${esc(results.crispVersion)}</p>
${results.target.unreachable ? `<p class="error">${esc(results.target.unreachable)}</p>` : ''}
<h2>Summary</h2><table id="summary"><tr>${FINDING_STATUSES.map((status) => `<th>${status}</th>`).join('')}</tr><tr>${summaryCells}</tr></table>
${extra.drift ? driftSection(extra.drift) : ''}
<h2>Findings</h2>${sections}
<h2>Target identity</h2><table><tr><th>Account</th><th>Caller</th></tr>${identities}</table>
<h2>Suites</h2><table><tr><th>Name</th><th>File</th><th>SHA-256</th></tr>${suites}</table>
<h2>API calls</h2><table><tr><th>Service</th><th>Operation</th><th>Account</th><th>Region</th><th>Calls</th></tr>${calls}</table>
</body></html>
`;
}
