/**
 * Reads `crisp explain --request` files: one request (YAML or JSON), or many —
 * a JSON (or YAML) array, or JSON Lines (`.jsonl`/`.ndjson`, or any file whose
 * lines are each one JSON object). Every request is validated before any is
 * evaluated, and each keeps the line it came from so a problem or a mismatch
 * points back into the file.
 */
import { extname } from 'node:path';
import { InputError, InputErrors, type SourceLocation } from '../model/errors.ts';
import { readInputText } from '../suite/read-input.ts';
import { flattenIssues, locate, MAX_YAML_BYTES, parseYamlSource, type YamlSource } from '../suite/yaml-source.ts';
import { explainRequestSchema, type ExplainRequest } from './explain-request.ts';

/** One request and where it sits in the file. */
export interface LocatedRequest {
  request: ExplainRequest;
  location: SourceLocation;
  /** 1-based position in the file's list of requests. */
  index: number;
  /** Where a field of this request (a path below it) sits in the file. */
  at?: (path: (string | number)[]) => SourceLocation;
}

/** The requests of a file, and whether the file held a list (batch output) or one request. */
export interface RequestFile {
  requests: LocatedRequest[];
  batch: boolean;
}

const JSON_LINES = new Set(['.jsonl', '.ndjson']);

/** True when every non-blank line is a JSON object on its own (and there is more than one). */
function looksLikeJsonLines(text: string): boolean {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2) return false;
  return lines.every((line) => {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return false;
    try {
      JSON.parse(trimmed);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Validates one value; issues are located within `source`, under `prefix`, and
 * `place` moves a location to where it sits in the file (JSON Lines parse line by line).
 */
function validate(
  source: YamlSource,
  value: unknown,
  prefix: (string | number)[],
  problems: InputError[],
  place: (location: SourceLocation) => SourceLocation = (location) => location,
): ExplainRequest | undefined {
  const parsed = explainRequestSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  for (const issue of flattenIssues(parsed.error.issues))
    problems.push(new InputError(`request: ${issue.message}`, place(locate(source, [...prefix, ...(issue.path as (string | number)[])]))));
  return undefined;
}

/** Reads JSON Lines: each line is parsed and validated on its own, so locations name the real line. */
function readJsonLines(file: string, text: string): RequestFile {
  const problems: InputError[] = [];
  const requests: LocatedRequest[] = [];
  text.split('\n').forEach((line, offset) => {
    if (line.trim() === '') return;
    const lineNumber = offset + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push(new InputError(`not a JSON object: ${(error as Error).message}`, { file, line: lineNumber }));
      return;
    }
    const source = parseYamlSource(file, line);
    const request = validate(source, value, [], problems, (location) => ({ ...location, line: lineNumber }));
    if (request)
      requests.push({
        request,
        location: { file, line: lineNumber },
        index: requests.length + 1,
        at: (path) => ({ ...locate(source, path), line: lineNumber }),
      });
  });
  if (problems.length > 0) throw new InputErrors(problems);
  if (requests.length === 0) throw new InputError('the file holds no request', { file });
  return { requests, batch: true };
}

/** Reads a request file in any of its forms. */
export async function readRequestFile(file: string): Promise<RequestFile> {
  const text = await readInputText(file, 'file', MAX_YAML_BYTES);
  if (JSON_LINES.has(extname(file).toLowerCase()) || looksLikeJsonLines(text)) return readJsonLines(file, text);
  const source = parseYamlSource(file, text);
  const problems: InputError[] = [];
  if (Array.isArray(source.value)) {
    const requests: LocatedRequest[] = [];
    source.value.forEach((value, index) => {
      const request = validate(source, value, [index], problems);
      if (request) requests.push({ request, location: locate(source, [index]), index: index + 1, at: (path) => locate(source, [index, ...path]) });
    });
    if (problems.length > 0) throw new InputErrors(problems);
    if (requests.length === 0) throw new InputError('the file holds an empty list of requests', { file });
    return { requests, batch: true };
  }
  const request = validate(source, source.value, [], problems);
  if (!request) throw new InputErrors(problems);
  return { requests: [{ request, location: locate(source, []), index: 1, at: (path) => locate(source, path) }], batch: false };
}
