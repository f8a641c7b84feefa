/**
 * `crisp replay <pack>`: re-evaluates every check from the pack's observations,
 * offline, and compares the findings with the pack's results.json exactly.
 * This is how an auditor re-checks the verdicts without AWS access.
 */
import { Observations } from '../model/observations.ts';
import type { Finding } from '../model/findings.ts';
import { evaluateInstance } from './engine.ts';
import { shardOf } from './shard.ts';
import { checkIdMatcher } from '../suite/loader.ts';
import type { TargetKind } from '../model/capabilities.ts';
import { withPack } from '../report/evidence/open-pack.ts';
import { stableJson } from '../report/evidence/pack.ts';
import { readPackRecord } from '../report/evidence/read-pack.ts';
import { loadPackSuites } from './pack-suites.ts';
import type { TrustedSigners } from '../report/evidence/trust.ts';
import { describeVerify, verifyPackDir } from '../report/evidence/verify.ts';

export interface ReplayReport {
  matches: boolean;
  replayed: number;
  recorded: number;
  /** Indexes and both sides of findings that differ. */
  differences: { index: number; recorded?: Finding; replayed?: Finding }[];
  verifyProblems: string[];
  /** How the pack was verified, for the first line people read: authentic, or integrity only. */
  verification: string[];
}

/** Re-evaluates an unpacked pack folder (verified first, against the trusted signers when given). */
export async function replayPackDir(dir: string, trust?: TrustedSigners, label = dir): Promise<ReplayReport> {
  const verified = await verifyPackDir(dir, trust);
  // A pack that does not verify is not evidence: nothing in it is re-evaluated.
  if (!verified.intact) return { matches: false, replayed: 0, recorded: 0, differences: [], verifyProblems: describeVerify(verified), verification: [] };
  const { run, observations: outcomes, results } = await readPackRecord(dir, label);
  const recorded = results.findings;
  const observations = new Observations(new Map(Object.entries(outcomes)));
  const matches = checkIdMatcher(run.checks);
  const shard = run.shard;
  const replayed: Finding[] = [];
  for (const suite of await loadPackSuites(dir, run, label)) {
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
    matches: differences.length === 0,
    replayed: replayed.length,
    recorded: recorded.length,
    differences,
    verifyProblems: [],
    verification: describeVerify(verified),
  };
}

export async function replayPack(path: string, trust?: TrustedSigners): Promise<ReplayReport> {
  return withPack(path, (dir) => replayPackDir(dir, trust, path));
}
