import { describe, expect, test } from 'vitest';
import { bootstrap, detectRegression, mannWhitney, median, quantile, seededRandom } from './latency-stats.ts';

/** Log-normal samples with a given median, seeded. */
function lognormal(count: number, medianMs: number, seed: number, sigma = 0.25): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const u = Math.max(random(), 1e-12);
    const v = random();
    return medianMs * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  });
}

describe('latency statistics', () => {
  test('quantiles interpolate (R type 7)', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(sorted, 0.5)).toBe(5.5);
    expect(quantile(sorted, 0.9)).toBeCloseTo(9.1);
    expect(quantile([42], 0.99)).toBe(42);
  });

  test('the bootstrap interval of the median covers the true median and is reproducible', () => {
    const samples = lognormal(200, 100, 3);
    const interval = bootstrap(samples, median, { seed: 5 });
    expect(interval.low).toBeLessThan(100);
    expect(interval.high).toBeGreaterThan(100);
    expect(bootstrap(samples, median, { seed: 5 })).toEqual(interval);
  });

  test('Mann-Whitney tells shifted samples from equal ones', () => {
    expect(mannWhitney(lognormal(100, 100, 1), lognormal(100, 130, 2)).pGreater).toBeLessThan(0.001);
    expect(mannWhitney(lognormal(100, 100, 1), lognormal(100, 100, 2)).pTwoSided).toBeGreaterThan(0.05);
    expect(mannWhitney([1, 1, 1], [1, 1, 1]).pTwoSided).toBe(1);
  });

  test('a +30% slowdown is a regression; +3% is not (within tolerance); too few samples says how many are needed', () => {
    const baseline = lognormal(150, 100, 10);
    expect(detectRegression(baseline, lognormal(150, 130, 11))).toMatchObject({ regressed: true });
    expect(detectRegression(baseline, lognormal(150, 103, 12)).regressed).toBe(false);
    const undecided = detectRegression(lognormal(8, 100, 13), lognormal(8, 118, 14));
    expect(undecided.regressed).toBe(false);
    expect(undecided.samplesNeeded).toBeGreaterThan(8);
  });

  test('a faster median whose interval still reaches past the tolerance is undecided, never a clean pass', () => {
    // Wide, few samples: the median moved down, but the interval of the change spans both sides of +10%.
    const baseline = [60, 75, 90, 110, 130, 150, 170, 190, 210, 240, 270, 300, 330, 360, 400, 450, 500, 560, 620, 700];
    const current = baseline.map((value, index) => (index % 2 === 0 ? value * 0.7 : value * 1.05));
    const verdict = detectRegression(baseline, current);
    expect(verdict.medianChange).toBeLessThan(0);
    expect(verdict.changeInterval.low).toBeLessThan(0);
    expect(verdict.changeInterval.high).toBeGreaterThan(0.1);
    expect(verdict.regressed).toBe(false);
    expect(verdict.samplesNeeded).toBeGreaterThan(20);
  });
});
