/**
 * The verdict block at the top of report.html: the verdict in one word, why in one
 * sentence, then what failed and what was not observed — each check with its severity,
 * how many findings, the first resource and message, and a link to that finding.
 */
import { describeResource } from '../model/findings.ts';
import { escapeXml as esc } from './escape.ts';
import type { Verdict, VerdictItem } from './verdict.ts';

/** How many checks each list names before pointing at the findings. */
const LISTED = 10;

/** Cuts a message for the summary; the finding itself shows it whole. */
export function shorten(text: string, limit = 260): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function item(entry: VerdictItem): string {
  const { check, first, count, status } = entry;
  const where = [first.resource.account, first.resource.region].filter(Boolean).join(' · ');
  const label = status === 'fail' ? 'failed' : status === 'error' ? 'could not observe' : 'skipped';
  const counted = count > 1 ? `${count} findings ${label}, the first:` : `${label}:`;
  return `<li><a href="#f-${entry.firstGroup}"><code>${esc(check.id)}</code></a> <span class="sev sev-${esc(check.severity)}">${esc(check.severity)}</span> <span class="${status}">${counted}</span><br><code class="res">${esc(describeResource(first.resource))}</code>${where ? ` <span class="meta">${esc(where)}</span>` : ''}<br><span class="msg">${esc(shorten(first.message))}</span></li>`;
}

function list(title: string, entries: readonly VerdictItem[], empty: string): string {
  const shown = entries.slice(0, LISTED).map(item).join('');
  const rest = entries.length > LISTED ? `<li class="meta"><a href="#findings">and ${entries.length - LISTED} more checks</a></li>` : '';
  return `<div><h3>${esc(title)}</h3>${entries.length > 0 ? `<ul>${shown}${rest}</ul>` : `<p class="meta">${esc(empty)}</p>`}</div>`;
}

/** With the target unreachable every check has the same reason, given once above: the checks are named, not repeated. */
function unreachableList(entries: readonly VerdictItem[]): string {
  const links = entries.map((entry) => `<a href="#f-${entry.firstGroup}"><code>${esc(entry.check.id)}</code></a>`).join(', ');
  return `<div><h3>What was not observed</h3><p>Every check (${entries.length}): ${links}.</p></div>`;
}

/** The block; `id="verdict"`, its class is the verdict kind. */
export function verdictHtml(verdict: Verdict): string {
  const interrupted = verdict.interrupted
    ? `<p class="unreachable"><strong>Interrupted (${esc(verdict.interrupted)}):</strong> the run was stopped before it read everything; what it had not read is listed as not observed.</p>`
    : '';
  const unreachable = (verdict.unreachable ? `<p class="unreachable"><strong>Target unreachable:</strong> ${esc(verdict.unreachable)}</p>` : '') + interrupted;
  return `<section id="verdict" class="verdict ${verdict.kind}" aria-label="Verdict">
<p class="headline"><strong>${esc(verdict.headline)}</strong> — ${esc(verdict.sentence)}</p>${unreachable}
<div class="columns">${list('What failed', verdict.failures, 'No check failed.')}${verdict.unreachable ? unreachableList(verdict.notObserved) : list('What was not observed', verdict.notObserved, 'Every check observed what it judges.')}</div>
<p class="meta">${verdict.passedChecks} check${verdict.passedChecks === 1 ? '' : 's'} observed and passed.</p>
</section>`;
}
