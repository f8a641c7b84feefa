/**
 * Typed errors for bad input: they exit 2 with their message and no stack trace.
 * (An unreachable target is not an exception: the engine records it on every
 * observation, the reports are written, and the run exits 3.)
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

/** Wrong command-line usage (a missing argument, an unknown option): exit code 2, with a pointer to --help. */
export class UsageError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command could not observe what it needs to answer (an unreadable policy, say): exit code 3, like an incomplete run. */
export class IncompleteError extends Error {
  readonly exitCode = 3;

  constructor(message: string) {
    super(message);
    this.name = 'IncompleteError';
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

/** True for errors whose message is meant for the user as is (no stack trace). */
export function isUserFacingError(error: unknown): error is InputError | InputErrors | IncompleteError {
  return error instanceof InputError || error instanceof InputErrors || error instanceof IncompleteError;
}
