/**
 * Where a command will write, checked before anything runs: a report folder that is a
 * file, lies under a file, or cannot be created would otherwise be found only after the
 * whole run — losing its reports — and Node's recursive mkdir never returns on some
 * paths (under /proc). Each problem is an InputError naming the path and the option.
 * The check leaves nothing behind: writability is probed with a temporary folder that
 * is removed at once.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import type { Stats } from 'node:fs';
import { InputError } from '../model/errors.ts';

const statOf = (path: string): Promise<Stats | undefined> => stat(path).catch(() => undefined);

/** The deepest existing path at or above `path`, and what it is. */
async function deepestExisting(path: string): Promise<{ path: string; info: Stats; exact: boolean }> {
  let current = resolve(path);
  for (;;) {
    let info: Stats | undefined;
    try {
      info = await stat(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: a component on the way is a file; keep climbing to name it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new InputError(`cannot be used: ${code ?? String(error)}`, { file: path });
    }
    if (info) return { path: current, info, exact: current === resolve(path) };
    const parent = dirname(current);
    if (parent === current) throw new InputError('cannot be used: no part of it exists', { file: path });
    current = parent;
  }
}

/** Proves folders can be made in `folder` by making (and removing) one. */
async function probeWritable(folder: string, path: string, option: string): Promise<void> {
  let probe: string;
  try {
    probe = await mkdtemp(join(folder, '.crisp-write-check-'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputError(`${option}: cannot write ${folder === resolve(path) ? 'into this folder' : `under ${folder}`} (${code})`, { file: path });
  }
  await rm(probe, { recursive: true, force: true });
}

/**
 * A folder a command writes `files` into (creating it and its parents when missing): it must be a
 * folder or not exist yet, sit under folders only, be writable, and hold no folder where a file goes.
 */
export async function checkOutputFolder(path: string, option: string, files: readonly string[] = []): Promise<void> {
  // An unset variable (`--out "$OUT"`) would otherwise write into the current folder.
  if (path.trim() === '') throw new InputError(`${option} is empty (an unset variable on the command line?)`);
  const found = await deepestExisting(path);
  if (!found.info.isDirectory()) {
    throw new InputError(found.exact ? `${option} is a file, not a folder` : `${option} lies under ${found.path}, which is a file, not a folder`, {
      file: path,
    });
  }
  if (found.exact && files.length > 0) {
    // A signed pack whose reports were overwritten would no longer verify.
    if ((await statOf(join(found.path, 'manifest.json'))) && (await statOf(join(found.path, 'manifest.sig'))))
      throw new InputError(`${option} is an evidence pack: writing reports into it would break its signature; give another folder`, { file: path });
    for (const name of files) {
      const info = await statOf(join(found.path, name));
      if (info && !info.isFile()) throw new InputError(`${option} holds ${name}, which is not a file: crisp writes its ${name} there`, { file: path });
    }
  }
  await probeWritable(found.path, path, option);
}

/** A file a command writes (its folder is created when missing): not a folder, under folders only, its folder writable. */
export async function checkOutputFile(path: string, option: string): Promise<void> {
  if (path.trim() === '') throw new InputError(`${option} is empty (an unset variable on the command line?)`);
  const info = await statOf(path);
  if (info && !info.isFile()) throw new InputError(`${option} is a folder (or another non-file), not a file`, { file: path });
  const found = await deepestExisting(dirname(resolve(path)));
  if (!found.info.isDirectory()) throw new InputError(`${option} lies under ${found.path}, which is a file, not a folder`, { file: path });
  await probeWritable(found.path, path, option);
}

/**
 * The evidence folder: a run replaces it whole (and writes `<folder>.tar.gz` beside it), so it
 * must not exist, be empty, or hold a previous pack — never a folder of other files.
 */
export async function checkEvidenceFolder(path: string, option = '--evidence'): Promise<void> {
  await checkOutputFolder(path, option);
  const info = await statOf(path);
  if (info?.isDirectory()) {
    const entries = await readdir(path);
    if (entries.length > 0 && !entries.includes('manifest.json'))
      throw new InputError(
        `${option} holds files that are not an evidence pack; the pack replaces its folder whole, so give a new or empty folder (or a previous pack)`,
        { file: path },
      );
  }
  const archive = `${path.replace(/\/+$/, '')}.tar.gz`;
  const archiveInfo = await statOf(archive);
  if (archiveInfo && !archiveInfo.isFile()) throw new InputError(`${option}: ${archive}, where the pack's archive goes, is not a file`, { file: path });
}

/** True when `inner` is `outer` or lies inside it. */
export function isWithin(inner: string, outer: string): boolean {
  const path = relative(resolve(outer), resolve(inner));
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}
