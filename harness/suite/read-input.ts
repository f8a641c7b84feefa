/**
 * Reading an input file a person named (suite, target, vars, explain request,
 * results.json, key): a folder, a device (`/dev/zero` never ends) or a file far
 * larger than any input crisp takes is an InputError naming it — never a hang, an
 * out-of-memory crash or a stack trace. Pipes are read (`--vars <(terraform output
 * -json)`), up to the same limit.
 */
import { open } from 'node:fs/promises';
import { InputError } from '../model/errors.ts';

/** The largest input file crisp reads (a results.json of a very large estate stays well below). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Reads a whole input file as bytes; anything that is not a readable file of sane size is an InputError naming it. */
export async function readInputBytes(file: string, what = 'file', limit = MAX_INPUT_BYTES): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new InputError(`cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new InputError(`cannot read ${what}: it is a folder, not a file`, { file });
    if (info.isCharacterDevice() || info.isBlockDevice()) throw new InputError(`cannot read ${what}: it is a device, not a file`, { file });
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, limit + 1 - total));
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(chunk, 0, chunk.length, null));
      } catch (error) {
        throw new InputError(`cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
      }
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit)
        throw new InputError(`cannot read ${what}: larger than ${Math.round(limit / 1024 / 1024)} MiB, far more than such an input holds`, { file });
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** Reads a whole input file as UTF-8 text (see {@link readInputBytes}). */
export async function readInputText(file: string, what = 'file', limit = MAX_INPUT_BYTES): Promise<string> {
  return (await readInputBytes(file, what, limit)).toString('utf8');
}
