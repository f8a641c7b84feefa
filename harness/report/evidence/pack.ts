/**
 * Writes an evidence pack: a folder and a .tar.gz of it, holding everything an
 * auditor needs to check the verdicts without cloud access — the suites as read,
 * the vars, the (redacted) target, caller identities, every observation and probe
 * transcript, and the three reports — with a manifest of SHA-256 hashes signed
 * with Ed25519.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { create as createTar } from 'tar';
import type { Observations } from '../../model/observations.ts';
import type { LoadedSuite } from '../../suite/loader.ts';
import { CRISP_VERSION } from '../../model/version.ts';
import type { Results } from '../../model/results.ts';
import { REPORT_FILES, type PackedReports } from '../write.ts';
import { keyEvidence, referenceRepeats } from './keyed-evidence.ts';

/** The table of evidence shared between findings (keyed-evidence.ts). */
export const EVIDENCE_FILE = 'evidence.json';
import { redact } from './redact.ts';
import { signBytes, type SigningKey } from './signing.ts';

export const PACK_FORMAT = 'crisp-evidence/1';
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';

/** What a run leaves for its pack. */
export interface RunRecord {
  results: Results;
  /**
   * The reports as written to --out; the pack holds junit.xml and report.html as they are, and
   * results.json with its findings' evidence referenced (keyed-evidence.ts) beside evidence.json.
   */
  reports: PackedReports;
  /** Suite instances in run order (one per suite file and var set). */
  suites: LoadedSuite[];
  checkFilter: string[];
  shard?: { index: number; count: number };
  target: unknown;
  observations: Observations;
}

/** The run description inside a pack, enough to re-evaluate every check. */
export interface PackRun {
  crispVersion: string;
  gitCommit: string;
  checks: string[];
  shard?: { index: number; count: number };
  targetKind: string;
  target: unknown;
  identities: Results['target']['identities'];
  instances: { suite: string; name: string; sha256: string; vars: Record<string, unknown> }[];
}

export interface Manifest {
  format: string;
  crispVersion: string;
  gitCommit: string;
  publicKey: string;
  fingerprint: string;
  ephemeralKey: boolean;
  files: Record<string, string>;
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** crisp's own commit, when it runs from a git checkout. */
export function crispCommit(): string {
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: join(import.meta.dirname, '../../..'), encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown';
}

/** JSON with sorted keys, so equal content gives equal bytes; indented for people unless `compact`. */
export function stableJson(value: unknown, compact = false): string {
  const sort = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(sort)
      : node && typeof node === 'object'
        ? Object.fromEntries(
            Object.keys(node)
              .sort()
              .map((key) => [key, sort((node as Record<string, unknown>)[key])]),
          )
        : node;
  return JSON.stringify(sort(value), null, compact ? undefined : 2) + '\n';
}

/**
 * The pack's results.json: the results with evidence referenced and repeated findings as
 * references (keyed-evidence.ts), without `findingGroups`, which readers recompute from the
 * findings and `findingSuites` (report/instances.ts).
 */
function packedResultsJson(results: RunRecord['results'], keyedFindings: RunRecord['results']['findings']): string {
  const { findingGroups: _derived, ...kept } = results as RunRecord['results'] & { findingGroups?: unknown };
  return JSON.stringify({ ...kept, findings: referenceRepeats(keyedFindings) }) + '\n';
}

/** Writes the pack folder and `<folder>.tar.gz`; returns both paths. */
export async function writeEvidencePack(dir: string, record: RunRecord, key: SigningKey): Promise<{ dir: string; archive: string }> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'suites'), { recursive: true });
  const files = new Map<string, Buffer>();
  const suitePaths = new Map<string, string>();
  for (const suite of record.suites) {
    if (suitePaths.has(suite.file)) continue;
    const path = `suites/${suitePaths.size}-${basename(suite.file)}`;
    suitePaths.set(suite.file, path);
    files.set(path, await readFile(suite.file));
  }
  const gitCommit = crispCommit();
  const run: PackRun = {
    crispVersion: CRISP_VERSION,
    gitCommit,
    checks: record.checkFilter,
    ...(record.shard ? { shard: record.shard } : {}),
    targetKind: record.results.target.kind,
    target: redact(record.target),
    identities: record.results.target.identities,
    instances: record.suites.map((suite) => ({ suite: suitePaths.get(suite.file)!, name: suite.name, sha256: suite.sha256, vars: redact(suite.vars) })),
  };
  files.set('run.json', Buffer.from(stableJson(run)));
  const observations = record.observations.toJSON();
  // Machine data, often megabytes: written compact (indentation made a quarter of its size).
  files.set('observations.json', Buffer.from(stableJson(observations, true)));
  // Evidence is referenced by observation key or stored once, not embedded in every finding.
  const keyed = keyEvidence(record.results.findings, observations);
  files.set(EVIDENCE_FILE, Buffer.from(JSON.stringify(keyed.table) + '\n'));
  for (const name of REPORT_FILES)
    files.set(name, Buffer.from(name === 'results.json' ? packedResultsJson(record.results, keyed.findings) : record.reports[name]));
  for (const [path, bytes] of files) await writeFile(join(dir, path), bytes);
  const manifest: Manifest = {
    format: PACK_FORMAT,
    crispVersion: CRISP_VERSION,
    gitCommit,
    publicKey: key.publicKeyPem,
    fingerprint: key.fingerprint,
    ephemeralKey: key.ephemeral,
    files: Object.fromEntries([...files].sort(([a], [b]) => a.localeCompare(b)).map(([path, bytes]) => [path, sha256(bytes)])),
  };
  const manifestBytes = Buffer.from(stableJson(manifest));
  await writeFile(join(dir, MANIFEST), manifestBytes);
  await writeFile(join(dir, SIGNATURE), signBytes(key, manifestBytes) + '\n');
  const archive = `${dir.replace(/\/+$/, '')}.tar.gz`;
  await createTar({ gzip: true, file: archive, cwd: dirname(dir), portable: true, noMtime: true }, [basename(dir)]);
  return { dir, archive };
}
