/** `crisp verify`: is an evidence pack intact? Exit 0 intact, 1 naming each altered, added or missing file. */
import { readFile } from 'node:fs/promises';
import { InputError } from '../model/errors.ts';
import { describeVerify, verifyPack } from '../report/evidence/verify.ts';
import { print } from './console.ts';

export async function verifyCommand(pack: string, options: { publicKey?: string }): Promise<number> {
  const pinned = options.publicKey
    ? await readFile(options.publicKey, 'utf8').catch(() => {
        throw new InputError('cannot read the public key', { file: options.publicKey! });
      })
    : undefined;
  const report = await verifyPack(pack, pinned);
  print(...describeVerify(report).map((line) => `crisp verify: ${line}`));
  return report.intact ? 0 : 1;
}
