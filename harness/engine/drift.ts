/**
 * Drift between a baseline (an evidence pack or a bare results.json) and a current
 * run: loads both, compares them (report/drift.ts), writes drift.json and a
 * report.html with a drift section. The exit code is 1 on a new failure or on any
 * change to an observation a `guard: true` check reads.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Observations, observationKey, type ObservationOutcome } from '../model/observations.ts';
import { InputError } from '../model/errors.ts';
import type { Finding } from '../model/findings.ts';
import { probeRequestsOf } from './engine.ts';
import { withPack } from '../report/evidence/open-pack.ts';
import type { PackRun } from '../report/evidence/pack.ts';
import { readPackRecord } from '../report/evidence/read-pack.ts';
import { loadPackSuites } from './pack-suites.ts';
import { renderHtml } from '../report/html.ts';
import type { TrustedSigners } from '../report/evidence/trust.ts';
import { describeVerify, verifyPackDir } from '../report/evidence/verify.ts';
import type { Results } from '../model/results.ts';
import { compareRuns, type DriftReport, type RunSnapshot } from '../report/drift.ts';

interface LoadedRun extends RunSnapshot {
  results: Results;
  /** Observation key → guarded checks that read it (from the pack's suites). */
  guards: Map<string, string[]>;
}

/** Which observations each `guard: true` check of a pack reads. */
async function guardsOf(dir: string, run: PackRun, observations: Record<string, ObservationOutcome>): Promise<Map<string, string[]>> {
  const store = new Observations(new Map(Object.entries(observations)));
  const guards = new Map<string, string[]>();
  for (const suite of await loadPackSuites(dir, run)) {
    for (const check of suite.checks.filter((candidate) => candidate.guard)) {
      for (const request of [...check.check.needs(check.params), ...probeRequestsOf(check, store)]) {
        const key = observationKey(request);
        guards.set(key, [...new Set([...(guards.get(key) ?? []), check.check.id])]);
      }
    }
  }
  return guards;
}

/** Reads a bare results.json; anything that is not one is an input error naming the file. */
async function readResultsFile(path: string): Promise<Results> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`not a results.json: ${(error as Error).message}`, { file: path });
  }
  const results = parsed as Partial<Results> | null;
  if (!results || typeof results !== 'object' || Array.isArray(results) || !Array.isArray(results.findings) || typeof results.startedAt !== 'string') {
    throw new InputError('not a results.json written by crisp run (it needs findings and startedAt)', { file: path });
  }
  return results as Results;
}

/**
 * Loads a pack (folder or .tar.gz, verified first — authentic too when signers are
 * pinned) or a bare results.json. A pack that does not verify is refused: drift on
 * altered evidence proves nothing.
 */
export async function loadRun(path: string, trust?: TrustedSigners): Promise<LoadedRun> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new InputError('no such evidence pack or results.json', { file: path });
  if (info.isFile() && path.endsWith('.json')) {
    const results = await readResultsFile(path);
    return { results, findings: results.findings, guards: new Map() };
  }
  return withPack(path, async (dir) => {
    const verified = await verifyPackDir(dir, trust);
    if (!verified.intact) throw new InputError(`the evidence pack does not verify: ${describeVerify(verified).join('; ')}`, { file: path });
    const { run, observations, results } = await readPackRecord(dir);
    return { results, findings: results.findings, observations, guards: await guardsOf(dir, run, observations) };
  });
}

/** Compares, writes drift.json and report.html into `out`, and returns the report. */
export async function reportDrift(
  baselinePath: string,
  current: LoadedRun,
  out: string,
  trust?: TrustedSigners,
): Promise<{ report: DriftReport; paths: string[] }> {
  const baseline = await loadRun(baselinePath, trust);
  const report = compareRuns(baseline, current, current.guards);
  await mkdir(out, { recursive: true });
  const drift = { baseline: baselinePath, baselineStartedAt: baseline.results.startedAt, currentStartedAt: current.results.startedAt, ...report };
  const paths = [join(out, 'drift.json'), join(out, 'report.html')];
  await writeFile(paths[0]!, JSON.stringify(drift, null, 2) + '\n');
  await writeFile(paths[1]!, renderHtml(current.results, { drift: report }));
  return { report, paths };
}

/** One line per change, for the terminal. */
export function describeDrift(report: DriftReport): string[] {
  const label = (finding: { checkId: string; resource: Finding['resource'] }) => `${finding.checkId} on ${finding.resource.id}`;
  return [
    `${report.newFailures.length} new failure(s), ${report.resolvedFailures.length} resolved, ${report.changedObservations.length} changed observation(s)${report.observationsCompared ? '' : ' (not compared: the baseline is a bare results.json)'}`,
    ...report.newFailures.map((entry) => `  NEW ${entry.after?.toUpperCase()} ${label(entry)}: ${entry.message}`),
    ...report.resolvedFailures.map((entry) => `  RESOLVED ${label(entry)}`),
    ...report.changedObservations.map(
      (entry) => `  CHANGED ${entry.facet} (${entry.key})${entry.guardedBy.length ? ` — guarded by ${entry.guardedBy.join(', ')}` : ''}`,
    ),
  ];
}
