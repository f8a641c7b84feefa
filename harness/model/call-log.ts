/**
 * Every AWS API call crisp makes, recorded by an SDK middleware: for the
 * evidence log, for results.json's apiCalls summary and for the call-count bench.
 * Retries are recorded too, one entry per retried attempt, as they happen: the SDK
 * retries throttling and transient failures with backoff, and a retry must never be
 * invisible (docs/ARCHITECTURE.md §1, "Retries").
 */

/** One API call (all its retries included). */
export interface ApiCall {
  service: string;
  operation: string;
  account: string;
  region: string;
  durationMs: number;
  attempts: number;
  requestId?: string;
  /** Error name when the call failed. */
  error?: string;
}

/** One attempt that failed and was retried: which attempt, what failed it, how long the SDK backed off. */
export interface ApiRetryNote {
  /** The attempt that failed (1 = the first try); attempt + 1 followed it. */
  attempt: number;
  /** Error name (`ThrottlingException`, `RequestLimitExceeded`, `TimeoutError`…). */
  error: string;
  /** HTTP status of the failed attempt's answer; absent when there was none (a reset, a refused connection). */
  httpStatus?: number;
  /** The network error code when there was no answer (`ECONNRESET`…). */
  code?: string;
  /** Time from the failure to the next attempt: the SDK's backoff. */
  delayMs: number;
}

/** A retry, with the call it belongs to. */
export interface ApiRetry extends ApiRetryNote {
  service: string;
  operation: string;
  account: string;
  region: string;
  /** The most attempts the SDK makes for this call. */
  maxAttempts: number;
  /** The failed attempt's error message, shortened. */
  message?: string;
}

/** What a follower of the log hears: a retry as it starts, or a call that failed after retries. */
export type CallLogEvent = { type: 'retry'; retry: ApiRetry } | { type: 'gave-up'; call: ApiCall };

/** The per-operation tally results.json carries. */
export interface ApiCallCount {
  service: string;
  operation: string;
  account: string;
  region: string;
  count: number;
  /** Every retried attempt of these calls, in the order made (absent when none was retried). */
  retries?: ApiRetryNote[];
}

const keyOf = (call: { service: string; operation: string; account: string; region: string }) =>
  [call.service, call.operation, call.account, call.region].join('|');

/** Append-only log of API calls for one run. */
export class CallLog {
  readonly #calls: ApiCall[] = [];
  readonly #retries: ApiRetry[] = [];
  readonly #events: CallLogEvent[] = [];
  readonly #followers = new Set<(event: CallLogEvent) => void>();
  /** How many events some follower has heard; the rest wait for the next follower. */
  #heard = 0;

  record(call: ApiCall): void {
    this.#calls.push(call);
    if (call.error && call.attempts > 1) this.#emit({ type: 'gave-up', call });
  }

  /** Records a retry as the SDK starts it. */
  recordRetry(retry: ApiRetry): void {
    this.#retries.push(retry);
    this.#emit({ type: 'retry', retry });
  }

  /** Every call in the order made. */
  calls(): readonly ApiCall[] {
    return this.#calls;
  }

  /** Every retry in the order made. */
  retries(): readonly ApiRetry[] {
    return this.#retries;
  }

  /**
   * Calls `listener` first with the events no follower has heard yet (a retry made before
   * anyone listened is reported late, never lost), then with each new one; returns the
   * function that stops following.
   */
  follow(listener: (event: CallLogEvent) => void): () => void {
    for (const event of this.#events.slice(this.#heard)) listener(event);
    this.#heard = this.#events.length;
    this.#followers.add(listener);
    return () => void this.#followers.delete(listener);
  }

  /** Calls counted per (service, operation, account, region), sorted for stable output, with their retries. */
  counts(): ApiCallCount[] {
    const tally = new Map<string, ApiCallCount>();
    for (const call of this.#calls) {
      const key = keyOf(call);
      const entry = tally.get(key) ?? { service: call.service, operation: call.operation, account: call.account, region: call.region, count: 0 };
      entry.count += 1;
      tally.set(key, entry);
    }
    for (const { attempt, error, httpStatus, code, delayMs, ...call } of this.#retries) {
      const entry = tally.get(keyOf(call));
      if (!entry) continue;
      (entry.retries ??= []).push({ attempt, error, ...(httpStatus !== undefined ? { httpStatus } : {}), ...(code ? { code } : {}), delayMs });
    }
    return [...tally.values()].sort(
      (a, b) =>
        a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation) || a.account.localeCompare(b.account) || a.region.localeCompare(b.region),
    );
  }

  #emit(event: CallLogEvent): void {
    this.#events.push(event);
    if (this.#followers.size === 0) return;
    this.#heard = this.#events.length;
    for (const follower of this.#followers) follower(event);
  }
}

/** Control and bidirectional-override characters never reach a terminal from an error message. */
const unprintable = (text: string) =>
  text
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();

/** One progress line for a log event, naming the operation, account, Region, attempt and error. */
export function describeCallLogEvent(event: CallLogEvent): string {
  if (event.type === 'gave-up') {
    const { call } = event;
    return `gave up on ${call.service}:${call.operation} in ${call.account}/${call.region} after ${call.attempts} attempts: ${unprintable(call.error ?? 'error')}`;
  }
  const { retry } = event;
  const cause = [retry.httpStatus !== undefined ? `HTTP ${retry.httpStatus}` : undefined, retry.code].filter(Boolean).join(', ');
  const message = retry.message ? `: ${unprintable(retry.message)}` : '';
  return `retrying ${retry.service}:${retry.operation} in ${retry.account}/${retry.region}, attempt ${retry.attempt + 1} of ${retry.maxAttempts}, after ${unprintable(retry.error)}${cause ? ` (${cause})` : ''}${message}; backed off ${Math.round(retry.delayMs)} ms`;
}
