/**
 * `crisp policy` without the printing: loads the target (when given), the vars and
 * the suites exactly as a run would, and turns the check instances into the
 * least-privilege policies of each role (engine/least-privilege.ts). Nothing is read
 * from the estate; a lab target is started only for the variables it supplies.
 */
import { checkCatalog } from '../checks/registry.ts';
import { CallLog } from '../model/call-log.ts';
import type { TargetKind } from '../model/capabilities.ts';
import { InputError, InputErrors } from '../model/errors.ts';
import { loadTarget } from '../estate/loader.ts';
import { openTarget, type LabLauncher } from '../estate/open.ts';
import { checkIdMatcher, expandSuitePaths, loadSuite, type CheckInstance, type LoadedSuite } from '../suite/loader.ts';
import { readVarsFiles } from '../suite/vars.ts';
import { leastPrivilege, type LeastPrivilege } from './least-privilege.ts';

export interface PolicyOptions {
  suites: string[];
  /** The target the suites will run against: its kind decides what is planned (aws when absent). */
  target?: string;
  vars: string[];
  checks: string[];
  progress: (message: string) => void;
  /** Starts the lab for `kind: lab` targets, whose variables come from the estate it builds. */
  launchLab?: LabLauncher;
}

export interface PolicyPlan extends LeastPrivilege {
  suites: { name: string; file: string }[];
  checks: number;
}

/** The variable sets a target supplies: a lab's come from the estate it builds, every other kind supplies none. */
async function varSetsOf(options: PolicyOptions): Promise<{ kind: TargetKind; varSets: Record<string, unknown>[] }> {
  if (!options.target) return { kind: 'aws', varSets: [{}] };
  const target = await loadTarget(options.target, options.launchLab);
  if (target.kind !== 'lab') return { kind: target.kind, varSets: [{}] };
  options.progress('starting the lab for the variables it supplies (nothing is read from it)');
  const opened = await openTarget(target, {
    callLog: new CallLog(),
    progress: options.progress,
    targetFile: options.target,
    ...(options.launchLab ? { launchLab: options.launchLab } : {}),
  });
  try {
    return { kind: 'lab', varSets: opened.varSets };
  } finally {
    await opened.close();
  }
}

/** Loads everything a run would, and plans the policies of its roles. */
export async function planPolicy(options: PolicyOptions): Promise<PolicyPlan> {
  const userVars = await readVarsFiles(options.vars);
  const files = await expandSuitePaths(options.suites);
  const { kind, varSets } = await varSetsOf(options);
  const catalog = checkCatalog();
  const suites: LoadedSuite[] = [];
  const errors: InputError[] = [];
  for (const varSet of varSets) {
    for (const file of files) {
      try {
        suites.push(await loadSuite(file, { ...varSet, ...userVars }, catalog));
      } catch (error) {
        if (error instanceof InputErrors) errors.push(...error.errors);
        else if (error instanceof InputError) errors.push(error);
        else throw error;
      }
    }
    if (errors.length > 0) throw new InputErrors(errors);
  }
  const matches = checkIdMatcher(options.checks);
  const instances: CheckInstance[] = suites.flatMap((suite) => suite.checks).filter((instance) => matches(instance.check.id));
  if (instances.length === 0) throw new InputError(`--check ${options.checks.join(' ')} selects none of the suites' checks`);
  const seen = new Set<string>();
  return {
    ...leastPrivilege(instances, kind),
    suites: suites.filter((suite) => !seen.has(suite.file) && seen.add(suite.file)).map((suite) => ({ name: suite.name, file: suite.file })),
    checks: instances.length,
  };
}
