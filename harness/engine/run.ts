/**
 * A whole run, as `crisp run` (and `crisp drift` without --current) performs it:
 * load target, vars and suites, open the target, run the checks, and always write
 * the reports — also when the target was unreachable — before returning the exit
 * code (docs/ARCHITECTURE.md §5).
 */
import { CallLog } from '../model/call-log.ts';
import { checkCatalog } from '../checks/registry.ts';
import { InputError, InputErrors } from '../model/errors.ts';
import { exitCodeFor, summarise } from '../model/findings.ts';
import { summariseChecks, type Results, type SuiteSummary } from '../model/results.ts';
import { writeEvidencePack } from '../report/evidence/pack.ts';
import { loadSigningKey } from '../report/evidence/signing.ts';
import { renderReports, writeReports, type ExtraFormat } from '../report/write.ts';
import { writeLatencyBaseline } from './latency-baseline.ts';
import { shardOf, type Shard } from './shard.ts';
import { checkIdMatcher, expandSuitePaths, loadSuite, type CheckInstance, type LoadedSuite } from '../suite/loader.ts';
import { readVarsFiles } from '../suite/vars.ts';
import { loadTarget } from '../estate/loader.ts';
import { openTarget, type LabLauncher, type OpenedTarget } from '../estate/open.ts';
import { CRISP_VERSION } from '../model/version.ts';
import { runChecks } from './engine.ts';

export interface RunOptions {
  suites: string[];
  target: string;
  vars: string[];
  out: string;
  checks: string[];
  progress: (message: string) => void;
  /** Starts the lab for `kind: lab` targets (lab/index.ts; passed in by commands/). */
  launchLab?: LabLauncher;
  /** Called once the target is open, so a signal handler can close it. */
  onOpen?: (target: OpenedTarget) => void;
  /** Folder for a signed evidence pack (a .tar.gz is written beside it). */
  evidence?: string;
  /** PEM Ed25519 private key for the pack; else CRISP_SIGNING_KEY, else a fresh key. */
  signingKey?: string;
  /** Extra output formats (ocsf). */
  formats?: ExtraFormat[];
  /** Run only this shard of the check instances. */
  shard?: Shard;
  /** Write the latency samples of this run to this file, as the baseline for later runs. */
  updateBaseline?: string;
}

export interface RunResult {
  exitCode: 0 | 1 | 3;
  results: Results;
  reportPaths: string[];
  evidence?: { dir: string; archive: string; fingerprint: string; ephemeralKey: boolean; durationMs: number };
}

/** Loads every suite once per var set, and applies the --check filter. */
async function loadAll(
  files: readonly string[],
  varSets: readonly Record<string, unknown>[],
  userVars: Record<string, unknown>,
  globs: readonly string[],
): Promise<{ suites: LoadedSuite[]; instances: CheckInstance[] }> {
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
    if (errors.length > 0) break;
  }
  if (errors.length > 0) throw new InputErrors(errors);
  const matches = checkIdMatcher(globs);
  const instances = suites.flatMap((suite) => suite.checks).filter((instance) => matches(instance.check.id));
  if (instances.length === 0) {
    throw new InputError(
      `--check ${globs.join(' ')} selects none of the suites' checks (${[...new Set(suites.flatMap((suite) => suite.checks.map((instance) => instance.check.id)))].join(', ')})`,
    );
  }
  return { suites, instances };
}

/** Runs suites against a target and writes the reports. Input errors throw before anything runs. */
export async function runSuites(options: RunOptions): Promise<RunResult> {
  const startedAt = new Date();
  const started = performance.now();
  const targetFile = await loadTarget(options.target, options.launchLab);
  const userVars = await readVarsFiles(options.vars);
  const suiteFiles = await expandSuitePaths(options.suites);
  const signingKey = options.evidence ? await loadSigningKey(options.signingKey) : undefined;
  const callLog = new CallLog();
  const target = await openTarget(targetFile, {
    callLog,
    progress: options.progress,
    targetFile: options.target,
    ...(options.launchLab ? { launchLab: options.launchLab } : {}),
  });
  options.onOpen?.(target);
  try {
    const loaded = await loadAll(suiteFiles, target.varSets, userVars, options.checks);
    const { suites } = loaded;
    const shard = options.shard;
    const instances = shard ? loaded.instances.filter((instance) => shardOf(instance, shard.count) === shard.index) : loaded.instances;
    if (shard) options.progress(`shard ${shard.index}/${shard.count}: ${instances.length} of ${loaded.instances.length} checks`);
    // A selection that judges nothing must never read as a green verdict.
    if (instances.length === 0)
      throw new InputError(
        `--shard ${shard!.index}/${shard!.count} selects none of the ${loaded.instances.length} check instances; use fewer shards (at most ${loaded.instances.length})`,
      );
    options.progress(`running ${instances.length} checks from ${suites.length} suite instance${suites.length === 1 ? '' : 's'} against ${target.label}`);
    const outcome = await runChecks(instances, {
      clients: target.clients,
      targetKind: target.kind,
      targetLabel: target.label,
      ...(target.dataPlane ? { dataPlane: target.dataPlane } : {}),
      ...(target.caPem ? { caPem: target.caPem } : {}),
      progress: options.progress,
    });
    if (outcome.unreachable) options.progress(`target unreachable: ${outcome.unreachable}`);
    const suiteSummaries: SuiteSummary[] = suites.map((suite) => ({ name: suite.name, file: suite.file, sha256: suite.sha256, vars: suite.vars }));
    const results: Results = {
      crispVersion: CRISP_VERSION,
      summary: summarise(outcome.findings),
      target: { kind: target.kind, label: target.label, identities: outcome.identities, ...(outcome.unreachable ? { unreachable: outcome.unreachable } : {}) },
      suites: suiteSummaries,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      apiCalls: callLog.counts(),
      checks: summariseChecks(instances.map((instance) => instance.check)),
      findings: outcome.findings,
      ...(shard ? { shard } : {}),
    };
    if (options.updateBaseline) {
      const written = await writeLatencyBaseline(options.updateBaseline, outcome.observations);
      options.progress(`wrote latency baseline ${options.updateBaseline} (${written.join(', ') || 'no latency samples in this run'})`);
    }
    const contents = renderReports(results);
    const reportPaths = await writeReports(options.out, results, contents, options.formats ?? []);
    let evidence: RunResult['evidence'];
    if (options.evidence && signingKey) {
      const packStarted = performance.now();
      const pack = await writeEvidencePack(
        options.evidence,
        {
          results,
          reports: contents,
          suites,
          checkFilter: options.checks,
          ...(shard ? { shard } : {}),
          target: targetFile,
          observations: outcome.observations,
        },
        signingKey,
      );
      evidence = { ...pack, fingerprint: signingKey.fingerprint, ephemeralKey: signingKey.ephemeral, durationMs: performance.now() - packStarted };
    }
    return { exitCode: exitCodeFor(results.summary), results, reportPaths, ...(evidence ? { evidence } : {}) };
  } finally {
    await target.close();
  }
}
