/**
 * Table test for latency.budget-guard: the plan (requests, quota tokens with the
 * model's output burndown, cost) is judged from the suite alone, before anything
 * is sent. Clean within budget, faults over each kind of budget (with no probe
 * planned), and a cost budget that cannot be priced.
 */
import { describe, expect, test } from 'vitest';
import { Observations } from '../../model/observations.ts';
import { evaluateInstance } from '../../engine/engine.ts';
import check from './latency.budget-guard.ts';
import { latencyProbes } from './latency-scope.ts';

const AU = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const GLOBAL = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
const BASE = { accountId: '111111111111', sourceRegion: 'ap-southeast-2', auProfileId: AU, samples: 20, warmup: 3, budget: { maxRequests: 100 } };

/** Judges a suite's plan; the guard reads no observation, so the store stays empty. */
function run(params: object) {
  const parsed = check.params.parse(params);
  return {
    findings: evaluateInstance({ check, params: parsed, guard: false, suite: 't', location: { file: 't' } }, new Observations(), { targetKind: 'aws' }),
    probes: latencyProbes(parsed),
  };
}

describe(check.id, () => {
  test('clean: 23 requests within 100, Sonnet 4.5 output counted at burndown 5, and the probe is planned', () => {
    const { findings, probes } = run(BASE);
    // Per request: 12 input tokens (the fixed prompt) + 32 output × 5 = 172 quota tokens; × 23 requests.
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'crisp::LatencyPlan', id: AU }),
        message:
          'Plan within budget: 23 requests (1 profile × 3 warm-up + 20 samples), 276 input and up to 736 output tokens, 3956 quota tokens with burndown.',
      }),
    ]);
    expect(probes).toHaveLength(1);
  });

  test('fault: two profiles × (3 + 20) = 46 requests over a budget of 40 are refused, nothing is sent', () => {
    const { findings, probes } = run({ ...BASE, globalProfileId: GLOBAL, budget: { maxRequests: 40 } });
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'fail',
        resource: expect.objectContaining({ id: `${AU} + ${GLOBAL}` }),
        message: expect.stringMatching(
          /^Refused: the plan exceeds the budget \(46 requests > 40\); nothing was sent\. Plan: 46 requests \(2 profiles × 3 warm-up \+ 20 samples\)/,
        ),
      }),
    ]);
    expect(probes).toEqual([]);
  });

  test('fault: a quota-token budget counts the burndown (3956 > 3000) though raw tokens (1012) fit', () => {
    const { findings, probes } = run({ ...BASE, budget: { maxTokens: 3000 } });
    expect(findings[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('(3956 quota tokens > 3000); nothing was sent') });
    expect(probes).toEqual([]);
    expect(run({ ...BASE, budget: { maxTokens: 3000 }, burndown: { 'claude-sonnet-4': 1 } }).findings[0]!.status).toBe('pass');
  });

  test('fault: a priced plan over the cost budget is refused, naming both figures', () => {
    const prices = { inputPer1k: 0.003, outputPer1k: 0.015 };
    // 276 / 1000 × 0.003 + 736 / 1000 × 0.015 = 0.011868
    expect(run({ ...BASE, budget: { maxCost: 0.02 }, prices }).findings[0]).toMatchObject({ status: 'pass', message: expect.stringContaining('cost 0.0119') });
    expect(run({ ...BASE, budget: { maxCost: 0.01 }, prices }).findings[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('(cost 0.0119 > 0.01)'),
    });
  });

  test('error: the guard reads no observation, so its errors are suite errors at load time — a cost budget without prices is refused before anything runs', () => {
    expect(check.needs(check.params.parse(BASE))).toEqual([]);
    const parsed = check.params.safeParse({ ...BASE, budget: { maxCost: 1 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([
      expect.objectContaining({ path: ['budget', 'maxCost'], message: expect.stringContaining('a cost budget needs prices') }),
    ]);
  });
});
