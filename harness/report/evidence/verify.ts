/**
 * `crisp verify <pack>`: integrity — every file's SHA-256 against the manifest, and
 * the manifest's Ed25519 signature against the key it carries (whose fingerprint
 * must be the one it states) — and, when the auditor pins signers (--public-key,
 * --fingerprint, CRISP_TRUSTED_KEYS), authenticity: the signature must verify with
 * a pinned key itself. Without a pin a pack proves only that it is unchanged since
 * someone signed it, and the report says so.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { MANIFEST, SIGNATURE, sha256, type Manifest } from './pack.ts';
import { withPack } from './open-pack.ts';
import { fingerprintOf, verifyBytes } from './signing.ts';
import type { TrustedSigners } from './trust.ts';

export interface VerifyReport {
  /** Integrity and, when signers are pinned, authenticity: what verify's exit code reflects. */
  intact: boolean;
  /** Every file matches the manifest and the manifest's signature verifies with the key it carries. */
  integrity: boolean;
  signatureValid: boolean;
  /** The fingerprint of the key the pack carries (computed, not as the manifest states it). */
  fingerprint?: string;
  /** True when signers were pinned. */
  pinned: boolean;
  /** With pins: the signature verifies with a pinned key. */
  authentic?: boolean;
  /** The pack says its key was made for it alone: it can never prove who signed. */
  ephemeralKey?: boolean;
  /** Set when signers were pinned and none of them signed the pack. */
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

/**
 * Entries of a pack that are not plain files or folders: a pack never holds them, and following
 * one (a link to /dev/zero, a FIFO) would read something else, or never end.
 */
async function irregularEntries(dir: string, root = dir): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await irregularEntries(path, root)));
    else if (!entry.isFile()) found.push(relative(root, path).split(sep).join('/'));
  }
  return found;
}

/** The computed fingerprint of a PEM public key, or undefined when it is not one. */
function fingerprintOfPem(pem: string): string | undefined {
  try {
    return fingerprintOf(createPublicKey(pem));
  } catch {
    return undefined;
  }
}

const NO_PIN: TrustedSigners = { publicKeysPem: [], fingerprints: [] };

/** Normalises the old single-PEM argument into a set of trusted signers. */
const trustOf = (trust: TrustedSigners | string | undefined): TrustedSigners =>
  typeof trust === 'string' ? { publicKeysPem: [trust], fingerprints: [] } : (trust ?? NO_PIN);

/** Verifies an unpacked pack folder. */
export async function verifyPackDir(dir: string, trusted?: TrustedSigners | string): Promise<VerifyReport> {
  const trust = trustOf(trusted);
  const pinned = trust.publicKeysPem.length + trust.fingerprints.length > 0;
  const report: VerifyReport = { intact: false, integrity: false, signatureValid: false, pinned, altered: [], added: [], missing: [], problems: [] };
  let manifestBytes: Buffer;
  let manifest: Manifest;
  const irregular = await irregularEntries(dir);
  if (irregular.length > 0) {
    report.problems.push(...irregular.map((path) => `${path} is not a plain file (a link, a device or a pipe): a pack holds only files`));
    return report;
  }
  try {
    manifestBytes = await readFile(join(dir, MANIFEST));
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch (error) {
    report.problems.push(`${MANIFEST} is missing or not JSON (${(error as Error).message.split('\n')[0]})`);
    return report;
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    report.problems.push(`${MANIFEST} is not a manifest (a JSON object with files, publicKey and fingerprint)`);
    return report;
  }
  if (manifest.files !== undefined && (typeof manifest.files !== 'object' || manifest.files === null || Array.isArray(manifest.files))) {
    report.problems.push(`${MANIFEST} lists its files wrongly (files must map each path to its SHA-256)`);
    return report;
  }
  report.ephemeralKey = manifest.ephemeralKey === true;
  const carried = fingerprintOfPem(manifest.publicKey ?? '');
  report.fingerprint = carried ?? manifest.fingerprint;
  if (!carried) report.problems.push(`${MANIFEST} carries no readable public key`);
  else if (carried !== manifest.fingerprint) report.problems.push(`${MANIFEST} states fingerprint ${manifest.fingerprint} but carries the key ${carried}`);
  let signature = '';
  try {
    signature = (await readFile(join(dir, SIGNATURE), 'utf8')).trim();
  } catch {
    report.missing.push(SIGNATURE);
  }
  report.signatureValid = signature !== '' && carried !== undefined && verifyBytes(manifest.publicKey, manifestBytes, signature);
  if (!report.signatureValid && signature !== '') report.problems.push(`the signature does not verify: ${MANIFEST} or ${SIGNATURE} was altered`);
  if (pinned) {
    // Authenticity is the signature checked with a pinned key itself, never a fingerprint the manifest claims.
    const byPinnedKey = trust.publicKeysPem.some((pem) => signature !== '' && verifyBytes(pem, manifestBytes, signature));
    const byPinnedFingerprint = report.signatureValid && carried !== undefined && trust.fingerprints.includes(carried);
    report.authentic = byPinnedKey || byPinnedFingerprint;
    if (!report.authentic) {
      const pins = [...trust.publicKeysPem.map((pem) => fingerprintOfPem(pem) ?? '(unreadable key)'), ...trust.fingerprints];
      report.keyMismatch = `the pack is signed by ${report.fingerprint ?? 'an unknown key'}, not by the pinned key${pins.length > 1 ? 's' : ''} ${pins.join(', ')}`;
    }
  }
  const present = (await listFiles(dir)).filter((path) => path !== MANIFEST && path !== SIGNATURE);
  for (const path of present) {
    const expected = manifest.files?.[path];
    if (expected === undefined) report.added.push(path);
    else if (sha256(await readFile(join(dir, path))) !== expected) report.altered.push(path);
  }
  report.missing.push(...Object.keys(manifest.files ?? {}).filter((path) => !present.includes(path)));
  report.integrity = report.signatureValid && report.altered.length + report.added.length + report.missing.length + report.problems.length === 0;
  report.intact = report.integrity && (!pinned || report.authentic === true);
  return report;
}

/** Verifies a pack folder or .tar.gz. */
export async function verifyPack(path: string, trusted?: TrustedSigners | string): Promise<VerifyReport> {
  return withPack(path, (dir) => verifyPackDir(dir, trusted));
}

/** Human lines for a report. */
export function describeVerify(report: VerifyReport): string[] {
  const ephemeral = report.ephemeralKey ? ['the pack was signed with a key made for it alone, so it can never prove who made it'] : [];
  if (report.intact && report.pinned) return [`intact and authentic: every file matches the manifest, signed by ${report.fingerprint}, a pinned key`];
  if (report.intact) {
    return [
      `integrity only — signer not pinned: every file matches the manifest, signed by ${report.fingerprint}; pin the signer (--public-key or --fingerprint) to prove who signed`,
      ...ephemeral,
    ];
  }
  return [
    ...report.problems,
    ...(report.keyMismatch ? [report.keyMismatch] : []),
    ...report.altered.map((path) => `altered: ${path}`),
    ...report.added.map((path) => `added: ${path}`),
    ...report.missing.map((path) => `missing: ${path}`),
  ];
}
