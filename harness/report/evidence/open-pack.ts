/** Opens a pack given as a folder or a .tar.gz (extracted to a temporary folder, removed afterwards). */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar';
import { InputError } from '../../model/errors.ts';
import { MANIFEST } from './pack.ts';

interface OpenedPack {
  dir: string;
  close(): Promise<void>;
}

async function openPack(path: string): Promise<OpenedPack> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputError('no such evidence pack (a folder or a .tar.gz)', { file: path });
  }
  if (info.isDirectory()) return { dir: path, close: async () => {} };
  const temporary = await mkdtemp(join(tmpdir(), 'crisp-pack-'));
  try {
    await extract({ file: path, cwd: temporary, strict: true });
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw new InputError(`not a readable .tar.gz evidence pack: ${(error as Error).message}`, { file: path });
  }
  const [top] = await readdir(temporary);
  const dir = top && (await stat(join(temporary, top))).isDirectory() && !(await readdir(temporary)).includes(MANIFEST) ? join(temporary, top) : temporary;
  return { dir, close: () => rm(temporary, { recursive: true, force: true }) };
}

/** Runs `use` on the pack's folder; an extracted archive is removed however `use` ends. */
export async function withPack<T>(path: string, use: (dir: string) => Promise<T>): Promise<T> {
  const pack = await openPack(path);
  try {
    return await use(pack.dir);
  } finally {
    await pack.close();
  }
}
