/**
 * `crisp verify <pack>`: every file's SHA-256 against the manifest, and the
 * manifest's Ed25519 signature against the public key inside it (or a key the
 * auditor pins with --public-key). Names each altered, added or missing file.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { MANIFEST, SIGNATURE, sha256, type Manifest } from './pack.ts';
import { withPack } from './open-pack.ts';
import { fingerprintOf, verifyBytes } from './signing.ts';

export interface VerifyReport {
  intact: boolean;
  signatureValid: boolean;
  fingerprint?: string;
  /** Set when a pinned key was given and the pack's key is another. */
  keyMismatch?: string;
  altered: string[];
  added: string[];
  missing: string[];
  problems: string[];
}

async function listFiles(dir: string, root = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, root)));
    else files.push(relative(root, path).split(sep).join('/'));
  }
  return files.sort();
}

/** Verifies an unpacked pack folder. */
export async function verifyPackDir(dir: string, pinnedPublicKeyPem?: string): Promise<VerifyReport> {
  const report: VerifyReport = { intact: false, signatureValid: false, altered: [], added: [], missing: [], problems: [] };
  let manifestBytes: Buffer;
  let manifest: Manifest;
  try {
    manifestBytes = await readFile(join(dir, MANIFEST));
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch (error) {
    report.problems.push(`${MANIFEST} is missing or not JSON (${(error as Error).message})`);
    return report;
  }
  report.fingerprint = manifest.fingerprint;
  let signature = '';
  try {
    signature = (await readFile(join(dir, SIGNATURE), 'utf8')).trim();
  } catch {
    report.missing.push(SIGNATURE);
  }
  report.signatureValid = signature !== '' && verifyBytes(manifest.publicKey, manifestBytes, signature);
  if (!report.signatureValid && signature !== '') report.problems.push(`the signature does not verify: ${MANIFEST} or ${SIGNATURE} was altered`);
  if (pinnedPublicKeyPem) {
    const pinned = fingerprintOf(createPublicKey(pinnedPublicKeyPem));
    if (pinned !== manifest.fingerprint) report.keyMismatch = `the pack is signed by ${manifest.fingerprint}, not by the pinned key ${pinned}`;
  }
  const present = (await listFiles(dir)).filter((path) => path !== MANIFEST && path !== SIGNATURE);
  for (const path of present) {
    const expected = manifest.files?.[path];
    if (expected === undefined) report.added.push(path);
    else if (sha256(await readFile(join(dir, path))) !== expected) report.altered.push(path);
  }
  report.missing.push(...Object.keys(manifest.files ?? {}).filter((path) => !present.includes(path)));
  report.intact =
    report.signatureValid && !report.keyMismatch && report.altered.length + report.added.length + report.missing.length + report.problems.length === 0;
  return report;
}

/** Verifies a pack folder or .tar.gz. */
export async function verifyPack(path: string, pinnedPublicKeyPem?: string): Promise<VerifyReport> {
  return withPack(path, (dir) => verifyPackDir(dir, pinnedPublicKeyPem));
}

/** Human lines for a report. */
export function describeVerify(report: VerifyReport): string[] {
  if (report.intact) return [`intact: every file matches the manifest, signed by ${report.fingerprint}`];
  return [
    ...report.problems,
    ...(report.keyMismatch ? [report.keyMismatch] : []),
    ...report.altered.map((path) => `altered: ${path}`),
    ...report.added.map((path) => `added: ${path}`),
    ...report.missing.map((path) => `missing: ${path}`),
  ];
}
