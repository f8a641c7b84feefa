/** Writes the three reports of a run into one folder. */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { toOcsf } from './ocsf.ts';
import { withFindingGroups, type ReportedResults } from './instances.ts';
import type { Results } from '../model/results.ts';

/** The files a run writes, by name. */
export const REPORT_FILES = ['results.json', 'junit.xml', 'report.html'] as const;
/** Every file a run or a merge may write into --out (the reports, and ocsf.json when asked). */
export const OUTPUT_FILES = [...REPORT_FILES, 'ocsf.json'] as const;

export type ReportContents = Record<(typeof REPORT_FILES)[number], string>;

/** The reports an evidence pack copies as they were written (its results.json is its own, keyed). */
export type PackedReports = Pick<ReportContents, 'junit.xml' | 'report.html'>;

const FINDINGS_PLACEHOLDER = '\u0000crisp:findings\u0000';

/**
 * results.json as `JSON.stringify(results, null, 2)` writes it, in pieces: the findings one by
 * one, so a fleet's tens of megabytes are never one string.
 */
export function* resultsJsonChunks(results: ReportedResults): Generator<string> {
  const [head, tail] = JSON.stringify({ ...results, findings: FINDINGS_PLACEHOLDER }, null, 2).split(JSON.stringify(FINDINGS_PLACEHOLDER));
  yield head!;
  if (results.findings.length === 0) yield '[]';
  else {
    yield '[\n';
    for (const [index, finding] of results.findings.entries()) {
      const text = JSON.stringify(finding, null, 2).replace(/^/gm, '    ');
      yield index === 0 ? text : `,\n${text}`;
    }
    yield '\n  ]';
  }
  yield `${tail!}\n`;
}

/**
 * The three reports as text. results.json gets `findingGroups` computed afresh (and keeps
 * `findingSuites` only where it fits the findings), so every report groups alike.
 */
export function renderReports(results: ReportedResults): ReportContents {
  const reported = withFindingGroups(results);
  const groups = reported.findingGroups!;
  return {
    'results.json': [...resultsJsonChunks(reported)].join(''),
    'junit.xml': renderJunit(reported, groups),
    'report.html': renderHtml(reported, { groups }),
  };
}

/** Output formats beyond the three reports. */
export type ExtraFormat = 'ocsf';

async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
  }
  stream.end();
  await Promise.race([finished(stream), failed]);
}

/**
 * Writes results.json, junit.xml and report.html (and ocsf.json when asked) into `outDir`,
 * one at a time — each rendered, written and let go before the next — and returns their
 * paths, the junit.xml and report.html texts for an evidence pack, and the results as
 * reported (with the `findingGroups` every report used).
 */
export async function writeReports(
  outDir: string,
  results: Results,
  formats: readonly ExtraFormat[] = [],
): Promise<{ paths: string[]; packed: PackedReports; reported: ReportedResults }> {
  await mkdir(outDir, { recursive: true });
  const reported = withFindingGroups(results);
  const groups = reported.findingGroups!;
  const paths = REPORT_FILES.map((name) => join(outDir, name));
  await writeChunks(paths[0]!, resultsJsonChunks(reported));
  const packed: PackedReports = { 'junit.xml': renderJunit(reported, groups), 'report.html': '' };
  await writeFile(paths[1]!, packed['junit.xml']);
  packed['report.html'] = renderHtml(reported, { groups });
  await writeFile(paths[2]!, packed['report.html']);
  if (formats.includes('ocsf')) {
    const path = join(outDir, 'ocsf.json');
    await writeFile(path, JSON.stringify(toOcsf(results), null, 2) + '\n');
    paths.push(path);
  }
  return { paths, packed, reported };
}
