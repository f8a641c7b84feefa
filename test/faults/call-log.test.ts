/**
 * The call log's retry record, alone: retries attach to their operation's count, a
 * follower hears what nobody heard before it (once) and then each new event, and the
 * progress line names operation, account, Region, attempt and error with nothing a
 * terminal would act on.
 */
import { describe, expect, test } from 'vitest';
import { CallLog, describeCallLogEvent, type ApiRetry, type CallLogEvent } from '../../harness/model/call-log.ts';

const CALL = { service: 'ec2', operation: 'DescribeRouteTables', account: '111111111111', region: 'ap-southeast-6' };
const retry = (attempt: number, extra: Partial<ApiRetry> = {}): ApiRetry => ({
  ...CALL,
  attempt,
  maxAttempts: 4,
  error: 'RequestLimitExceeded',
  httpStatus: 503,
  message: 'Request limit exceeded.',
  delayMs: 100 * attempt,
  ...extra,
});

describe('the call log’s retries', () => {
  test('each retry is listed under its operation in counts(), in order; operations without one carry none', () => {
    const log = new CallLog();
    log.recordRetry(retry(1));
    log.recordRetry(retry(2, { error: 'TimeoutError', httpStatus: undefined, code: 'ECONNRESET' }));
    log.record({ ...CALL, durationMs: 900, attempts: 3 });
    log.record({ ...CALL, operation: 'DescribeVpcs', durationMs: 5, attempts: 1 });
    expect(log.counts()).toEqual([
      {
        ...CALL,
        operation: 'DescribeRouteTables',
        count: 1,
        retries: [
          { attempt: 1, error: 'RequestLimitExceeded', httpStatus: 503, delayMs: 100 },
          { attempt: 2, error: 'TimeoutError', code: 'ECONNRESET', delayMs: 200 },
        ],
      },
      { ...CALL, operation: 'DescribeVpcs', count: 1 },
    ]);
  });

  test('a follower first hears what no one heard yet, once, then each new event; a call that failed after retries is announced', () => {
    const log = new CallLog();
    log.recordRetry(retry(1));
    const first: CallLogEvent[] = [];
    const stop = log.follow((event) => first.push(event));
    expect(first).toEqual([{ type: 'retry', retry: retry(1) }]);
    log.recordRetry(retry(2));
    stop();
    log.recordRetry(retry(3));
    log.record({ ...CALL, durationMs: 900, attempts: 4, error: 'RequestLimitExceeded' });
    // A call that failed at once was not retried: nothing to announce.
    log.record({ ...CALL, operation: 'DescribeVpcs', durationMs: 5, attempts: 1, error: 'AccessDenied' });
    expect(first).toHaveLength(2);
    const second: CallLogEvent[] = [];
    log.follow((event) => second.push(event));
    expect(second.map((event) => event.type)).toEqual(['retry', 'gave-up']);
    expect(log.retries()).toHaveLength(3);
  });

  test('progress lines name operation, account, Region, attempt, error and backoff, and show no control or bidi character', () => {
    expect(describeCallLogEvent({ type: 'retry', retry: retry(1) })).toBe(
      'retrying ec2:DescribeRouteTables in 111111111111/ap-southeast-6, attempt 2 of 4, after RequestLimitExceeded (HTTP 503): Request limit exceeded.; backed off 100 ms',
    );
    expect(
      describeCallLogEvent({
        type: 'retry',
        retry: retry(2, { error: 'TimeoutError', httpStatus: undefined, code: 'ECONNRESET', message: 'read ECONNRESET' }),
      }),
    ).toBe(
      'retrying ec2:DescribeRouteTables in 111111111111/ap-southeast-6, attempt 3 of 4, after TimeoutError (ECONNRESET): read ECONNRESET; backed off 200 ms',
    );
    expect(describeCallLogEvent({ type: 'gave-up', call: { ...CALL, durationMs: 1, attempts: 4, error: 'RequestLimitExceeded' } })).toBe(
      'gave up on ec2:DescribeRouteTables in 111111111111/ap-southeast-6 after 4 attempts: RequestLimitExceeded',
    );
    const hostile = describeCallLogEvent({ type: 'retry', retry: retry(1, { message: 'slow\u001b[2K\u001b[32mALL GOOD\u202e\nnext' }) });
    expect(hostile).not.toMatch(/[\u0000-\u001f\u202e]/);
  });
});
