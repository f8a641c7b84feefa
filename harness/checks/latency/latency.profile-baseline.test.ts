/**
 * Table test for latency.profile-baseline with Converse transcripts built from
 * fixed latency lists (no timers): clean under the ceilings, faults on a
 * percentile ceiling and on throttling, too few samples to judge, a probe that
 * could not run, and the budget guard keeping the probe from being sent.
 */
import { describe, expect, test } from 'vitest';
import { Observations, type ConverseSample, type ConverseTranscript, type ObservationOutcome } from '../../model/observations.ts';
import { evaluateInstance } from '../../engine/engine.ts';
import check from './latency.profile-baseline.ts';
import { converseRequest } from './latency-scope.ts';

const AU = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const BASE = {
  accountId: '111111111111',
  sourceRegion: 'ap-southeast-2',
  auProfileId: AU,
  api: 'converse',
  samples: 40,
  budget: { maxRequests: 200 },
  ceilings: { p50Ms: 150, p95Ms: 200 },
};

/** 100, 101, …, 139 ms: p50 119.5 ms, p95 137.05 ms. */
const FORTY = Array.from({ length: 40 }, (_, index) => 100 + index);

/** A transcript of `latencies` successful calls plus the failed `others`, as the Converse probe writes it. */
function transcript(latencies: number[], others: ConverseSample[] = []): ConverseTranscript {
  const samples: ConverseSample[] = [
    ...latencies.map((latencyMs): ConverseSample => ({ outcome: 'ok', latencyMs, inputTokens: 12, outputTokens: 8 })),
    ...others,
  ];
  return {
    profileId: AU,
    api: 'converse',
    endpoint: 'https://bedrock-runtime.ap-southeast-2.amazonaws.com',
    protocols: ['h2'],
    connections: 1,
    connectionReuse: `one connection per address kept open across all ${samples.length + 3} calls (1 opened)`,
    warmupDiscarded: 3,
    samples,
    throttled: samples.filter((sample) => sample.outcome === 'throttled').length,
    errors: samples.filter((sample) => sample.outcome === 'error').length,
  };
}

const throttle = (count: number): ConverseSample[] =>
  Array.from({ length: count }, () => ({ outcome: 'throttled', error: 'ThrottlingException: Too many requests, please wait before trying again.' }));

function run(params: object, outcome: ConverseTranscript | ObservationOutcome<never>) {
  const scope = check.params.parse(params);
  const observations = new Observations();
  observations.set(converseRequest(scope, AU), 'ok' in outcome ? outcome : { ok: true, data: outcome });
  return evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });
}

describe(check.id, () => {
  test('clean: 40 samples under the ceilings pass, with p50 and p95 and their intervals in the message', () => {
    const [finding] = run(BASE, transcript(FORTY));
    expect(finding).toMatchObject({ status: 'pass', resource: { type: 'AWS::Bedrock::InferenceProfile', id: AU, region: 'ap-southeast-2' } });
    expect(finding!.message.startsWith(`${AU} (converse over h2): p50 119.5 ms [`)).toBe(true);
    expect(finding!.message).toMatch(/, p95 137\.1 ms \[[\d.]+, [\d.]+\], p99 [\d.]+ ms over 40 samples \(95% intervals\); 0 throttled, 0 errors\.$/);
    expect(finding!.evidence).toMatchObject({ attempts: 40, ok: 40, throttled: 0, warmupDiscarded: 3 });
  });

  test('fault: a p95 over its ceiling fails, naming the percentile, its value and the ceiling', () => {
    const [finding] = run({ ...BASE, ceilings: { p50Ms: 150, p95Ms: 130 } }, transcript(FORTY));
    expect(finding).toMatchObject({ status: 'fail', expected: { p95Ms: 130 } });
    expect(finding!.message).toContain('p95 137.1 ms exceeds the ceiling of 130 ms — p50 119.5 ms');
    expect(finding!.message).not.toContain('p50 119.5 ms exceeds');
  });

  test('fault: throttling above maxThrottleRate fails as a quota problem, and throttles are never latency samples', () => {
    const [finding] = run({ ...BASE, samples: 44 }, transcript(FORTY, throttle(4)));
    expect(finding!.status).toBe('fail');
    expect(finding!.message).toContain('4 of 44 calls were throttled (9% > 5%): a quota problem, not latency');
    expect(finding!.message).toContain('p50 119.5 ms');
    expect(finding!.evidence).toMatchObject({ attempts: 44, ok: 40, throttled: 4 });
    expect(run({ ...BASE, samples: 44, maxThrottleRate: 0.1 }, transcript(FORTY, throttle(4)))[0]!.status).toBe('pass');
  });

  test('error: fewer successful samples than minSamples is an error saying how many are needed', () => {
    const [finding] = run({ ...BASE, samples: 10 }, transcript(FORTY.slice(0, 10)));
    expect(finding).toMatchObject({
      status: 'error',
      message: `${AU} (converse over h2): only 10 successful samples; at least 20 are needed to judge percentiles — raise samples to 20.`,
    });
  });

  test('error: a Converse probe that could not be observed is an error naming it, never a pass', () => {
    const findings = run(BASE, {
      ok: false,
      failure: { status: 'error', reason: 'access denied to bedrock:InvokeModel: the probe role may not call the profile (AccessDeniedException)' },
    });
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: 'probe.converse', account: '111111111111', region: 'ap-southeast-2' }),
        message: expect.stringContaining('access denied to bedrock:InvokeModel'),
      }),
    ]);
  });

  test('skipped: over budget nothing was measured, and the finding names the budget guard', () => {
    const findings = run({ ...BASE, budget: { maxRequests: 10 } }, transcript(FORTY));
    expect(findings).toEqual([
      expect.objectContaining({ status: 'skipped', message: 'Not measured: the plan exceeds the budget (see latency.budget-guard).' }),
    ]);
    expect(check.needs(check.params.parse({ ...BASE, budget: { maxRequests: 10 } }))).toEqual([]);
  });
});
