/** Where commands talk to people: progress on stderr, results on stdout. */
import { describeResource } from '../model/findings.ts';
import { findingGroupsOf, type ReportedResults } from '../report/instances.ts';
import { shorten } from '../report/verdict-html.ts';
import { verdictOf, type VerdictItem } from '../report/verdict.ts';
import { isInteractive, ProgressDisplay } from './progress.ts';
// Every line is made inert first: estate strings (tags, names, messages quoting them) never reach the terminal raw.
import { neutraliseLine } from '../model/terminal-text.ts';

/**
 * The one display for this process's stderr. It is module state because the terminal it
 * draws on is: every command writes to the same stderr, and `print` must end the live
 * line before results go to stdout on the same screen.
 */
const display = new ProgressDisplay(process.stderr, { interactive: isInteractive(process.stderr, process.env) });
// A live line left half-drawn by an early exit (Ctrl-C, an error) is closed with a newline.
process.once('exit', () => display.finish());

/** One progress message on stderr (stdout stays for results, so it can be piped). */
export function progress(message: string): void {
  display.message(neutraliseLine(message));
}

/** Lines on stdout; the live progress line ends first. */
export function print(...lines: string[]): void {
  display.finish();
  // Each argument is one line: a line break inside one is shown as \u000a, never obeyed.
  for (const line of lines) process.stdout.write(`${neutraliseLine(line)}\n`);
}

/** The groups of results this process just made (crisp run attaches them), else computed. */
const groupsOf = (results: ReportedResults) => results.findingGroups ?? findingGroupsOf(results);

/** Checks each verdict list names before pointing at the reports. */
const NAMED = 5;

function named(items: readonly VerdictItem[]): string[] {
  const lines = items.slice(0, NAMED).map((item) => {
    const what = item.status === 'fail' ? 'failed' : item.status === 'error' ? 'could not observe' : 'skipped';
    const count = item.count > 1 ? `${item.count} ${what}, the first` : what;
    return `  ${item.status === 'fail' ? '✗' : item.status === 'error' ? '!' : '–'} ${item.check.id} (${item.check.severity}): ${count}: ${describeResource(item.first.resource)}: ${shorten(item.first.message, 220)}`;
  });
  if (items.length > NAMED) lines.push(`  … and ${items.length - NAMED} more checks: see report.html`);
  return lines;
}

/**
 * The summary of a run: the verdict as report.html words it, the first finding of each
 * failing check, what was not observed, and the counts. Identical findings of several suite
 * instances count once here, as in the reports.
 */
export function summaryLines(results: ReportedResults): string[] {
  const groups = groupsOf(results);
  const verdict = verdictOf(results, groups);
  const { summary } = results;
  const repeated = results.findings.length - groups.length;
  return [
    `crisp: ${verdict.headline} — ${verdict.sentence}`,
    ...named(verdict.failures),
    ...(verdict.notObserved.length > 0 ? ['crisp: not observed:', ...named(verdict.notObserved)] : []),
    `crisp: ${summary.pass} passed, ${summary.fail} failed, ${summary.error} errors, ${summary.skipped} skipped, ${summary.not_applicable} not applicable${
      repeated > 0 ? ` (${results.findings.length} findings from ${results.suites.length} suite instances, ${groups.length} distinct)` : ''
    }`,
  ];
}

/** Every distinct failing or erroring finding, one line each, for the CI log. */
export function failingLines(results: ReportedResults): string[] {
  return groupsOf(results)
    .map((group) => results.findings[group.finding]!)
    .filter((finding) => finding.status === 'fail' || finding.status === 'error')
    .map((finding) => `  ${finding.status.toUpperCase()} ${finding.checkId}: ${finding.message}`);
}
