/**
 * Loads suite files: validates structure, resolves variables, validates each
 * check's parameters with its own schema, and reports every problem with
 * file:line:col and the field path — all problems at once, never a stack trace.
 * A check listed twice with the same parameters is refused at the second entry.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { AnyCheck, CheckCatalog } from '../checks/define.ts';
import { InputError, InputErrors, type SourceLocation } from '../model/errors.ts';
import { buildSuiteSchema } from './schema.ts';
import { substituteVars, varTypeMismatch, type VarDeclaration, type VarValues } from './vars.ts';
import { flattenIssues, formatPath, locate, readYamlSource, type ValuePath, type YamlSource } from './yaml-source.ts';

/** One check of one suite, with parameters validated and variables resolved. */
export interface CheckInstance {
  check: AnyCheck;
  params: unknown;
  guard: boolean;
  suite: string;
  location: SourceLocation;
}

/** A suite ready to plan and run. */
export interface LoadedSuite {
  file: string;
  name: string;
  description?: string;
  /** SHA-256 of the file's bytes as read, for evidence. */
  sha256: string;
  /** The declared variables with the values used. */
  vars: VarValues;
  checks: CheckInstance[];
}

/** Expands files and folders (their *.yaml / *.yml, sorted) into suite file paths. */
export async function expandSuitePaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (path.trim() === '') throw new InputError('a suite path is empty (an unset variable on the command line?)');
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new InputError('no such suite file or folder', { file: path });
    }
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((name) => /\.ya?ml$/.test(name)).sort();
      if (names.length === 0) throw new InputError('folder holds no suite files (*.yaml)', { file: path });
      files.push(...names.map((name) => join(path, name)));
    } else {
      files.push(path);
    }
  }
  return files;
}

/** The parameter names a check's schema declares, when it is an object schema. */
function paramKeys(check: AnyCheck): string[] | undefined {
  const shape = (check.params as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : undefined;
}

/** Ids close to an unknown one, for "did you mean" hints. */
function similarIds(id: string, known: readonly string[]): string[] {
  const tail = id.split('.').pop() ?? id;
  return known.filter((candidate) => candidate.includes(tail) || tail.includes(candidate.split('.').pop() ?? '')).slice(0, 3);
}

/** Maps zod issues to located input errors; `at(path)` says where in the file a params path lives. */
function issuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  source: YamlSource,
  at: (path: ValuePath) => ValuePath,
  origins: Map<string, string>,
  prefix: string,
): InputError[] {
  return issues.map((issue) => {
    const filePath = at(issue.path as (string | number)[]);
    const fromVar = origins.get(formatPath(filePath));
    const field = formatPath(issue.path as (string | number)[]);
    const detail = `${prefix}${field ? `${field}: ` : ''}${issue.message}${fromVar ? ` (value from variable ${fromVar})` : ''}`;
    return new InputError(detail, locate(source, filePath));
  });
}

/** A suite file as read once: its parsed source and the SHA-256 of its bytes. */
export interface SuiteFile {
  source: YamlSource;
  sha256: string;
}

/** Reads a suite file once, for loading it with many var sets (a fleet's app VPCs). */
export async function readSuiteFile(file: string): Promise<SuiteFile> {
  const source = await readYamlSource(file);
  const sha256 = createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
  return { source, sha256 };
}

const parsedDocuments = new WeakMap<object, { catalog: CheckCatalog; parsed: ReturnType<ReturnType<typeof buildSuiteSchema>['safeParse']> }>();

/** The suite document validated against the catalogue; once per file read, however many var sets load it. */
function parseSuiteDocument(source: SuiteFile['source'], catalog: CheckCatalog) {
  const cached = parsedDocuments.get(source);
  if (cached && cached.catalog === catalog) return cached.parsed;
  const parsed = buildSuiteSchema(catalog.ids()).safeParse(source.value ?? {});
  parsedDocuments.set(source, { catalog, parsed });
  return parsed;
}

/** Loads and validates one suite file against the catalogue and the given variable values; `read` is the file as read earlier, if it was. */
export async function loadSuite(file: string, values: VarValues, catalog: CheckCatalog, read?: SuiteFile): Promise<LoadedSuite> {
  const { source, sha256 } = read ?? (await readSuiteFile(file));
  const parsed = parseSuiteDocument(source, catalog);
  if (!parsed.success) {
    throw new InputErrors(
      issuesToErrors(flattenIssues(parsed.error.issues, 'must be a check id, or { id, with, guard }'), source, (path) => path, new Map(), ''),
    );
  }
  const suite = parsed.data;
  const errors: InputError[] = [];

  const declarations = suite.vars as Record<string, VarDeclaration>;
  const resolvedVars: VarValues = {};
  for (const [name, declaration] of Object.entries(declarations)) {
    const value = name in values ? values[name] : declaration.default;
    if (value === undefined) continue;
    const mismatch = varTypeMismatch(declaration.type, value);
    if (mismatch) {
      const origin = name in values ? 'the value from --vars' : 'its default';
      errors.push(new InputError(`variable ${name}: ${origin} has the wrong type: ${mismatch}`, locate(source, ['vars', name])));
      continue;
    }
    resolvedVars[name] = value;
  }
  // A mistyped variable is the cause: its uses would only repeat it as "has no value".
  if (errors.length > 0) throw new InputErrors(errors);
  const resolve = (name: string) => {
    const declaration = declarations[name];
    if (!declaration) return { error: `unknown variable \${${name}}: declare it under vars:` };
    if (name in resolvedVars) return { value: resolvedVars[name] };
    if (declaration.required) {
      return { error: `variable ${name} has no value: set it in a --vars file (flat JSON map or terraform output -json)` };
    }
    return { value: undefined };
  };

  const suiteWith = substituteVars(source, ['with'], suite.with, resolve);
  // A key in the shared `with` that no listed check takes is a typo, not a no-op.
  const listed = suite.checks
    .map((entry) => catalog.get(typeof entry === 'string' ? entry : entry.id))
    .filter((check): check is AnyCheck => check !== undefined);
  const takenBySome = new Set(listed.flatMap((check) => paramKeys(check) ?? Object.keys(suite.with)));
  const allKnown = listed.length === suite.checks.length;
  for (const key of Object.keys(suite.with)) {
    if (allKnown && !takenBySome.has(key)) errors.push(new InputError(`no listed check takes parameter '${key}'`, locate(source, ['with', key])));
  }
  errors.push(...suiteWith.errors);
  const checks: CheckInstance[] = [];
  // The same check with the same parameters twice would judge the same thing twice and count it twice.
  const listedAt = new Map<string, SourceLocation>();
  suite.checks.forEach((entry, index) => {
    const id = typeof entry === 'string' ? entry : entry.id;
    const idPath: ValuePath = typeof entry === 'string' ? ['checks', index] : ['checks', index, 'id'];
    const check = catalog.get(id);
    if (!check) {
      const hints = similarIds(id, catalog.ids());
      errors.push(new InputError(`unknown check '${id}'${hints.length ? `; did you mean ${hints.join(', ')}?` : ''}`, locate(source, idPath)));
      return;
    }
    const ownWith =
      typeof entry === 'string' || !entry.with
        ? { value: {}, origins: new Map<string, string>(), errors: [] }
        : substituteVars(source, ['checks', index, 'with'], entry.with, resolve);
    errors.push(...ownWith.errors);
    if (suiteWith.errors.length > 0 || ownWith.errors.length > 0) return;
    const own = ownWith.value as Record<string, unknown>;
    const keys = paramKeys(check);
    const unknownKeys = keys ? Object.keys(own).filter((key) => !keys.includes(key)) : [];
    for (const key of unknownKeys)
      errors.push(new InputError(`check ${id} takes no parameter '${key}' (it takes ${keys!.join(', ')})`, locate(source, ['checks', index, 'with', key])));
    if (unknownKeys.length > 0) return;
    // Shared parameters a check does not take are dropped for it (other checks take them).
    const shared = Object.fromEntries(Object.entries(suiteWith.value as Record<string, unknown>).filter(([key]) => !keys || keys.includes(key)));
    const params = { ...shared, ...own };
    const result = check.params.safeParse(params);
    if (!result.success) {
      const at = (path: ValuePath): ValuePath => {
        const head = path[0];
        if (typeof head === 'string' && head in own) return ['checks', index, 'with', ...path];
        if (typeof head === 'string' && head in shared) return ['with', ...path];
        return typeof entry === 'string' ? ['checks', index] : ['checks', index, 'with'];
      };
      const origins = new Map([...suiteWith.origins, ...ownWith.origins]);
      errors.push(...issuesToErrors(result.error.issues, source, at, origins, `check ${id}: `));
      return;
    }
    const instanceKey = `${id}\u0000${sortedJson(result.data)}`;
    const first = listedAt.get(instanceKey);
    if (first) {
      errors.push(
        new InputError(
          `check ${id} is listed twice with the same parameters (first at line ${first.line}:${first.column}); list it once, or give this entry its own \`with\` to judge something else`,
          locate(source, idPath),
        ),
      );
      return;
    }
    listedAt.set(instanceKey, locate(source, idPath));
    checks.push({
      check,
      params: result.data,
      guard: typeof entry === 'string' ? false : entry.guard === true,
      suite: suite.name,
      location: locate(source, idPath),
    });
  });

  if (errors.length > 0) throw new InputErrors(errors);
  return { file, name: suite.name, description: suite.description, sha256, vars: resolvedVars, checks };
}

/** JSON with object keys sorted, so parameters given in another order compare equal. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    node && typeof node === 'object' && !Array.isArray(node)
      ? Object.fromEntries(Object.entries(node as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : node,
  );
}

/** Turns an `--check` glob (`*` wildcards) into a matcher. */
export function checkIdMatcher(globs: readonly string[]): (id: string) => boolean {
  if (globs.length === 0) return () => true;
  const patterns = globs.map(
    (glob) =>
      new RegExp(
        '^' +
          glob
            .split('*')
            .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*') +
          '$',
      ),
  );
  return (id) => patterns.some((pattern) => pattern.test(id));
}
