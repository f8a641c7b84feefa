/**
 * Parses a YAML (or JSON, which is YAML) file while keeping positions, so any
 * later validation error can name file:line:col of the offending node.
 */
import { isAlias, isNode, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError, InputErrors, type SourceLocation } from '../model/errors.ts';
import { readInputText } from './read-input.ts';

/** The largest YAML or JSON input crisp parses (suites, targets and vars are a few kilobytes). */
export const MAX_YAML_BYTES = 32 * 1024 * 1024;

/** How many aliases one file may resolve: enough for any real suite, far too few for an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/** A parsed file: its plain value, plus what is needed to point back into the text. */
export interface YamlSource {
  file: string;
  value: unknown;
  document: Document;
  lineCounter: LineCounter;
}

/** A path into a parsed value: keys and array indexes. */
export type ValuePath = readonly (string | number)[];

/** Renders a path the way messages show it: `checks[2].with.port`. */
export function formatPath(path: ValuePath): string {
  let text = '';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}

/** Parses YAML text; a syntax error becomes an InputError at its line and column. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  // logLevel 'error': the parser's own warnings would reach stderr raw; what matters is reported as an InputError.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const firstError = document.errors[0];
  if (firstError) {
    const position = lineCounter.linePos(firstError.pos[0]);
    const line = text.split('\n')[position.line - 1] ?? '';
    // `{ key: ${var} }` is the commonest slip: inside a flow mapping `{` opens another mapping.
    const hint = /\$\{/.test(line) && /flow/.test(firstError.message) ? ' (quote ${var} references inside { } or [ ], e.g. "${app_vpc_id}")' : '';
    throw new InputError(`YAML syntax error: ${firstError.message.split('\n')[0]}${hint}`, {
      file,
      line: position.line,
      column: position.col,
    });
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // An alias bomb (aliases of aliases, growing exponentially) or an alias to an anchor set later.
    const excessive = /excessive alias count/i.test((error as Error).message);
    const alias = firstAlias(document, excessive ? undefined : (error as Error).message);
    const position = alias ? lineCounter.linePos(alias) : undefined;
    throw new InputError(
      excessive
        ? `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} resolved): refusing what looks like an alias bomb`
        : `YAML alias error: ${(error as Error).message.split('\n')[0]}`,
      { file, ...(position ? { line: position.line, column: position.col } : {}) },
    );
  }
  return { file, value, document, lineCounter };
}

/** Offset of the first alias in the document (the one an alias error names, when its message names an anchor). */
function firstAlias(document: Document, message: string | undefined): number | undefined {
  const named = message ? /: (\S+)$/.exec(message)?.[1] : undefined;
  let found: number | undefined;
  visit(document, {
    Alias(_key, node) {
      if (!isAlias(node) || !node.range || (named !== undefined && node.source !== named)) return undefined;
      found = node.range[0];
      return visit.BREAK;
    },
  });
  return found;
}

/** Reads and parses a file; a missing or unreadable file is an InputError. */
export async function readYamlSource(file: string): Promise<YamlSource> {
  return parseYamlSource(file, await readInputText(file, 'file', MAX_YAML_BYTES));
}

/**
 * The location of the deepest node along `path` that exists in the document:
 * a missing field points at the mapping that should hold it.
 */
export function locate(source: YamlSource, path: ValuePath): SourceLocation {
  let node: unknown = source.document.contents;
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const candidate = depth === 0 ? source.document.contents : source.document.getIn(path.slice(0, depth), true);
    if (isNode(candidate) && candidate.range) {
      node = candidate;
      break;
    }
  }
  const location: SourceLocation = { file: source.file, path: formatPath(path) || undefined };
  if (isNode(node) && node.range) {
    const position = source.lineCounter.linePos(node.range[0]);
    location.line = position.line;
    location.column = position.col;
  }
  return location;
}

/**
 * zod nests the useful message of some issues: a union reports "Invalid input" at the value (each
 * branch's own issues inside), a record key "Invalid key in record" (the key's issues inside). The
 * branch the value was meant for — the one whose issues are not "wrong type here" — or the key's
 * own issue says what is wrong, at the right path. `unionMessage` replaces "Invalid input" where
 * no branch fits.
 */
export function flattenIssues(issues: readonly z.core.$ZodIssue[], unionMessage?: string): z.core.$ZodIssue[] {
  return issues.flatMap((issue): z.core.$ZodIssue[] => {
    if (issue.code === 'invalid_key') {
      const inner = (issue as { issues?: z.core.$ZodIssue[] }).issues ?? [];
      return inner.length > 0 ? inner.map((each) => ({ ...each, path: [...issue.path, ...each.path] })) : [issue];
    }
    if (issue.code !== 'invalid_union') return [issue];
    const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
    const meant = branches.find((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0 || inner.code !== 'invalid_type'));
    if (meant) return flattenIssues(meant.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })) as z.core.$ZodIssue[], unionMessage);
    return [unionMessage ? { ...issue, message: unionMessage } : issue];
  });
}

/** Reads a file and validates it with a schema; every issue becomes an InputError at its location. */
export async function readValidated<S extends z.ZodType>(file: string, schema: S, label: string): Promise<z.output<S>> {
  const source = await readYamlSource(file);
  const parsed = schema.safeParse(source.value ?? {});
  if (!parsed.success) {
    throw new InputErrors(
      flattenIssues(parsed.error.issues).map((issue) => new InputError(`${label}: ${issue.message}`, locate(source, issue.path as (string | number)[]))),
    );
  }
  return parsed.data;
}
