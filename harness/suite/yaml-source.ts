/**
 * Parses a YAML (or JSON, which is YAML) file while keeping positions, so any
 * later validation error can name file:line:col of the offending node.
 */
import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError, InputErrors, type SourceLocation } from '../model/errors.ts';

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
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
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
  return { file, value: document.toJS({ maxAliasCount: 100 }), document, lineCounter };
}

/** Reads and parses a file; a missing or unreadable file is an InputError. */
export async function readYamlSource(file: string): Promise<YamlSource> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
  return parseYamlSource(file, text);
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

/** Reads a file and validates it with a schema; every issue becomes an InputError at its location. */
export async function readValidated<S extends z.ZodType>(file: string, schema: S, label: string): Promise<z.output<S>> {
  const source = await readYamlSource(file);
  const parsed = schema.safeParse(source.value ?? {});
  if (!parsed.success) {
    throw new InputErrors(parsed.error.issues.map((issue) => new InputError(`${label}: ${issue.message}`, locate(source, issue.path as (string | number)[]))));
  }
  return parsed.data;
}
