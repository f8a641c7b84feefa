/**
 * Drift between a baseline (an evidence pack or a bare results.json) and a current
 * run: loads both, compares them (report/drift.ts), writes drift.json and a
 * report.html with a drift section. The exit code is 1 on a new failure or on any
 * change to an observation a `guard: true` check reads.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
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
import { resultsShapeProblem } from '../model/results-shape.ts';
import { readInputText } from '../suite/read-input.ts';
import { compareRuns, type DriftReport, type RunSnapshot } from '../report/drift.ts';
import { checkOutputFolder, isWithin } from './output-paths.ts';

export interface LoadedRun extends RunSnapshot {
  results: Results;
  /** Observation key → guarded checks that read it (from the pack's suites). */
  guards: Map<string, string[]>;
}

/** Which observations each `guard: true` check of a pack reads. */
async function guardsOf(dir: string, run: PackRun, observations: Record<string, ObservationOutcome>, label: string): Promise<Map<string, string[]>> {
  const store = new Observations(new Map(Object.entries(observations)));
  const guards = new Map<string, string[]>();
  for (const suite of await loadPackSuites(dir, run, label)) {
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
    parsed = JSON.parse(await readInputText(path, 'results.json'));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`not a results.json: ${(error as Error).message.split('\n')[0]}`, { file: path });
  }
  const problem = resultsShapeProblem(parsed);
  if (problem) throw new InputError(`not a results.json written by crisp run: ${problem}`, { file: path });
  return parsed as Results;
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
    const { run, observations, results } = await readPackRecord(dir, path);
    return { results, findings: results.findings, observations, guards: await guardsOf(dir, run, observations, path) };
  });
}

/** Compares, writes drift.json and report.html into `out`, and returns the report. */
export async function reportDrift(
  baselinePath: string,
  current: LoadedRun,
  out: string,
  trust?: TrustedSigners,
  loadedBaseline?: LoadedRun,
): Promise<{ report: DriftReport; paths: string[] }> {
  const baseline = loadedBaseline ?? (await loadRun(baselinePath, trust));
  const report = compareRuns(baseline, current, current.guards);
  await mkdir(out, { recursive: true });
  const drift = { baseline: baselinePath, baselineStartedAt: baseline.results.startedAt, currentStartedAt: current.results.startedAt, ...report };
  const paths = [join(out, 'drift.json'), join(out, 'report.html')];
  await writeFile(paths[0]!, JSON.stringify(drift, null, 2) + '\n');
  await writeFile(paths[1]!, renderHtml(current.results, { drift: report }));
  return { report, paths };
}

/** The paths a drift run rewrites in `out` (the current run's reports and pack only when it runs suites now). */
export function driftOutputs(out: string, runsNow: boolean): string[] {
  return [
    join(out, 'drift.json'),
    join(out, 'report.html'),
    ...(runsNow ? [join(out, 'current'), join(out, 'current-pack'), join(out, 'current-pack.tar.gz')] : []),
  ];
}

/** Checks, before anything runs, that the drift report can be written and overwrites neither the baseline nor the current pack. */
export async function checkDriftOutputs(options: { out: string; baseline: string; current?: string }): Promise<void> {
  await checkOutputFolder(options.out, '--out', ['drift.json', 'report.html']);
  const rewritten = driftOutputs(options.out, options.current === undefined);
  for (const [option, path] of [
    ['--baseline', options.baseline],
    ['--current', options.current],
  ] as const) {
    const clash = path === undefined ? undefined : rewritten.find((output) => isWithin(path, output));
    if (clash)
      throw new InputError(`${option} lies where this drift writes (${clash}): it would be overwritten; copy it elsewhere or choose another --out`, {
        file: path!,
      });
  }
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
