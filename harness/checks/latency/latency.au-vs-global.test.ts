/**
 * Table test for latency.au-vs-global: AU and global Converse transcripts built
 * from fixed latency lists (no timers). Clean (the difference reported with its
 * interval), a residency cap exceeded, a difference within the cap, too few
 * samples, and no global profile to compare with.
 */
import { describe, expect, test } from 'vitest';
import { Observations, type ConverseTranscript } from '../../model/observations.ts';
import { evaluateInstance } from '../../engine/engine.ts';
import check from './latency.au-vs-global.ts';
import { converseRequest } from './latency-scope.ts';

const AU = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const GLOBAL = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
const BASE = { accountId: '111111111111', sourceRegion: 'ap-southeast-2', auProfileId: AU, globalProfileId: GLOBAL, samples: 40, budget: { maxRequests: 200 } };

/** 40 latencies spread evenly over [center − 10, center + 9.5] ms in a fixed, shuffled order. */
const around = (center: number, n = 40) => Array.from({ length: n }, (_, index) => center - 10 + ((index * 17) % n) * 0.5);

function transcript(profileId: string, latencies: number[]): ConverseTranscript {
  return {
    profileId,
    api: 'converse-stream',
    endpoint: 'https://bedrock-runtime.ap-southeast-2.amazonaws.com',
    protocols: ['h2'],
    connections: 1,
    connectionReuse: 'one connection per address kept open',
    warmupDiscarded: 3,
    samples: latencies.map((latencyMs) => ({ outcome: 'ok', latencyMs })),
    throttled: 0,
    errors: 0,
  };
}

function run(params: object, au: number[], global: number[]) {
  const scope = check.params.parse(params);
  const observations = new Observations();
  observations.set(converseRequest(scope, AU), { ok: true, data: transcript(AU, au) });
  observations.set(converseRequest(scope, GLOBAL), { ok: true, data: transcript(GLOBAL, global) });
  return evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });
}

describe(check.id, () => {
  test('clean: AU 10 ms slower than global is reported with its interval and the rank test', () => {
    const [finding] = run(BASE, around(110), around(100));
    expect(finding).toMatchObject({
      status: 'pass',
      resource: { type: 'crisp::ProfileComparison', id: `${AU} vs ${GLOBAL}` },
      actual: { mediansMs: { au: 109.8, global: 99.8 }, significant: true },
    });
    expect(finding!.message).toMatch(
      /^AU median 109\.8 ms vs global 99\.8 ms: AU is 10 ms slower \[[\d.]+, [\d.]+\] \(95% interval\); rank test p=.* — a significant difference at 0\.01\.$/,
    );
  });

  test('fault: AU at ~200 ms against global at ~50 ms breaks a 10% residency cap, naming both medians', () => {
    const [finding] = run({ ...BASE, maxResidencyCostPct: 10 }, around(200), around(50));
    expect(finding).toMatchObject({ status: 'fail', expected: 'AU median within 10% of global' });
    expect(finding!.message).toMatch(
      /^Residency costs more than the suite allows: AU median 199\.8 ms is 150 ms \[[\d.]+, [\d.]+\] slower than global 49\.8 ms \(301% > 10%\)\.$/,
    );
  });

  test('clean: only a difference beyond the cap fails — AU 5% slower passes a 10% cap', () => {
    expect(run({ ...BASE, maxResidencyCostPct: 10 }, around(105), around(100))[0]!.status).toBe('pass');
  });

  test('error: fewer than two successful samples on a side is an error naming the counts', () => {
    expect(run(BASE, [180], around(100))).toEqual([
      expect.objectContaining({ status: 'error', message: 'Too few successful samples to compare (AU 1, global 40).' }),
    ]);
  });

  test('not_applicable: without a global profile there is nothing to compare', () => {
    const { globalProfileId: _none, ...auOnly } = BASE;
    expect(run(auOnly, around(110), around(100))).toEqual([
      expect.objectContaining({ status: 'not_applicable', message: expect.stringContaining('No global profile is named (global_profile_id)') }),
    ]);
  });
});
