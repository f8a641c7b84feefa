/**
 * Ed25519 signing of evidence manifests (node:crypto). The private key comes
 * from a PEM file or the CRISP_SIGNING_KEY environment variable; without one,
 * a fresh key is made for the pack and the caller is warned that the signature
 * then proves integrity only against the key inside the pack.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { InputError, type SourceLocation } from '../../model/errors.ts';
import { readInputText } from '../../suite/read-input.ts';

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  fingerprint: string;
  /** True when the key was made for this pack only. */
  ephemeral: boolean;
}

/** SHA-256 of the public key's DER (SPKI) encoding, as `SHA256:<hex>`. */
export function fingerprintOf(publicKey: KeyObject): string {
  return `SHA256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
}

function fromPrivateKey(privateKey: KeyObject, ephemeral: boolean, from?: SourceLocation): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new InputError(`the signing key is ${privateKey.asymmetricKeyType}, not Ed25519`, from);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: fingerprintOf(publicKey), ephemeral };
}

/** The key to sign with: --signing-key file, else CRISP_SIGNING_KEY, else a fresh one. */
export async function loadSigningKey(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<SigningKey> {
  let pem: string | undefined;
  if (file) {
    pem = await readInputText(file, 'the signing key', 1024 * 1024);
    // An empty file is a mistake, never a request for a key made for the pack.
    if (pem.trim() === '') throw new InputError('the signing key file is empty', { file });
  } else if (env.CRISP_SIGNING_KEY) {
    pem = env.CRISP_SIGNING_KEY;
  }
  if (!pem) return fromPrivateKey(generateKeyPairSync('ed25519').privateKey, true);
  // The environment variable is named where a file would be: it is where the key came from.
  const from: SourceLocation = { file: file ?? 'CRISP_SIGNING_KEY' };
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new InputError('the signing key is not a PEM private key (make one with openssl genpkey -algorithm ed25519)', from);
  }
  return fromPrivateKey(privateKey, false, from);
}

/** Signs bytes; base64 signature. */
export function signBytes(key: SigningKey, bytes: Buffer): string {
  return sign(null, bytes, key.privateKey).toString('base64');
}

/** Verifies a base64 signature over bytes with a PEM public key. */
export function verifyBytes(publicKeyPem: string, bytes: Buffer, signature: string): boolean {
  try {
    return verify(null, bytes, createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
