/**
 * Who an auditor trusts to have signed a pack: public keys (PEM files) and key
 * fingerprints (`SHA256:<hex>`), from --public-key, --fingerprint and the
 * CRISP_TRUSTED_KEYS environment variable (fingerprints or PEM paths, separated by
 * commas or white space). A key that cannot be read is an input error naming it.
 */
import { createPublicKey } from 'node:crypto';
import { InputError } from '../../model/errors.ts';
import { readInputText } from '../../suite/read-input.ts';

/** The signers a verification accepts; both lists empty means integrity only. */
export interface TrustedSigners {
  publicKeysPem: string[];
  fingerprints: string[];
}

const FINGERPRINT = /^(SHA256:)?([0-9a-fA-F]{64})$/;

/** `SHA256:<hex>` in lower case, or undefined when the text is not a fingerprint. */
export function normaliseFingerprint(text: string): string | undefined {
  const match = FINGERPRINT.exec(text.trim());
  return match ? `SHA256:${match[2]!.toLowerCase()}` : undefined;
}

/** Reads a PEM public key file; anything but an Ed25519 public key is an input error naming the file. */
async function readPublicKey(file: string): Promise<string> {
  const pem = await readInputText(file, 'the public key', 1024 * 1024);
  let type: string | undefined;
  try {
    type = createPublicKey(pem).asymmetricKeyType;
  } catch {
    throw new InputError('not a PEM public key (expected -----BEGIN PUBLIC KEY-----, as openssl pkey -pubout writes it)', { file });
  }
  if (type !== 'ed25519') throw new InputError(`the public key is ${type}, not Ed25519`, { file });
  return pem;
}

/** The trusted signers from the command line and the environment. */
export async function loadTrustedSigners(
  options: { publicKeys?: readonly string[]; fingerprints?: readonly string[] },
  env: NodeJS.ProcessEnv = process.env,
): Promise<TrustedSigners> {
  const trust: TrustedSigners = { publicKeysPem: [], fingerprints: [] };
  for (const file of options.publicKeys ?? []) trust.publicKeysPem.push(await readPublicKey(file));
  for (const text of options.fingerprints ?? []) {
    const fingerprint = normaliseFingerprint(text);
    if (!fingerprint) throw new InputError(`--fingerprint ${text} is not a key fingerprint (SHA256: and 64 hex digits, as crisp verify prints it)`);
    trust.fingerprints.push(fingerprint);
  }
  for (const entry of (env.CRISP_TRUSTED_KEYS ?? '').split(/[\s,]+/).filter(Boolean)) {
    const fingerprint = normaliseFingerprint(entry);
    if (fingerprint) trust.fingerprints.push(fingerprint);
    else trust.publicKeysPem.push(await readPublicKey(entry));
  }
  return trust;
}
