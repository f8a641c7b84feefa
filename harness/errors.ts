/**
 * Typed errors that decide how `crisp` ends. User errors exit 2 without a stack
 * trace; an unreachable target exits 3 after partial results are written.
 */

/** Where in an input file something went wrong (1-based line and column). */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** Dotted path of the offending field, e.g. `checks[2].with.port`. */
  path?: string;
}

/** Formats a location as `file:line:col` (with the field path when known). */
export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.column !== undefined) text += `:${location.column}`;
  if (location.path) text += ` (at ${location.path})`;
  return text;
}

/** Bad arguments, suite, target or vars: exit code 2. */
export class InputError extends Error {
  readonly exitCode = 2;
  readonly location: SourceLocation | undefined;

  constructor(message: string, location?: SourceLocation) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.name = 'InputError';
    this.location = location;
  }
}

/** Several input errors found in one pass, reported together. */
export class InputErrors extends Error {
  readonly exitCode = 2;
  readonly errors: InputError[];

  constructor(errors: InputError[]) {
    super(errors.map((error) => error.message).join('\n'));
    this.name = 'InputErrors';
    this.errors = errors;
  }
}

/** The target could not be reached at all (exit 3 once partial results are written). */
export class TargetUnreachableError extends Error {
  readonly exitCode = 3;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TargetUnreachableError';
  }
}

/** True for errors whose message is meant for the user as is (no stack trace). */
export function isUserFacingError(error: unknown): error is InputError | InputErrors | TargetUnreachableError {
  return error instanceof InputError || error instanceof InputErrors || error instanceof TargetUnreachableError;
}
