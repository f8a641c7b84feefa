/** A pack's suites, loaded again from the pack's own copies with the vars the run used: what replay and drift re-evaluate. */
import { join } from 'node:path';
import { checkCatalog } from '../checks/registry.ts';
import type { PackRun } from '../report/evidence/pack.ts';
import { loadSuite, type LoadedSuite } from '../suite/loader.ts';

/** The pack's suite instances in run order, each loaded from the pack's copy with the vars the run used. */
export async function loadPackSuites(dir: string, run: PackRun): Promise<LoadedSuite[]> {
  const catalog = checkCatalog();
  const suites: LoadedSuite[] = [];
  for (const instance of run.instances) suites.push(await loadSuite(join(dir, instance.suite), instance.vars, catalog));
  return suites;
}
