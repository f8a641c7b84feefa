/**
 * A whole run, as `crisp run` (and `crisp drift` without --current) performs it:
 * load target, vars and suites, open the target, run the checks, and always write
 * the reports — also when the target was unreachable — before returning the exit
 * code (docs/ARCHITECTURE.md §5).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CallLog } from '../model/call-log.ts';
import { checkCatalog } from '../checks/registry.ts';
import { InputError, InputErrors } from '../model/errors.ts';
import { exitCodeFor, summarise } from '../model/findings.ts';
import { summariseChecks, type Results, type SuiteSummary } from '../model/results.ts';
import { writeEvidencePack } from '../report/evidence/pack.ts';
import { redact } from '../report/evidence/redact.ts';
import { loadSigningKey } from '../report/evidence/signing.ts';
import { OUTPUT_FILES, writeReports, type ExtraFormat } from '../report/write.ts';
import { checkEvidenceFolder, checkOutputFile, checkOutputFolder, isWithin } from './output-paths.ts';
import { writeLatencyBaseline } from './latency-baseline.ts';
import { shardOf, type Shard } from './shard.ts';
import { checkIdMatcher, expandSuitePaths, loadSuite, readSuiteFile, type CheckInstance, type LoadedSuite, type SuiteFile } from '../suite/loader.ts';
import { readInstancesFile, readVarsFiles } from '../suite/vars.ts';
import { loadTarget } from '../estate/loader.ts';
import { openTarget, type LabLauncher, type OpenedTarget } from '../estate/open.ts';
import { CRISP_VERSION } from '../model/version.ts';
import { runChecks } from './engine.ts';
import type { CollectContext } from '../collect/context.ts';
import type { Finding } from '../model/findings.ts';
import type { ReportedResults } from '../report/instances.ts';

export interface RunOptions {
  suites: string[];
  target: string;
  vars: string[];
  /** A list of var maps: every suite runs once per entry (over the --vars values), e.g. one per app VPC of a fleet. */
  instances?: string;
  /** Aborted (with the signal's name as reason) to stop reading and write the reports with what was observed. */
  interrupted?: AbortSignal;
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

/**
 * Loads every suite once per var set, and applies the --check filter. A suite whose declared
 * variables resolve to the same values for two var sets is one suite instance asking one
 * question (the governance suite of a fleet of app VPCs): it is loaded and judged once.
 */
async function loadAll(
  files: readonly string[],
  varSets: readonly Record<string, unknown>[],
  userVars: Record<string, unknown>,
  globs: readonly string[],
  /** Per var set, the keys its own entry gave (an --instances entry); checked against what the suites declare. */
  ownKeys: readonly (readonly string[])[] = [],
): Promise<{ suites: LoadedSuite[]; instances: CheckInstance[]; collapsed: { index: number; undeclared: string[] }[] }> {
  const catalog = checkCatalog();
  const suites: LoadedSuite[] = [];
  const errors: InputError[] = [];
  const loadedKeys = new Set<string>();
  // Var sets that asked nothing new of any suite: a duplicate entry, or one whose keys no suite reads.
  const collapsed: { index: number; undeclared: string[] }[] = [];
  // Each file is read once, however many var sets load it.
  const read = new Map<string, Promise<SuiteFile>>();
  for (const [index, varSet] of varSets.entries()) {
    let added = false;
    const declared = new Set<string>();
    for (const file of files) {
      try {
        if (!read.has(file)) read.set(file, readSuiteFile(file));
        const suite = await loadSuite(file, { ...varSet, ...userVars }, catalog, await read.get(file)!);
        for (const name of Object.keys(suite.vars)) declared.add(name);
        const key = `${suite.file}\u0000${JSON.stringify(suite.vars)}`;
        if (loadedKeys.has(key)) continue;
        loadedKeys.add(key);
        added = true;
        suites.push(suite);
      } catch (error) {
        if (error instanceof InputErrors) errors.push(...error.errors);
        else if (error instanceof InputError) errors.push(error);
        else throw error;
      }
    }
    if (errors.length > 0) break;
    if (!added && index > 0) collapsed.push({ index, undeclared: (ownKeys[index] ?? []).filter((name) => !declared.has(name)) });
  }
  if (errors.length > 0) throw new InputErrors(errors);
  const matches = checkIdMatcher(globs);
  const instances = suites.flatMap((suite) => suite.checks).filter((instance) => matches(instance.check.id));
  if (instances.length === 0) {
    throw new InputError(
      `--check ${globs.join(' ')} selects none of the suites' checks (${[...new Set(suites.flatMap((suite) => suite.checks.map((instance) => instance.check.id)))].join(', ')})`,
    );
  }
  return { suites, instances, collapsed };
}

/** The report files of an earlier run in `--out` (the folder itself and anything else in it stay). */
async function removeEarlierReports(out: string): Promise<void> {
  await Promise.all(OUTPUT_FILES.map((name) => rm(join(out, name), { force: true })));
}

/** Where a run writes — reports, evidence, latency baseline — checked before anything starts: a bad path loses no run. */
async function checkRunOutputs(options: RunOptions): Promise<void> {
  await checkOutputFolder(options.out, '--out', OUTPUT_FILES);
  if (options.evidence) {
    await checkEvidenceFolder(options.evidence);
    if (isWithin(options.out, options.evidence))
      throw new InputError('--out lies inside --evidence, which the pack replaces whole: the reports would be lost', { file: options.out });
  }
  if (options.updateBaseline) await checkOutputFile(options.updateBaseline, '--update-baseline');
}

/**
 * Which suite instance produced each finding, so reports can show a finding identical across
 * instances once (report/instances.ts). The engine returns every instance's findings in
 * instance order, at least one each (an instance that judged nothing, threw, or lacked a
 * capability yields exactly one); counting what each check's evaluate() returned marks the
 * boundaries without evaluating twice. `suitesOf` gives undefined when the counts do not
 * line up with the findings, and the reports then group without naming instances.
 */
function attributeFindings(instances: readonly CheckInstance[], suites: readonly LoadedSuite[]) {
  const suiteOf = new Map<CheckInstance, number>();
  suites.forEach((suite, index) => suite.checks.forEach((instance) => suiteOf.set(instance, index)));
  const counts = instances.map(() => 1);
  const counted: CheckInstance[] = instances.map((instance, position) => ({
    ...instance,
    check: {
      ...instance.check,
      evaluate: (observations, params) => {
        const drafts = instance.check.evaluate(observations, params);
        counts[position] = Math.max(1, drafts.length);
        return drafts;
      },
    },
  }));
  const suitesOf = (findings: readonly Finding[]): number[] | undefined => {
    const order = instances.flatMap((instance, position) => Array.from({ length: counts[position]! }, () => instance));
    if (order.length !== findings.length || order.some((instance, index) => instance.check.id !== findings[index]!.checkId || !suiteOf.has(instance)))
      return undefined;
    return order.map((instance) => suiteOf.get(instance)!);
  };
  return { instances: counted, suitesOf };
}

/** Runs suites against a target and writes the reports. Input errors throw before anything runs. */
export async function runSuites(options: RunOptions): Promise<RunResult> {
  const startedAt = new Date();
  const started = performance.now();
  await checkRunOutputs(options);
  const targetFile = await loadTarget(options.target, options.launchLab);
  const userVars = await readVarsFiles(options.vars);
  const instanceVars = options.instances ? await readInstancesFile(options.instances) : undefined;
  const suiteFiles = await expandSuitePaths(options.suites);
  const insidePack = options.evidence ? suiteFiles.find((file) => isWithin(file, options.evidence!)) : undefined;
  if (insidePack) throw new InputError('this suite lies inside --evidence, which the pack replaces whole: copy it out first', { file: insidePack });
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
    if (instanceVars && target.varSets.length > 1)
      throw new InputError(`the target already gives one var set per app VPC (${target.varSets.length}); drop --instances`, { file: options.instances! });
    // An instance's own values win over the shared --vars, which win over the target's.
    const loaded = instanceVars
      ? await loadAll(
          suiteFiles,
          instanceVars.map((instance) => ({ ...target.varSets[0], ...userVars, ...instance })),
          {},
          options.checks,
          instanceVars.map((instance) => Object.keys(instance)),
        )
      : await loadAll(suiteFiles, target.varSets, userVars, options.checks);
    const { suites } = loaded;
    // An entry that asks nothing new is judged by the instances before it; say so, since a
    // misspelt key (the VPC it names never judged) looks exactly like this.
    for (const { index, undeclared } of loaded.collapsed)
      options.progress(
        `warning: var set ${index + 1}${options.instances ? ` of ${options.instances}` : ''} asks every suite the same as an earlier one, so nothing more is judged for it${undeclared.length > 0 ? ` (no suite declares ${undeclared.join(', ')}: a misspelt key?)` : ''}`,
      );
    const shard = options.shard;
    const instances = shard ? loaded.instances.filter((instance) => shardOf(instance, shard.count) === shard.index) : loaded.instances;
    // A selection that judges nothing must never read as a green verdict.
    if (instances.length === 0)
      throw new InputError(
        `--shard ${shard!.index}/${shard!.count} selects none of the ${loaded.instances.length} check instances; use fewer shards (at most ${loaded.instances.length})`,
      );
    if (shard) options.progress(`shard ${shard.index}/${shard.count}: ${instances.length} of ${loaded.instances.length} checks`);
    options.progress(`running ${instances.length} checks from ${suites.length} suite instance${suites.length === 1 ? '' : 's'} against ${target.label}`);
    const attribution = attributeFindings(instances, suites);
    const context: CollectContext = {
      clients: target.clients,
      targetKind: target.kind,
      targetLabel: target.label,
      ...(target.dataPlane ? { dataPlane: target.dataPlane } : {}),
      ...(target.caPem ? { caPem: target.caPem } : {}),
      progress: options.progress,
      ...(options.interrupted ? { interrupted: options.interrupted } : {}),
    };
    // Once every input is valid, an earlier run's reports go, so a run stopped while writing
    // (a second Ctrl-C, CI cancelling) never leaves an older verdict to be read as this one's.
    const outcome = await runChecks(attribution.instances, context, undefined, () => removeEarlierReports(options.out));
    const interrupted = options.interrupted?.aborted ? String(options.interrupted.reason ?? 'interrupted') : undefined;
    if (outcome.unreachable) options.progress(`target unreachable: ${outcome.unreachable}`);
    const suiteSummaries: SuiteSummary[] = suites.map((suite) => ({ name: suite.name, file: suite.file, sha256: suite.sha256, vars: redact(suite.vars) }));
    const recorded: ReportedResults = {
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
      ...(interrupted ? { interrupted } : {}),
    };
    // Which instance produced each finding; the reports group identical findings from it (writeReports).
    const findingSuites = attribution.suitesOf(outcome.findings);
    if (findingSuites) recorded.findingSuites = findingSuites;
    if (options.updateBaseline && interrupted)
      options.progress(`not writing latency baseline ${options.updateBaseline}: the run was interrupted (${interrupted})`);
    else if (options.updateBaseline) {
      const written = await writeLatencyBaseline(options.updateBaseline, outcome.observations);
      options.progress(`wrote latency baseline ${options.updateBaseline} (${written.join(', ') || 'no latency samples in this run'})`);
    }
    const { paths: reportPaths, packed, reported: results } = await writeReports(options.out, recorded, options.formats ?? []);
    let evidence: RunResult['evidence'];
    if (options.evidence && signingKey) {
      const packStarted = performance.now();
      const pack = await writeEvidencePack(
        options.evidence,
        {
          results,
          reports: packed,
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
