/** Reading an unpacked evidence pack: what the run recorded (run.json, observations.json, results.json). */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { expandEvidence, expandRepeats } from './keyed-evidence.ts';
import { EVIDENCE_FILE } from './pack.ts';
import { InputError } from '../../model/errors.ts';
import type { ObservationOutcome } from '../../model/observations.ts';
import type { Results } from '../../model/results.ts';
import { resultsShapeProblem } from '../../model/results-shape.ts';
import type { PackRun } from './pack.ts';

/** What a run recorded in its pack. */
export interface PackRecord {
  run: PackRun;
  observations: Record<string, ObservationOutcome>;
  results: Results;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when a path recorded in a pack names a file inside the pack (no absolute path, no `..`). */
export function isInsidePack(path: string): boolean {
  return path !== '' && !isAbsolute(path) && !normalize(path).split(sep).includes('..');
}

/** The first problem that makes a parsed run.json unusable, or undefined. */
function runProblem(run: unknown): string | undefined {
  if (!isObject(run)) return 'not a JSON object';
  if (!Array.isArray(run.checks) || !run.checks.every((glob) => typeof glob === 'string')) return 'checks is not a list of strings';
  if (typeof run.targetKind !== 'string') return 'it has no targetKind';
  if (!Array.isArray(run.instances)) return 'it has no instances list';
  for (const [index, instance] of run.instances.entries()) {
    if (!isObject(instance) || typeof instance.suite !== 'string' || !isObject(instance.vars)) return `instances[${index}] needs a suite and vars`;
    if (!isInsidePack(instance.suite)) return `instances[${index}].suite ${JSON.stringify(instance.suite)} lies outside the pack`;
  }
  if (run.shard !== undefined) {
    const shard = run.shard;
    if (!isObject(shard) || !Number.isInteger(shard.index) || !Number.isInteger(shard.count) || (shard.count as number) < 1)
      return 'its shard is not { index, count }';
  }
  return undefined;
}

/** The first problem that makes a parsed observations.json unusable, or undefined. */
function observationsProblem(observations: unknown): string | undefined {
  if (!isObject(observations)) return 'not a JSON object of observations by key';
  for (const [key, outcome] of Object.entries(observations)) {
    if (!isObject(outcome) || typeof outcome.ok !== 'boolean') return `${key} is not an outcome ({ ok, data } or { ok: false, failure })`;
    if (!outcome.ok && (!isObject(outcome.failure) || typeof outcome.failure.reason !== 'string')) return `${key} fails without a failure reason`;
  }
  return undefined;
}

/**
 * run.json, observations.json and results.json of a pack folder. A pack that verifies
 * may still be signed by anyone (integrity only): each file is checked before use, and
 * a malformed one is an InputError naming the pack (`label`, as the user gave it) and the file.
 */
export async function readPackRecord(dir: string, label = dir): Promise<PackRecord> {
  const read = async (name: string, problemOf: (value: unknown) => string | undefined): Promise<unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(join(dir, name), 'utf8'));
    } catch (error) {
      throw new InputError(`${name} in the pack is not readable JSON: ${(error as Error).message.split('\n')[0]}`, { file: label });
    }
    const problem = problemOf(value);
    if (problem) throw new InputError(`${name} in the pack is not what crisp run writes: ${problem}`, { file: label });
    return value;
  };
  const [run, observations, results] = await Promise.all([
    read('run.json', runProblem),
    read('observations.json', observationsProblem),
    // Repeated findings are references in the pack (keyed-evidence.ts): restored before the shape is judged.
    read('results.json', (value) => {
      const findings = (value as { findings?: unknown } | null)?.findings;
      if (Array.isArray(findings)) {
        try {
          (value as { findings: unknown[] }).findings = expandRepeats(findings);
        } catch (error) {
          return (error as Error).message;
        }
      }
      return resultsShapeProblem(value);
    }),
  ]);
  // Findings reference their evidence; restore it so replay and drift see what the run wrote.
  let table: Record<string, unknown> = {};
  try {
    table = JSON.parse(await readFile(join(dir, EVIDENCE_FILE), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new InputError(`${EVIDENCE_FILE} in the pack is not readable JSON: ${(error as Error).message.split('\n')[0]}`, { file: label });
  }
  let findings: Results['findings'];
  try {
    findings = expandEvidence((results as Results).findings, observations as Record<string, ObservationOutcome>, table);
  } catch (error) {
    throw new InputError(`results.json in the pack: ${(error as Error).message}`, { file: label });
  }
  return { run: run as PackRun, observations: observations as Record<string, ObservationOutcome>, results: { ...(results as Results), findings } };
}
