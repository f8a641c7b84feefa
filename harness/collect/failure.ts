/**
 * Turns a collector error into an observation failure. Nothing here ever
 * yields data: failing to observe becomes `error`, or `skipped` where the
 * target is an emulator that does not implement the API.
 */
import type { TargetKind } from '../model/capabilities.ts';
import type { ObservationFailure } from '../model/observations.ts';
import { actionForCall, FAILED_CALL } from '../model/permissions.ts';

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

/** AWS (and moto) name the refused action: "… is not authorized to perform: ec2:DescribeVpcs …". */
const NOT_AUTHORIZED = /not authori[sz]ed to perform:?\s*([a-z0-9-]+:[A-Za-z0-9*]+)/i;

/** A refusal: the one action it names, and whether the answer said it was a denial. */
export interface Denial {
  action?: string;
  /** False when only an HTTP 403 in an unreadable body says so (it may be a rejected signature). */
  certain: boolean;
  detail: string;
}

/**
 * A refusal and the one action it names: from the message or the body (the parsed error
 * list of an XML answer, or its text), else from the failed call. An HTTP 403 whose body
 * the SDK could not read in the service's protocol (moto answers JSON services in XML) is
 * a refusal too, though not a certain denial.
 */
export function denialOf(error: unknown): Denial | undefined {
  const candidate = error as SdkLikeError & {
    Errors?: unknown;
    $responseBodyText?: unknown;
    $response?: { statusCode?: number; body?: unknown };
    [FAILED_CALL]?: { service: string; operation: string };
  };
  if (!candidate || typeof candidate !== 'object') return undefined;
  const body = [candidate.$responseBodyText, candidate.$response?.body].find((value): value is string => typeof value === 'string') ?? '';
  const text = `${candidate.message ?? ''} ${candidate.Errors ? JSON.stringify(candidate.Errors) : ''} ${body}`;
  // A key or signature the endpoint does not accept is not a missing permission.
  if (/SignatureDoesNotMatch|InvalidClientTokenId|UnrecognizedClient|ExpiredToken|InvalidAccessKeyId/.test(text)) return undefined;
  const named = NOT_AUTHORIZED.exec(text)?.[1];
  const status = candidate.$metadata?.httpStatusCode ?? candidate.$response?.statusCode;
  const call = candidate[FAILED_CALL];
  const action = named ?? (call ? actionForCall(call.service, call.operation) : undefined);
  if (named !== undefined || /AccessDenied|UnauthorizedOperation|AuthFailure/i.test(`${candidate.name ?? ''} ${text}`)) {
    return {
      ...(action ? { action } : {}),
      certain: true,
      detail: named && !`${candidate.message ?? ''}`.includes(named) ? `not authorized to perform ${named}` : (candidate.message ?? candidate.name ?? 'denied'),
    };
  }
  if (status === 403 && (candidate.name === 'SyntaxError' || candidate.name === 'Unknown')) {
    return { ...(action ? { action } : {}), certain: false, detail: `HTTP 403${call ? ` to ${call.operation}` : ''} in a body the SDK could not read` };
  }
  return undefined;
}

/** Classifies a collector error for an operation as an observation failure. */
export function classifyFailure(error: unknown, operation: string, kind: TargetKind, targetLabel: string): ObservationFailure {
  if (error instanceof TargetLacks) return { status: 'skipped', reason: `target lacks ${operation}: ${(error as Error).message}` };
  const code = connectionErrorCode(error);
  if (code) return { status: 'error', reason: `cannot reach ${targetLabel} for ${operation}: ${code}` };
  if (isNotImplemented(error, kind)) return { status: 'skipped', reason: `target lacks ${operation} (${kind} does not implement it)` };
  const candidate = error as SdkLikeError;
  const name = candidate.name ?? 'Error';
  const denial = denialOf(error);
  // The one action refused, where the answer or the call says which: never the kind's whole list.
  if (denial?.certain)
    return { status: 'error', reason: `access denied to ${denial.action ?? operation}: grant it to crisp's read-only role (${denial.detail})` };
  if (denial) {
    return {
      status: 'error',
      reason: `access to ${denial.action ?? operation} refused (${denial.detail}: a missing permission, or a request signature the endpoint did not accept): grant it to crisp's read-only role if it lacks it`,
    };
  }
  return { status: 'error', reason: `${operation} failed: ${name}: ${candidate.message ?? String(error)}` };
}
