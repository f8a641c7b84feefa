/**
 * crisp under API faults, through the fault proxy in front of the lab's moto: throttles,
 * 500s, resets and cut bodies in every protocol are retried with backoff and change no
 * verdict, and every retry is visible — in the call log, in results.json's apiCalls
 * (CallLog.counts) and as a progress line naming the operation, account, Region,
 * attempt and error. A listing that still fails becomes an `error` naming the operation,
 * account and Region: never a pass, never a crash.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding } from '../../harness/model/findings.ts';
import type { FaultRule, WireCall } from '../../lab/faultproxy/fault-proxy.ts';
import { ALL_SUITES } from '../support/lab-scenario.ts';
import { startFaultLab, type FaultLab } from './fault-lab.ts';

let lab: FaultLab;
/** Each finding of the clean run by check, resource and occurrence, with its status. */
let clean: Map<string, Finding['status']>;

/** Findings keyed by check, resource and occurrence (a check may report one resource more than once). */
function verdicts(findings: readonly Finding[]): Map<string, Finding['status']> {
  const seen = new Map<string, number>();
  const keyed = new Map<string, Finding['status']>();
  for (const finding of findings) {
    const base = [finding.checkId, finding.resource.type, finding.resource.id, finding.resource.account ?? '', finding.resource.region ?? ''].join('|');
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    keyed.set(`${base}#${occurrence}`, finding.status);
  }
  return keyed;
}

/** Findings new or changed against the clean run (an unreadable listing may replace many findings by one error). */
function changedStatuses(after: Map<string, Finding['status']>): [string, Finding['status']][] {
  return [...after].filter(([key, status]) => status !== clean.get(key));
}

beforeAll(async () => {
  lab = await startFaultLab();
  const run = await lab.run(ALL_SUITES);
  clean = verdicts(run.findings);
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

const throttle = { kind: 'throttle' } as const;

/** A read: a Describe/List/Get/Search/Lookup operation, or a REST GET. */
const isRead = (call: WireCall) => (call.operation ? /^(Describe|List|Get|Search|Lookup)/.test(call.operation) : call.method === 'GET');

describe('retries through the fault proxy', () => {
  test('the clean lab through the proxy: no fail, no error, no retry', async () => {
    expect([...clean.values()].filter((status) => status === 'fail' || status === 'error')).toEqual([]);
    const run = await lab.run(ALL_SUITES);
    expect(verdicts(run.findings)).toEqual(clean);
    expect(run.callLog.retries()).toEqual([]);
    expect(run.progress.filter((line) => /^(retrying|gave up)/.test(line))).toEqual([]);
  });

  test('throttles, 500s, resets and cut bodies in every protocol are retried with backoff, visibly, and change no verdict', async () => {
    const once = { first: 1 };
    const rules: FaultRule[] = [
      // EC2 query: 503 RequestLimitExceeded twice, a 500, a reset, a cut body.
      { match: { operation: 'DescribeRouteTables', region: 'ap-southeast-6' }, when: { first: 2 }, fault: throttle },
      { match: { operation: 'DescribeSecurityGroups' }, when: once, fault: { kind: 'error', status: 500 } },
      { match: { operation: 'DescribeSubnets' }, when: once, fault: { kind: 'reset' } },
      { match: { operation: 'DescribeVpcs' }, when: once, fault: { kind: 'truncate' } },
      // Query (400 Throttling): STS during identification, IAM through the lab's IAM stand-in.
      { match: { operation: 'GetCallerIdentity' }, when: once, fault: throttle },
      { match: { operation: 'GetAccountAuthorizationDetails' }, when: once, fault: throttle },
      // REST-XML: Route 53 (400 Throttling) and S3 (503 SlowDown).
      { match: { service: 'route53', path: '/2013-04-01/hostedzonesbyvpc' }, when: once, fault: throttle },
      { match: { service: 's3' }, when: once, fault: throttle },
      // JSON 1.1 (Organizations, CloudTrail through its stand-in) and 1.0 (DynamoDB): 400 ThrottlingException.
      { match: { operation: 'ListParents' }, when: once, fault: throttle },
      { match: { operation: 'DescribeTrails' }, when: once, fault: throttle },
      { match: { operation: 'DescribeTable' }, when: once, fault: throttle },
      // REST-JSON (API Gateway): 429, and a 503 in its shape.
      { match: { service: 'apigateway', path: '/restapis/' }, when: once, fault: throttle },
      { match: { service: 'lambda' }, when: once, fault: { kind: 'error', status: 503, code: 'ServiceUnavailableException' } },
    ];
    const run = await lab.run(ALL_SUITES, rules);
    expect(verdicts(run.findings)).toEqual(clean);

    const retried = (operation: string) => run.callLog.retries().filter((retry) => retry.operation === operation);
    const expectations: [string, string, number | undefined][] = [
      ['DescribeRouteTables', 'RequestLimitExceeded', 503],
      ['DescribeSecurityGroups', 'InternalError', 500],
      ['DescribeSubnets', 'TimeoutError', undefined],
      ['GetCallerIdentity', 'Throttling', 400],
      ['GetAccountAuthorizationDetails', 'Throttling', 400],
      ['ListHostedZonesByVPC', 'Throttling', 400],
      ['GetBucketLocation', 'SlowDown', 503],
      ['ListParents', 'ThrottlingException', 400],
      ['DescribeTrails', 'ThrottlingException', 400],
      ['DescribeTable', 'ThrottlingException', 400],
      ['GetFunctionConfiguration', 'ServiceUnavailableException', 503],
    ];
    for (const [operation, error, httpStatus] of expectations) {
      expect(retried(operation)[0], operation).toMatchObject({ attempt: 1, maxAttempts: 4, error, ...(httpStatus ? { httpStatus } : {}) });
    }
    expect(run.callLog.retries().find((retry) => retry.service === 'apigateway')).toMatchObject({ error: 'ThrottlingException', httpStatus: 429 });
    expect(retried('DescribeRouteTables').map((retry) => retry.attempt)).toEqual([1, 2]);
    expect(retried('DescribeSubnets')[0]).toMatchObject({ code: 'ECONNRESET' });
    expect(retried('DescribeVpcs')[0]).toMatchObject({ code: 'ECONNRESET' });
    // Backoff: a throttle waits longer than a transient error's base, and every retry waited.
    expect(run.callLog.retries().every((retry) => retry.delayMs >= 0)).toBe(true);

    // The retried calls succeeded: one call each in the log, with its attempts.
    const call = run.callLog.calls().find((candidate) => candidate.operation === 'DescribeRouteTables' && candidate.attempts === 3);
    expect(call).toBeDefined();
    expect(call!.error).toBeUndefined();

    // results.json's apiCalls carry every retry beside the count.
    const counted = run.callLog.counts().filter((entry) => entry.retries);
    expect(counted.reduce((sum, entry) => sum + entry.retries!.length, 0)).toBe(run.callLog.retries().length);
    expect(counted.find((entry) => entry.operation === 'DescribeRouteTables' && entry.region === 'ap-southeast-6')).toMatchObject({
      service: 'ec2',
      count: expect.any(Number),
      retries: [expect.objectContaining({ attempt: 1, error: 'RequestLimitExceeded', httpStatus: 503 }), expect.objectContaining({ attempt: 2 })],
    });

    // One progress line per retry, naming operation, account, Region, attempt and error; the
    // identification's retry (made before collection) is reported too, late rather than never.
    const lines = run.progress.filter((line) => line.startsWith('retrying '));
    expect(lines).toHaveLength(run.callLog.retries().length);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^retrying ec2:DescribeRouteTables in \d{12}\/[a-z]+-[a-z]+-\d, attempt 2 of 4, after RequestLimitExceeded \(HTTP 503\): Request limit exceeded\.; backed off \d+ ms$/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^retrying sts:GetCallerIdentity in \d{12}\/.+, attempt 2 of 4, after Throttling \(HTTP 400\)/));
    expect(lines).toContainEqual(expect.stringMatching(/^retrying ec2:DescribeSubnets in .+, attempt 2 of 4, after TimeoutError \(ECONNRESET\)/));
    expect(run.progress.some((line) => line.startsWith('gave up'))).toBe(false);
  }, 120_000);

  test('a listing throttled on every attempt is an error naming the operation, account and Region — never a pass', async () => {
    const run = await lab.run(ALL_SUITES, [{ match: { operation: 'DescribeRouteTables' }, fault: throttle }]);
    const changed = changedStatuses(verdicts(run.findings));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every(([, status]) => status === 'error')).toBe(true);
    expect(run.findings.filter((finding) => finding.status === 'fail')).toEqual([]);

    const errors = run.findings.filter((finding) => finding.status === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const finding of errors) {
      expect(finding.message).toMatch(
        /ec2:DescribeRouteTables failed: RequestLimitExceeded: Request limit exceeded\. \(gave up after 4 attempts\) \(account \d{12}, Region [a-z]+-[a-z]+-\d\)/,
      );
    }
    // Each failed listing: four attempts in the call log, three retries, and a line saying it gave up.
    const failed = run.callLog.calls().filter((call) => call.operation === 'DescribeRouteTables');
    expect(failed.length).toBeGreaterThan(0);
    for (const call of failed) expect(call).toMatchObject({ attempts: 4, error: 'RequestLimitExceeded' });
    expect(run.callLog.retries().filter((retry) => retry.operation === 'DescribeRouteTables')).toHaveLength(3 * failed.length);
    expect(run.progress.filter((line) => line.startsWith('gave up on ec2:DescribeRouteTables'))).toEqual(
      failed.map(() => expect.stringMatching(/^gave up on ec2:DescribeRouteTables in \d{12}\/[a-z0-9-]+ after 4 attempts: RequestLimitExceeded$/)),
    );
  }, 120_000);

  test('faults at random (seeded) on every call: never a fail, never a crash; what could not be read is an error naming its operation', async () => {
    // crisp's reads only: a fault on the lab's own writes (the GovCloud proxy's audit item) would
    // break the estate itself, and that is rightly a fail.
    const match = { where: isRead };
    const run = await lab.run(ALL_SUITES, [
      { name: 'random throttle', match, when: { probability: 0.1 }, fault: throttle },
      { name: 'random reset', match, when: { probability: 0.05 }, fault: { kind: 'reset' } },
      { name: 'random 500', match, when: { probability: 0.05 }, fault: { kind: 'error', status: 500 } },
    ]);
    expect(run.callLog.retries().length).toBeGreaterThan(5);
    expect(run.findings.filter((finding) => finding.status === 'fail')).toEqual([]);
    for (const [key, status] of changedStatuses(verdicts(run.findings))) expect(status, key).toBe('error');
    // Each error names the operation that could not be read (the resource names the account and Region).
    for (const finding of run.findings.filter((candidate) => candidate.status === 'error'))
      expect(finding.message).toMatch(/[a-z0-9-]+:[A-Z][A-Za-z]+.* failed: |cannot reach/);
  }, 120_000);

  test('slow answers (40 ms a call, as AWS APIs often take): the same verdicts, each call as slow as injected', async () => {
    lab.proxy.setLatency(40);
    try {
      const run = await lab.run(ALL_SUITES);
      expect(verdicts(run.findings)).toEqual(clean);
      const ec2 = run.callLog.calls().filter((call) => call.service === 'ec2');
      expect(ec2.length).toBeGreaterThan(5);
      expect(ec2.every((call) => call.durationMs >= 39)).toBe(true);
    } finally {
      lab.proxy.setLatency(0);
    }
  }, 120_000);
});
