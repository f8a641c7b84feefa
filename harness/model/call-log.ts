/**
 * Every AWS API call crisp makes, recorded by an SDK middleware: for the
 * evidence log, for results.json's apiCalls summary and for the call-count bench.
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

/** The per-operation tally results.json carries. */
export interface ApiCallCount {
  service: string;
  operation: string;
  account: string;
  region: string;
  count: number;
}

/** Append-only log of API calls for one run. */
export class CallLog {
  readonly #calls: ApiCall[] = [];

  record(call: ApiCall): void {
    this.#calls.push(call);
  }

  /** Every call in the order made. */
  calls(): readonly ApiCall[] {
    return this.#calls;
  }

  /** Calls counted per (service, operation, account, region), sorted for stable output. */
  counts(): ApiCallCount[] {
    const tally = new Map<string, ApiCallCount>();
    for (const call of this.#calls) {
      const key = [call.service, call.operation, call.account, call.region].join('|');
      const entry = tally.get(key) ?? { service: call.service, operation: call.operation, account: call.account, region: call.region, count: 0 };
      entry.count += 1;
      tally.set(key, entry);
    }
    return [...tally.values()].sort(
      (a, b) =>
        a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation) || a.account.localeCompare(b.account) || a.region.localeCompare(b.region),
    );
  }
}
