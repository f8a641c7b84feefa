/**
 * Sharding: `--shard i/n` runs the check instances whose stable hash falls in
 * shard i, so a many-account target can fan out over a CI matrix; `crisp merge`
 * joins the shards' results into one set of reports.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../model/errors.ts';
import { summarise, type Finding } from '../model/findings.ts';
import type { Results } from '../model/results.ts';
import { resultsShapeProblem } from '../model/results-shape.ts';
import { validFindingSuites, type ReportedResults } from '../report/instances.ts';
import { readInputText } from '../suite/read-input.ts';
import type { CheckInstance } from '../suite/loader.ts';

export interface Shard {
  index: number;
  count: number;
}

/** The most shards a run may be split into (a CI matrix larger than this is a typo). */
export const MAX_SHARDS = 1000;

/** Parses `i/n` (1-based, 1 <= i <= n <= 1000). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count || count > MAX_SHARDS)
    throw new InputError(`--shard must be i/n with 1 <= i <= n <= ${MAX_SHARDS}, not ${text}`);
  return { index, count };
}

/** The shard an instance belongs to: a hash of its suite, check and parameters, so order does not move it. */
export function shardOf(instance: CheckInstance, count: number): number {
  const digest = createHash('sha256')
    .update(`${instance.suite}\u0000${instance.check.id}\u0000${JSON.stringify(instance.params)}`)
    .digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/**
 * Joins the results of every shard of one run. Only shards join: two whole runs (or a
 * whole run and a shard) would count every finding they share twice, so they are refused.
 * `folders`, in the order of `parts`, name the inputs in messages.
 */
export function mergeResults(parts: readonly ReportedResults[], folders: readonly string[] = []): ReportedResults {
  if (parts.length === 0) throw new InputError('crisp merge needs at least one results folder');
  const unsharded = parts.findIndex((part) => part.shard === undefined);
  if (parts.length > 1 && unsharded >= 0) {
    throw new InputError(
      `holds the results of a whole run, not of one shard: merge joins the shards of one --shard i/n run (each of 1..n once), and joining whole runs would count their findings twice`,
      { file: folders[unsharded] ?? `folder ${unsharded + 1}` },
    );
  }
  const count = parts[0]!.shard?.count;
  const indexes = parts.map((part) => part.shard?.index);
  if (count !== undefined) {
    const expected = Array.from({ length: count }, (_, index) => index + 1);
    if (parts.some((part) => part.shard?.count !== count) || [...indexes].sort((a, b) => (a ?? 0) - (b ?? 0)).join() !== expected.join()) {
      throw new InputError(`the folders hold shards ${indexes.join(', ')} of ${count}; merge needs each of 1..${count} exactly once`);
    }
  }
  const ordered = [...parts].sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0));
  const findings: Finding[] = ordered.flatMap((part) => part.findings);
  const calls = new Map<string, Results['apiCalls'][number]>();
  for (const call of ordered.flatMap((part) => part.apiCalls)) {
    const key = [call.service, call.operation, call.account, call.region].join('|');
    const entry = calls.get(key);
    if (!entry) calls.set(key, { ...call, ...(call.retries ? { retries: [...call.retries] } : {}) });
    else {
      entry.count += call.count;
      // Every shard's retries stay visible in the merged call log, as in an unsharded run.
      if (call.retries) (entry.retries ??= []).push(...call.retries);
    }
  }
  const identities = new Map(ordered.flatMap((part) => part.target.identities).map((identity) => [identity.account, identity]));
  const checks = new Map(ordered.flatMap((part) => part.checks).map((check) => [check.id, check]));
  const suiteKey = (suite: Results['suites'][number]) => `${suite.file}|${JSON.stringify(suite.vars)}`;
  const suites = new Map(ordered.flatMap((part) => part.suites).map((suite) => [suiteKey(suite), suite]));
  // The first shard's own attribution and groups index its own findings: they are rebuilt, never carried.
  const { findingSuites: _ownSuites, findingGroups: _ownGroups, ...first } = ordered[0]!;
  const findingSuites = mergedFindingSuites(ordered, [...suites.keys()], suiteKey);
  return {
    ...first,
    summary: summarise(findings),
    target: { ...first.target, identities: [...identities.values()] },
    suites: [...suites.values()],
    startedAt: ordered.map((part) => part.startedAt).sort()[0]!,
    durationMs: Math.max(...ordered.map((part) => part.durationMs)),
    apiCalls: [...calls.values()].sort((a, b) =>
      [a.service, a.operation, a.account, a.region].join('|').localeCompare([b.service, b.operation, b.account, b.region].join('|')),
    ),
    checks: [...checks.values()],
    findings,
    ...(findingSuites ? { findingSuites } : {}),
    interrupted: ordered.find((part) => part.interrupted)?.interrupted,
    shard: undefined,
    mergedShards: count,
  };
}

/**
 * Which merged suite instance produced each finding, from each shard's own attribution, so
 * the merged reports still say "Reported by <suite> (all N instances)"; undefined when any
 * shard lacks it (the reports then group findings without naming instances).
 */
function mergedFindingSuites(
  parts: readonly ReportedResults[],
  mergedKeys: readonly string[],
  suiteKey: (suite: Results['suites'][number]) => string,
): number[] | undefined {
  const indexOf = new Map(mergedKeys.map((key, index) => [key, index]));
  const merged: number[] = [];
  for (const part of parts) {
    const own = validFindingSuites(part);
    if (!own) return undefined;
    for (const index of own) merged.push(indexOf.get(suiteKey(part.suites[index]!))!);
  }
  return merged;
}

/** The results.json of one shard's result folder; an unreadable one is an input error naming the folder. */
export async function readShardResults(folder: string): Promise<Results> {
  const file = join(folder, 'results.json');
  let text: string;
  try {
    text = await readInputText(file, 'results.json');
  } catch {
    const info = await stat(folder).catch(() => undefined);
    throw new InputError(
      info === undefined
        ? 'no such result folder'
        : !info.isDirectory()
          ? 'is not a result folder (give the folder holding results.json)'
          : 'holds no readable results.json',
      { file: folder },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not a results.json: ${(error as Error).message.split('\n')[0]}`, { file });
  }
  const problem = resultsShapeProblem(parsed);
  if (problem) throw new InputError(`not a results.json written by crisp run: ${problem}`, { file });
  return parsed as Results;
}
