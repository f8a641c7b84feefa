/** Reading an unpacked evidence pack: what the run recorded (run.json, observations.json, results.json). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObservationOutcome } from '../../model/observations.ts';
import type { Results } from '../../model/results.ts';
import type { PackRun } from './pack.ts';

/** What a run recorded in its pack. */
export interface PackRecord {
  run: PackRun;
  observations: Record<string, ObservationOutcome>;
  results: Results;
}

const readJson = async <T>(dir: string, name: string): Promise<T> => JSON.parse(await readFile(join(dir, name), 'utf8')) as T;

/** run.json, observations.json and results.json of a pack folder. */
export async function readPackRecord(dir: string): Promise<PackRecord> {
  const [run, observations, results] = await Promise.all([
    readJson<PackRun>(dir, 'run.json'),
    readJson<Record<string, ObservationOutcome>>(dir, 'observations.json'),
    readJson<Results>(dir, 'results.json'),
  ]);
  return { run, observations, results };
}
