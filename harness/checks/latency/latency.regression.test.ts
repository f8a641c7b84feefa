/**
 * Table test for latency.regression: a stored baseline against current Converse
 * samples built from fixed latency lists (no timers). Clean (the same
 * distribution), a doubled median with 200 samples per side, too few samples to
 * decide, no baseline named, and a baseline that could not be read.
 */
import { describe, expect, test } from 'vitest';
import { Observations, type ConverseTranscript, type LatencyBaselineFile, type ObservationOutcome } from '../../model/observations.ts';
import { evaluateInstance } from '../../engine/engine.ts';
import check from './latency.regression.ts';
import { baselineRequest, converseRequest } from './latency-scope.ts';

const AU = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const BASE = {
  accountId: '111111111111',
  sourceRegion: 'ap-southeast-2',
  auProfileId: AU,
  samples: 40,
  budget: { maxRequests: 500 },
  baselineFile: 'baselines/au.json',
};

/** n evenly spread latencies from 100 ms, `step` apart, in a shuffled but fixed order. */
const spread = (n: number, step = 1) => Array.from({ length: n }, (_, index) => 100 + ((index * 37) % n) * step);

function transcript(latencies: number[]): ConverseTranscript {
  return {
    profileId: AU,
    api: 'converse-stream',
    endpoint: 'https://bedrock-runtime.ap-southeast-2.amazonaws.com',
    protocols: ['h2'],
    connections: 1,
    connectionReuse: 'one connection per address kept open',
    warmupDiscarded: 3,
    samples: latencies.map((latencyMs) => ({ outcome: 'ok', latencyMs, ttftMs: latencyMs / 4 })),
    throttled: 0,
    errors: 0,
  };
}

const baselineFile = (latencies: number[]): LatencyBaselineFile => ({
  writtenAt: '2025-05-01T00:00:00.000Z',
  profiles: { [AU]: { api: 'converse-stream', latencyMs: latencies, ttftMs: latencies.map((value) => value / 4) } },
});

function run(params: object, current: number[], baseline: ObservationOutcome<LatencyBaselineFile> | undefined) {
  const scope = check.params.parse(params);
  const observations = new Observations();
  observations.set(converseRequest(scope, AU), { ok: true, data: transcript(current) });
  const request = baselineRequest(scope);
  if (request && baseline) observations.set(request, baseline);
  return evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });
}

const stored = (latencies: number[]): ObservationOutcome<LatencyBaselineFile> => ({ ok: true, data: baselineFile(latencies) });

describe(check.id, () => {
  test('clean: the same distribution as the baseline shows no slowdown', () => {
    const baseline = spread(40);
    const [finding] = run(BASE, [...baseline].reverse(), stored(baseline));
    expect(finding).toMatchObject({ status: 'pass', resource: { id: AU } });
    expect(finding!.message).toMatch(
      /shows no significant slowdown beyond \+10\.0%: median \+0\.0% \[-[\d.]+%, \+[\d.]+%\] vs the baseline \(40 → 40 samples\)/,
    );
  });

  test('fault: a median doubled over 200 samples per side regressed, beyond the tolerance and significant', () => {
    const baseline = spread(200);
    const [finding] = run(
      { ...BASE, samples: 200 },
      baseline.map((value) => value * 2),
      stored(baseline),
    );
    expect(finding).toMatchObject({ status: 'fail', actual: '+100.0%', expected: 'median change <= +10.0%' });
    expect(finding!.message.startsWith(`${AU} regressed: median +100.0% [+`)).toBe(true);
    expect(finding!.message).toMatch(
      / vs the baseline \(200 → 200 samples\), one-sided rank test p=.*, beyond the \+10\.0% tolerance and significant at 0\.01\.$/,
    );
  });

  test('error: a few noisy samples whose interval straddles the tolerance cannot decide, and say how many samples would', () => {
    const baseline = [100, 120, 140, 160, 180, 110, 150, 130];
    const current = baseline.map((value, index) => value * 1.15 + (index % 2 ? 10 : -10));
    const [finding] = run({ ...BASE, samples: 8 }, current, stored(baseline));
    expect(finding!.status).toBe('error');
    expect(finding!.message).toMatch(
      /cannot decide \(median \+15\.0% \[-[\d.]+%, \+[\d.]+%\] .*\); the interval straddles the \+10\.0% tolerance — about \d+ samples per side are needed\.$/,
    );
  });

  test('not_applicable: no baseline file named, nothing to regress against', () => {
    const { baselineFile: _none, ...noBaseline } = BASE;
    expect(run(noBaseline, spread(40), undefined)).toEqual([
      expect.objectContaining({ status: 'not_applicable', message: 'No baseline file is named (baselineFile); regression is not judged.' }),
    ]);
  });

  test('skipped: a baseline that holds no samples for the profile asks for --update-baseline', () => {
    const [finding] = run(BASE, spread(40), { ok: true, data: { writtenAt: '2025-05-01T00:00:00.000Z', profiles: {} } });
    expect(finding).toMatchObject({
      status: 'skipped',
      message: expect.stringContaining(`baselines/au.json holds no samples for ${AU}; run with --update-baseline`),
    });
  });

  test('error: a baseline file that could not be read is an error naming it, never a pass', () => {
    const findings = run(BASE, spread(40), {
      ok: false,
      failure: { status: 'error', reason: 'baselines/au.json is not valid JSON (Unexpected end of JSON input)' },
    });
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'error',
        resource: expect.objectContaining({ id: 'baseline.latency' }),
        message: expect.stringContaining('baselines/au.json is not valid JSON'),
      }),
    ]);
  });
});
