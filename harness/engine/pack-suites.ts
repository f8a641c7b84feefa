/** A pack's suites, loaded again from the pack's own copies with the vars the run used: what replay and drift re-evaluate. */
import { join } from 'node:path';
import { checkCatalog } from '../checks/registry.ts';
import { InputError, InputErrors } from '../model/errors.ts';
import type { PackRun } from '../report/evidence/pack.ts';
import { isInsidePack } from '../report/evidence/read-pack.ts';
import { loadSuite, type LoadedSuite } from '../suite/loader.ts';

/**
 * The pack's suite instances in run order, each loaded from the pack's copy with the vars the run used.
 * A copy that no longer loads (a pack re-signed by someone else, or made by another crisp version) is one
 * InputError naming the pack (`label`) and the copy.
 */
export async function loadPackSuites(dir: string, run: PackRun, label = dir): Promise<LoadedSuite[]> {
  const catalog = checkCatalog();
  const suites: LoadedSuite[] = [];
  for (const instance of run.instances) {
    if (!isInsidePack(instance.suite)) throw new InputError(`run.json names a suite outside the pack: ${JSON.stringify(instance.suite)}`, { file: label });
    try {
      suites.push(await loadSuite(join(dir, instance.suite), instance.vars, catalog));
    } catch (error) {
      if (!(error instanceof InputError || error instanceof InputErrors)) throw error;
      const first = (error instanceof InputErrors ? error.errors[0]!.message : error.message).replace(join(dir, instance.suite), instance.suite);
      throw new InputError(`the pack's suite ${instance.suite} does not load: ${first}`, { file: label });
    }
  }
  return suites;
}
