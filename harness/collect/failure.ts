/**
 * Turns a collector error into an observation failure. Nothing here ever
 * yields data: failing to observe becomes `error`, or `skipped` where the
 * target is an emulator that does not implement the API.
 */
import type { TargetKind } from '../model/capabilities.ts';
import type { ObservationFailure } from '../model/observations.ts';

/** Thrown by a collector where the target cannot provide an observation at all; classified as `skipped`. */
export class TargetLacks extends Error {
  override readonly name = 'TargetLacks';
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

interface SdkLikeError {
  name?: string;
  message?: string;
  code?: string;
  errno?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  $response?: { body?: unknown };
}

/** The network error code behind an SDK error, if the failure was reaching the endpoint. */
export function connectionErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const candidate = current as SdkLikeError;
    if (candidate.code && CONNECTION_CODES.has(candidate.code)) return candidate.code;
    if (candidate.name === 'TimeoutError') return 'ETIMEDOUT';
    current = candidate.cause ?? (current as { errors?: unknown[] }).errors?.[0];
  }
  return undefined;
}

/**
 * True when an emulator answered an operation with its HTML error page instead of
 * the protocol's body: moto's unimplemented actions are HTTP 500 with Werkzeug's
 * page, which the IAM (query/XML) client reports as an XML parse error whose wording
 * depends on the parser. The raw response is the evidence, not the message.
 */
export function isEmulatorHtmlError(error: unknown, kind: TargetKind): boolean {
  if (kind === 'aws') return false;
  const candidate = error as { $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number; headers?: Record<string, string>; body?: unknown } };
  const status = candidate?.$metadata?.httpStatusCode ?? candidate?.$response?.statusCode;
  if (status !== 500 && status !== 501 && status !== 404) return false;
  const contentType = Object.entries(candidate.$response?.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const body = typeof candidate.$response?.body === 'string' ? candidate.$response.body : '';
  return /text\/html/i.test(contentType) || /^\s*(<!doctype html|<html)/i.test(body);
}

/** True when the error says the emulator lacks the API (moto answers HTTP 500 with an HTML page). */
export function isNotImplemented(error: unknown, kind: TargetKind): boolean {
  if (kind === 'aws') return false;
  if (isEmulatorHtmlError(error, kind)) return true;
  const candidate = error as SdkLikeError;
  const status = candidate.$metadata?.httpStatusCode;
  if (status === 501) return true;
  return (status === 500 && /not (yet )?implemented|<html|<!doctype/i.test(`${candidate.message ?? ''}`)) || (status === 500 && candidate.name === 'Unknown');
}

/** Classifies a collector error for an operation as an observation failure. */
export function classifyFailure(error: unknown, operation: string, kind: TargetKind, targetLabel: string): ObservationFailure {
  if (error instanceof TargetLacks) return { status: 'skipped', reason: `target lacks ${operation}: ${(error as Error).message}` };
  const code = connectionErrorCode(error);
  if (code) return { status: 'error', reason: `cannot reach ${targetLabel} for ${operation}: ${code}` };
  if (isNotImplemented(error, kind)) return { status: 'skipped', reason: `target lacks ${operation} (${kind} does not implement it)` };
  const candidate = error as SdkLikeError;
  const name = candidate.name ?? 'Error';
  if (/AccessDenied|UnauthorizedOperation|AuthFailure/i.test(name)) {
    return { status: 'error', reason: `access denied to ${operation}: grant it to crisp's read-only role (${candidate.message ?? name})` };
  }
  return { status: 'error', reason: `${operation} failed: ${name}: ${candidate.message ?? String(error)}` };
}
