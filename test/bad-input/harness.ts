/**
 * The bad-input corpus runner. A case is data (cases/*.ts): the files it lays out, the
 * arguments, and the one line it must produce. The runner lays the files out in the
 * case's own folder beside a previous report folder, runs crisp — in process, through
 * the CLI's own entry point `main` (harness/cli.ts), or as a real process — and asserts
 * the contract of docs/ARCHITECTURE.md §5: the exit code, one line naming the file (with
 * line:col and field where the input has them), no stack trace, no "internal error", and
 * nothing previously written changed or added.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, lstat, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { main } from '../../harness/cli.ts';
import { ROOT, startCli } from '../support/cli.ts';

/** What a case lays out: text or bytes, an empty folder, or a symbolic link. */
export type FileSpec = string | Buffer | typeof FOLDER | { symlinkTo: string };

/** An empty folder in a case's `files`. */
export const FOLDER = Symbol('folder');

/** The categories the corpus covers (the issue's list). */
export type Category = 'suite' | 'target' | 'vars' | 'cli' | 'explain' | 'pack' | 'key' | 'output' | 'merge';

/**
 * One bad input. In `args`, `env`, `files` values and `at`, these expand:
 * `@/` the case's folder · `@fx/` the shared fixtures (a pack, results, shards, keys, an
 * unreachable moto target, vars) · `@suite` the reference connectivity suite · `@root/` the project.
 */
export interface BadInputCase {
  name: string;
  category: Category;
  files?: Record<string, FileSpec>;
  args: string[];
  env?: Record<string, string>;
  /** Expected exit code: 2 (bad input) unless said otherwise. */
  exit?: 1 | 2 | 3;
  /** The file the line names, with `:line:col` where the input has them (`*` for a number the parser picks); omit only where no file is involved. */
  at?: string;
  /** The field, shown as `(at field)` after the location. */
  field?: string;
  /** What the line says after the location. */
  says: RegExp;
  /** A usage error: commander's message, then the command's help (so more than one line). */
  usage?: boolean;
  /** Also run as a real process (exit codes, hangs, anything that depends on the process). */
  spawn?: boolean;
  /** A reason to skip here (e.g. permissions do not bind root). */
  skip?: () => string | undefined;
  /** Lays out what `files` cannot: called with the case's folder and the fixtures after the files are placed. */
  prepare?: (dir: string, fixtures: string) => Promise<void>;
  /** Where the line goes: stderr (errors), or stdout for a verdict such as verify's "not intact" (exit 1). */
  stream?: 'stderr' | 'stdout';
}

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Expands the placeholders of a case string. */
export function expand(text: string, caseDir: string, fixtures: string): string {
  return text
    .replaceAll('@/', `${caseDir}/`)
    .replaceAll('@fx/', `${fixtures}/`)
    .replaceAll('@suite', join(ROOT, 'suites/bedrock-private-connectivity.yaml'))
    .replaceAll('@root/', `${ROOT}/`);
}

/** Commands that write reports: a case without its own --out writes over a previous report folder, which must survive. */
const WRITERS = new Set(['run', 'merge', 'drift']);

/** The previous reports every case's folder starts with. */
export const PREVIOUS = {
  'previous/results.json': '{"previous":"results of an earlier run"}\n',
  'previous/junit.xml': '<testsuites name="previous"/>\n',
  'previous/report.html': '<p>previous</p>\n',
};

/** Lays a case out in a fresh folder; returns the folder and the expanded arguments. */
export async function layOut(entry: BadInputCase, root: string, fixtures: string): Promise<{ dir: string; args: string[]; env: Record<string, string> }> {
  const dir = join(root, entry.name.replace(/[^A-Za-z0-9-]+/g, '-'));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const [path, content] of Object.entries(PREVIOUS)) await place(join(dir, path), content, dir, fixtures);
  for (const [path, spec] of Object.entries(entry.files ?? {})) {
    await place(join(dir, path), spec, dir, fixtures);
  }
  await entry.prepare?.(dir, fixtures);
  const args = entry.args.map((arg) => expand(arg, dir, fixtures));
  if (WRITERS.has(args[0]!) && !args.includes('--out') && !entry.usage) args.push('--out', join(dir, 'previous'));
  const env = Object.fromEntries(Object.entries(entry.env ?? {}).map(([key, value]) => [key, expand(value, dir, fixtures)]));
  return { dir, args, env };
}

async function place(path: string, spec: FileSpec, dir: string, fixtures: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (spec === FOLDER) await mkdir(path, { recursive: true });
  else if (typeof spec === 'object' && !Buffer.isBuffer(spec)) await symlink(expand(spec.symlinkTo, dir, fixtures), path);
  else await writeFile(path, typeof spec === 'string' ? expand(spec, dir, fixtures) : spec);
}

/** Every entry under a folder with its content's hash (links by target): what "nothing destroyed" compares. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const walk = async (folder: string, prefix: string) => {
    for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      const name = `${prefix}${entry.name}`;
      const info = await lstat(path);
      if (info.isSymbolicLink()) found[name] = `link → ${await readlink(path)}`;
      else if (info.isDirectory()) {
        found[`${name}/`] = 'folder';
        await walk(path, `${name}/`);
      } else if (info.isFile())
        found[name] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
      else found[name] = 'special';
    }
  };
  await walk(dir, '');
  return found;
}

/** Runs crisp in this process through the CLI's entry point, capturing what it writes. */
export async function runInProcess(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Runs the real CLI; a process that does not end in `timeoutMs` is killed and reported as a hang. */
export async function runSpawned(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<Outcome & { hung: boolean }> {
  const run = startCli(args, env);
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    run.child.kill('SIGKILL');
  }, timeoutMs);
  const result = await run.done;
  clearTimeout(timer);
  return { ...result, hung };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Asserts the bad-input contract on one outcome. */
export function expectContract(entry: BadInputCase, outcome: Outcome, dir: string, fixtures: string): void {
  const context = `${entry.name}\n--- stderr ---\n${outcome.stderr}\n--- stdout ---\n${outcome.stdout}`;
  expect(outcome.code, context).toBe(entry.exit ?? 2);
  expect(outcome.stderr, context).not.toMatch(/internal error/i);
  expect(outcome.stderr + outcome.stdout, context).not.toMatch(/^\s+at .+[(:]\d+/m);
  if (entry.stream === 'stdout') expect(outcome.stderr, context).toBe('');
  const lines = (entry.stream === 'stdout' ? outcome.stdout : outcome.stderr).replace(/\n$/, '').split('\n');
  const first = lines[0]!;
  if (entry.usage) {
    expect(first, context).toMatch(entry.says);
    return;
  }
  // One line, or the usage hint a UsageError adds after it.
  expect(
    lines.filter((line) => line !== '(crisp <command> --help for usage)'),
    context,
  ).toHaveLength(1);
  if (entry.at !== undefined) {
    // `*` in a case's `at` stands for a number the parser chooses (a column deep in one line).
    const location = `${escapeRegExp(expand(entry.at, dir, fixtures)).replaceAll('\\*', '\\d+')}${entry.field ? escapeRegExp(` (at ${entry.field})`) : ''}: `;
    const matched = new RegExp(`^crisp: ${location}`).exec(first);
    expect(matched, `${context}\nexpected the line to start with crisp: ${location}`).not.toBeNull();
    expect(first.slice(matched![0].length), context).toMatch(entry.says);
  } else {
    expect(first, context).toMatch(/^crisp[ :]/);
    expect(first, context).toMatch(entry.says);
  }
}

/** A fresh Ed25519 key pair as PEM. */
export function ed25519Pair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Copies a pack folder, lets `change` edit its files, and signs the result again with a fresh
 * key — a pack anyone could make, which verifies (integrity only) but holds what they chose.
 */
export async function resignedCopy(pack: string, into: string, change: (dir: string) => Promise<void>): Promise<void> {
  await rm(into, { recursive: true, force: true });
  await copyFolder(pack, into);
  await change(into);
  const manifest = JSON.parse(await readFile(join(into, 'manifest.json'), 'utf8')) as { files: Record<string, string>; publicKey: string; fingerprint: string };
  const files: Record<string, string> = {};
  for (const [path, hash] of Object.entries(await snapshot(into))) {
    if (!path.endsWith('/') && path !== 'manifest.json' && path !== 'manifest.sig') files[path] = hash;
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  manifest.files = files;
  manifest.publicKey = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  manifest.fingerprint = `SHA256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
  const bytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
  await writeFile(join(into, 'manifest.json'), bytes);
  await writeFile(join(into, 'manifest.sig'), sign(null, bytes, privateKey).toString('base64') + '\n');
}

async function copyFolder(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.isDirectory()) await copyFolder(join(from, entry.name), join(to, entry.name));
    else await writeFile(join(to, entry.name), await readFile(join(from, entry.name)));
  }
}

/** A temporary root for a test file's cases. */
export const tempRoot = (label: string) => mkdtemp(join(tmpdir(), `crisp-${label}-`));
