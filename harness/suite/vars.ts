/**
 * Variables: `--vars` files (a flat map or `terraform output -json`), merged in
 * order with later files winning, and `${name}` substitution in suite values.
 */
import { InputError } from '../model/errors.ts';
import { formatPath, locate, readYamlSource, type ValuePath, type YamlSource } from './yaml-source.ts';

/** Variable values by name, as merged from every source. */
export type VarValues = Record<string, unknown>;

/** A variable's declared type in a suite. */
export type VarType = 'string' | 'list' | 'number' | 'boolean';

/** A suite's declaration of one variable. */
export interface VarDeclaration {
  type: VarType;
  description?: string;
  default?: unknown;
  required: boolean;
}

/** True when the parsed value looks like `terraform output -json`: every entry has a `value`. */
function isTerraformOutput(value: Record<string, unknown>): boolean {
  const entries = Object.values(value);
  return entries.length > 0 && entries.every((entry) => typeof entry === 'object' && entry !== null && 'value' in entry && 'type' in entry);
}

/** Reads one vars file (JSON or YAML; flat map or Terraform outputs) into plain values. */
export async function readVarsFile(file: string): Promise<VarValues> {
  const source = await readYamlSource(file);
  if (Array.isArray(source.value)) {
    throw new InputError('this vars file holds a list: pass a list of var maps (one suite instance each) with --instances, not --vars', locate(source, []));
  }
  return varsOf(source, source.value, []);
}

/** A map of variables at `path` of a vars source: flat, or `terraform output -json`. */
function varsOf(source: YamlSource, value: unknown, path: ValuePath, what = 'a vars file must hold'): VarValues {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${what} a map of variable names to values`, locate(source, path));
  }
  const map = value as Record<string, unknown>;
  if (isTerraformOutput(map)) {
    return Object.fromEntries(Object.entries(map).map(([name, output]) => [name, (output as { value: unknown }).value]));
  }
  return { ...map };
}

/**
 * Reads an instances file: a list of var maps (JSON or YAML), one suite instance each, as a
 * fleet of app VPCs is described (`terraform output -json app_vpcs`, or the lab's fleet).
 */
export async function readInstancesFile(file: string): Promise<VarValues[]> {
  const source = await readYamlSource(file);
  let list = source.value;
  let path: ValuePath = [];
  // `terraform output -json` of the whole root module, holding one list output.
  if (typeof list === 'object' && list !== null && !Array.isArray(list) && isTerraformOutput(list as Record<string, unknown>)) {
    const outputs = Object.entries(list as Record<string, { value: unknown }>).filter(([, output]) => Array.isArray(output.value));
    if (outputs.length === 1) [path, list] = [[outputs[0]![0], 'value'], outputs[0]![1].value];
  }
  if (!Array.isArray(list) || list.length === 0) {
    throw new InputError('an instances file must hold a non-empty list of var maps, one per suite instance', locate(source, path));
  }
  return list.map((entry, index) => varsOf(source, entry, [...path, index], 'each entry of an instances file must be'));
}

/** Reads several vars files in order; later files override earlier ones key by key. */
export async function readVarsFiles(files: readonly string[], base: VarValues = {}): Promise<VarValues> {
  let merged: VarValues = { ...base };
  for (const file of files) merged = { ...merged, ...(await readVarsFile(file)) };
  return merged;
}

/** Checks a value against a declared type; returns a description of the mismatch, or undefined. */
export function varTypeMismatch(type: VarType, value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, got ${JSON.stringify(value)}`;
    case 'number':
      return typeof value === 'number' ? undefined : `expected a number, got ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${JSON.stringify(value)}`;
    case 'list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? undefined : `expected a list of strings, got ${JSON.stringify(value)}`;
  }
}

const WHOLE_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const EMBEDDED_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Result of substitution: the new value, and which paths took their value from which variable. */
export interface Substituted {
  value: unknown;
  /** formatPath(path) → variable name, for pointing errors at the var that supplied a value. */
  origins: Map<string, string>;
  errors: InputError[];
}

/** Resolves a variable for use at `path`; `undefined` means an optional var with no value. */
type Resolver = (name: string, path: ValuePath) => { value: unknown } | { error: string };

/**
 * Replaces `${name}` references inside `value` (found at `basePath` of `source`).
 * A whole-string reference takes the variable's value with its type (a list stays a
 * list); an optional variable with no value removes the key. A reference inside a
 * longer string is interpolated and must be a string or number.
 */
export function substituteVars(source: YamlSource, basePath: ValuePath, value: unknown, resolve: Resolver): Substituted {
  const origins = new Map<string, string>();
  const errors: InputError[] = [];

  const visit = (node: unknown, path: ValuePath): { keep: boolean; value?: unknown } => {
    if (typeof node === 'string') {
      const whole = WHOLE_REFERENCE.exec(node);
      if (whole) {
        const name = whole[1]!;
        const resolved = resolve(name, path);
        if ('error' in resolved) {
          errors.push(new InputError(resolved.error, locate(source, path)));
          return { keep: true, value: node };
        }
        origins.set(formatPath(path), name);
        return resolved.value === undefined ? { keep: false } : { keep: true, value: resolved.value };
      }
      const replaced = node.replace(EMBEDDED_REFERENCE, (text, name: string) => {
        const resolved = resolve(name, path);
        if ('error' in resolved) {
          errors.push(new InputError(resolved.error, locate(source, path)));
          return text;
        }
        if (typeof resolved.value !== 'string' && typeof resolved.value !== 'number') {
          errors.push(new InputError(`variable ${name} is used inside a string but has no string value`, locate(source, path)));
          return text;
        }
        origins.set(formatPath(path), name);
        return String(resolved.value);
      });
      return { keep: true, value: replaced };
    }
    if (Array.isArray(node)) {
      const items: unknown[] = [];
      node.forEach((item, index) => {
        const result = visit(item, [...path, index]);
        if (result.keep) items.push(result.value);
      });
      return { keep: true, value: items };
    }
    if (typeof node === 'object' && node !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        const result = visit(child, [...path, key]);
        if (result.keep) out[key] = result.value;
      }
      return { keep: true, value: out };
    }
    return { keep: true, value: node };
  };

  const result = visit(value, basePath);
  return { value: result.keep ? result.value : undefined, origins, errors };
}
