/**
 * `crisp replay <pack>`: re-evaluates every check from the pack's observations,
 * offline, and compares the findings with the pack's results.json exactly.
 * This is how an auditor re-checks the verdicts without AWS access.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkCatalog } from '../../checks/registry.ts';
import { Observations, type ObservationOutcome } from '../../collect/observations.ts';
import type { Finding } from '../../findings.ts';
import { evaluateInstance } from '../../run/engine.ts';
import { shardOf } from '../../run/shard.ts';
import { checkIdMatcher, loadSuite } from '../../suite/loader.ts';
import type { TargetKind } from '../../target/capabilities.ts';
import { openPack } from './open-pack.ts';
import { stableJson, type PackRun } from './pack.ts';
import { describeVerify, verifyPackDir } from './verify.ts';

export interface ReplayReport {
  matches: boolean;
  replayed: number;
  recorded: number;
  /** Indexes and both sides of findings that differ. */
  differences: { index: number; recorded?: Finding; replayed?: Finding }[];
  verifyProblems: string[];
}

/** Re-evaluates an unpacked pack folder. */
export async function replayPackDir(dir: string): Promise<ReplayReport> {
  const verified = await verifyPackDir(dir);
  // A pack that does not verify is not evidence: nothing in it is re-evaluated.
  if (!verified.intact) return { matches: false, replayed: 0, recorded: 0, differences: [], verifyProblems: describeVerify(verified) };
  const run = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as PackRun;
  const outcomes = JSON.parse(await readFile(join(dir, 'observations.json'), 'utf8')) as Record<string, ObservationOutcome>;
  const recorded = (JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { findings: Finding[] }).findings;
  const observations = new Observations(new Map(Object.entries(outcomes)));
  const catalog = checkCatalog();
  const matches = checkIdMatcher(run.checks);
  const replayed: Finding[] = [];
  for (const instance of run.instances) {
    const suite = await loadSuite(join(dir, instance.suite), instance.vars, catalog);
    const shard = run.shard;
    for (const check of suite.checks.filter((candidate) => matches(candidate.check.id) && (!shard || shardOf(candidate, shard.count) === shard.index))) {
      replayed.push(...evaluateInstance(check, observations, { targetKind: run.targetKind as TargetKind }));
    }
  }
  const differences: ReplayReport['differences'] = [];
  for (let index = 0; index < Math.max(recorded.length, replayed.length); index += 1) {
    // Key order is not content: observations are stored with sorted keys, findings embed them.
    if (stableJson(recorded[index]) !== stableJson(replayed[index])) differences.push({ index, recorded: recorded[index], replayed: replayed[index] });
  }
  return {
    matches: differences.length === 0 && verified.intact,
    replayed: replayed.length,
    recorded: recorded.length,
    differences,
    verifyProblems: verified.intact ? [] : describeVerify(verified),
  };
}

export async function replayPack(path: string): Promise<ReplayReport> {
  const pack = await openPack(path);
  try {
    return await replayPackDir(pack.dir);
  } finally {
    await pack.close();
  }
}
