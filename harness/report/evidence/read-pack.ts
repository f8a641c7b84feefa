/** Reading an unpacked evidence pack: its recorded JSON, and its suites loaded as the run loaded them. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkCatalog } from '../../checks/registry.ts';
import type { ObservationOutcome } from '../../collect/observations.ts';
import { loadSuite, type LoadedSuite } from '../../suite/loader.ts';
import type { Results } from '../results.ts';
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

/** The pack's suite instances in run order, each loaded from the pack's copy with the vars the run used. */
export async function loadPackSuites(dir: string, run: PackRun): Promise<LoadedSuite[]> {
  const catalog = checkCatalog();
  const suites: LoadedSuite[] = [];
  for (const instance of run.instances) suites.push(await loadSuite(join(dir, instance.suite), instance.vars, catalog));
  return suites;
}
