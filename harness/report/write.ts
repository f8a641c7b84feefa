/** Writes the three reports of a run into one folder. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import type { Results } from './results.ts';

/** The files a run writes, by name. */
export const REPORT_FILES = ['results.json', 'junit.xml', 'report.html'] as const;

export type ReportContents = Record<(typeof REPORT_FILES)[number], string>;

/** The three reports as text. */
export function renderReports(results: Results): ReportContents {
  return { 'results.json': JSON.stringify(results, null, 2) + '\n', 'junit.xml': renderJunit(results), 'report.html': renderHtml(results) };
}

/** Writes results.json, junit.xml and report.html into `outDir` (created if needed); returns their paths. */
export async function writeReports(outDir: string, results: Results, contents: ReportContents = renderReports(results)): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const paths: string[] = [];
  for (const name of REPORT_FILES) {
    const path = join(outDir, name);
    await writeFile(path, contents[name]);
    paths.push(path);
  }
  return paths;
}
