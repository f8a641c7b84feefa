import { describe, expect, test } from 'vitest';
import { Observations } from '../../model/observations.ts';
import { evaluateInstance } from '../../engine/engine.ts';
import check from './quota.headroom.ts';

const base = {
  accountId: '111111111111',
  sourceRegion: 'ap-southeast-2',
  auProfileId: 'au.anthropic.claude-sonnet-4-5-20250929-v1:0',
  samples: 20,
  budget: { maxRequests: 100 },
  expectedPeak: { requestsPerMinute: 100, inputTokensPerRequest: 1000, outputTokensPerRequest: 500 },
};
const QUOTAS = [
  { code: 'L-TPM1', name: 'Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1', value: 400_000 },
  { code: 'L-RPM1', name: 'Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1', value: 200 },
  { code: 'L-OTHER', name: 'On-demand model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1', value: 10 },
];

function run(params: object, quotas = QUOTAS) {
  const parsed = check.params.parse(params);
  const observations = new Observations();
  observations.set(
    { kind: 'servicequotas.quotas', account: '111111111111', region: 'ap-southeast-2', args: { serviceCode: 'bedrock' } },
    { ok: true, data: { quotas } },
  );
  return evaluateInstance({ check, params: parsed, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });
}

describe(check.id, () => {
  test('clean: the peak fits, burndown counted (100 × (1000 + 500 × 5) = 350,000 ≤ 400,000)', () => {
    expect(run(base)).toEqual([
      expect.objectContaining({ status: 'pass', actual: expect.objectContaining({ tokensPerMinute: { quota: 400_000, needed: 350_000, burndown: 5 } }) }),
    ]);
  });

  test('fault: without burndown it would fit; with it the token quota is exceeded', () => {
    const [finding] = run({ ...base, expectedPeak: { ...base.expectedPeak, requestsPerMinute: 150 } });
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('525000 tokens/min needed (burndown 5) > 400000 (L-TPM1)') });
    expect(run({ ...base, expectedPeak: { ...base.expectedPeak, requestsPerMinute: 150 }, burndown: { 'claude-sonnet-4': 1 } })[0]!.status).toBe('pass');
  });

  test('error: no matching quota; not applicable without an expected peak', () => {
    expect(run(base, QUOTAS.slice(2))[0]).toMatchObject({ status: 'error', message: expect.stringContaining('name it with quotaCodes') });
    const { expectedPeak: _none, ...noPeak } = base;
    expect(run(noPeak)[0]!.status).toBe('not_applicable');
  });
});
