/**
 * `crisp drift`: compares a baseline run with a current one (a pack, or a run made
 * now into an evidence pack beside the drift report); exit 1 on a new failure or a
 * change to an observation a `guard: true` check reads.
 */
import { join } from 'node:path';
import { checkDriftOutputs, describeDrift, loadRun, reportDrift } from '../engine/drift.ts';
import { runSuites } from '../engine/run.ts';
import { UsageError } from '../model/errors.ts';
import { loadTrustedSigners } from '../report/evidence/trust.ts';
import { launchLab } from '../../lab/index.ts';
import { print, progress } from './console.ts';
import type { TrustOptions } from './verify.ts';

export interface DriftCommandOptions extends TrustOptions {
  baseline: string;
  current?: string;
  suites: string[];
  target?: string;
  vars: string[];
  checks: string[];
  out: string;
}

export async function driftCommand(options: DriftCommandOptions): Promise<number> {
  const trust = await loadTrustedSigners(options);
  if (!options.current && (options.suites.length === 0 || !options.target))
    throw new UsageError('crisp drift needs --current <pack>, or suites and --target to run now');
  await checkDriftOutputs(options);
  // The baseline first: a wrong one is reported before a run, not after it.
  const baseline = await loadRun(options.baseline, trust);
  let current;
  if (options.current) {
    current = await loadRun(options.current, trust);
  } else {
    if (options.suites.length === 0 || !options.target) throw new UsageError('crisp drift needs --current <pack>, or suites and --target to run now');
    const pack = join(options.out, 'current-pack');
    const run = await runSuites({
      suites: options.suites,
      target: options.target,
      vars: options.vars,
      out: join(options.out, 'current'),
      checks: options.checks,
      progress,
      launchLab,
      evidence: pack,
    });
    current = await loadRun(run.evidence!.dir);
  }
  const { report, paths } = await reportDrift(options.baseline, current, options.out, trust, baseline);
  print(...describeDrift(report).map((line) => `crisp drift: ${line}`), ...paths.map((path) => `  wrote ${path}`));
  return report.exitCode;
}
