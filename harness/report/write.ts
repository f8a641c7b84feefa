/** Writes the three reports of a run into one folder. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { toOcsf } from './ocsf.ts';
import type { Results } from '../model/results.ts';

/** The files a run writes, by name. */
export const REPORT_FILES = ['results.json', 'junit.xml', 'report.html'] as const;

export type ReportContents = Record<(typeof REPORT_FILES)[number], string>;

/** The three reports as text. */
export function renderReports(results: Results): ReportContents {
  return { 'results.json': JSON.stringify(results, null, 2) + '\n', 'junit.xml': renderJunit(results), 'report.html': renderHtml(results) };
}

/** Output formats beyond the three reports. */
export type ExtraFormat = 'ocsf';

/** Writes results.json, junit.xml and report.html (and ocsf.json when asked) into `outDir`; returns their paths. */
export async function writeReports(
  outDir: string,
  results: Results,
  contents: ReportContents = renderReports(results),
  formats: readonly ExtraFormat[] = [],
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const extra: string[] = [];
  if (formats.includes('ocsf')) {
    const path = join(outDir, 'ocsf.json');
    await writeFile(path, JSON.stringify(toOcsf(results), null, 2) + '\n');
    extra.push(path);
  }
  const paths: string[] = [];
  for (const name of REPORT_FILES) {
    const path = join(outDir, name);
    await writeFile(path, contents[name]);
    paths.push(path);
  }
  return [...paths, ...extra];
}
