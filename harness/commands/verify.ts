/**
 * `crisp verify`: is an evidence pack intact — and, with pinned signers, authentic?
 * Exit 0 when it is (the first line says "integrity only" when no signer is pinned),
 * 1 naming each altered, added or missing file, or the key that signed it instead.
 */
import { loadTrustedSigners } from '../report/evidence/trust.ts';
import { describeVerify, verifyPack } from '../report/evidence/verify.ts';
import { print } from './console.ts';

/** The signer pins every evidence command takes. */
export interface TrustOptions {
  publicKeys: string[];
  fingerprints: string[];
}

export async function verifyCommand(pack: string, options: TrustOptions): Promise<number> {
  const report = await verifyPack(pack, await loadTrustedSigners(options));
  print(...describeVerify(report).map((line) => `crisp verify: ${line}`));
  return report.intact ? 0 : 1;
}
