/**
 * Statistics for latency samples that hold up: percentiles, bootstrap
 * confidence intervals (seeded, so a replay computes the same numbers), the
 * Mann-Whitney rank test, and a regression decision that needs both
 * significance and a change beyond a tolerance.
 */

/** mulberry32, seeded: every resampling is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The q-quantile (0..1) by linear interpolation between order statistics (R type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** One bootstrap resample of `values`, sorted. */
function resample(values: readonly number[], random: () => number): number[] {
  return ascending(Array.from({ length: values.length }, () => values[Math.floor(random() * values.length)]!));
}

/** The percentile interval of bootstrap replicates around an estimate. */
function percentileInterval(estimate: number, replicates: number[], confidence: number): Interval {
  const sorted = ascending(replicates);
  const alpha = (1 - confidence) / 2;
  return { estimate, low: quantile(sorted, alpha), high: quantile(sorted, 1 - alpha) };
}

type BootstrapOptions = { resamples?: number; confidence?: number; seed?: number };

/** Percentile bootstrap interval of a statistic of one sample. */
export function bootstrap(values: readonly number[], statistic: (sorted: number[]) => number, options: BootstrapOptions = {}): Interval {
  const { resamples = 2_000, confidence = 0.95, seed = 1 } = options;
  const random = seededRandom(seed);
  const estimates = Array.from({ length: resamples }, () => statistic(resample(values, random)));
  return percentileInterval(statistic(ascending(values)), estimates, confidence);
}

/** Interval of a difference of a statistic between two samples (b − a), by independent resampling. */
export function bootstrapDifference(
  a: readonly number[],
  b: readonly number[],
  statistic: (sorted: number[]) => number,
  options: BootstrapOptions = {},
): Interval {
  const { resamples = 2_000, confidence = 0.95, seed = 7 } = options;
  const random = seededRandom(seed);
  // b is drawn before a in each replicate, as it always was: seeded intervals stay the same numbers.
  const differences = Array.from({ length: resamples }, () => {
    const fromB = statistic(resample(b, random));
    return fromB - statistic(resample(a, random));
  });
  return percentileInterval(statistic(ascending(b)) - statistic(ascending(a)), differences, confidence);
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf). */
function normalCdf(z: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(z)) / Math.SQRT2);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface RankTest {
  u: number;
  z: number;
  /** Two-sided p-value. */
  pTwoSided: number;
  /** One-sided p-value for "b tends to be larger than a". */
  pGreater: number;
}

/** Mann-Whitney U test (normal approximation with tie correction and continuity correction). */
export function mannWhitney(a: readonly number[], b: readonly number[]): RankTest {
  const all = [...a.map((value) => ({ value, group: 0 })), ...b.map((value) => ({ value, group: 1 }))].sort((x, y) => x.value - y.value);
  const ranks = new Array<number>(all.length);
  let tieTerm = 0;
  for (let start = 0; start < all.length;) {
    let end = start;
    while (end + 1 < all.length && all[end + 1]!.value === all[start]!.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index += 1) ranks[index] = rank;
    const ties = end - start + 1;
    tieTerm += ties ** 3 - ties;
    start = end + 1;
  }
  const n1 = a.length;
  const n2 = b.length;
  const rankSumB = all.reduce((sum, entry, index) => (entry.group === 1 ? sum + ranks[index]! : sum), 0);
  const u = rankSumB - (n2 * (n2 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, pTwoSided: 1, pGreater: 0.5 };
  const z = (u - mean - Math.sign(u - mean) * 0.5) / Math.sqrt(variance);
  return { u, z, pTwoSided: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))), pGreater: 1 - normalCdf(z) };
}

export const median = (sorted: number[]) => quantile(sorted, 0.5);

export interface RegressionVerdict {
  /** True only when the slowdown is significant AND beyond the tolerance. */
  regressed: boolean;
  /** Relative change of the median, current vs baseline (0.15 = 15% slower). */
  medianChange: number;
  /** Interval of that relative change. */
  changeInterval: { low: number; high: number };
  pValue: number;
  /** Set when the data cannot decide: how many samples per side would. */
  samplesNeeded?: number;
}

/**
 * Did latency regress against the baseline? Flags only a slowdown that is
 * significant (one-sided rank test, alpha) AND whose whole confidence interval of
 * the median change lies beyond the tolerance.
 */
export function detectRegression(
  baseline: readonly number[],
  current: readonly number[],
  options: { tolerance?: number; alpha?: number; seed?: number } = {},
): RegressionVerdict {
  const { tolerance = 0.1, alpha = 0.01, seed = 11 } = options;
  const base = median(ascending(baseline));
  const difference = bootstrapDifference(baseline, current, median, { seed });
  const test = mannWhitney(baseline, current);
  const changeInterval = { low: difference.low / base, high: difference.high / base };
  const medianChange = difference.estimate / base;
  const regressed = test.pGreater < alpha && changeInterval.low > tolerance;
  let samplesNeeded: number | undefined;
  // Undecided whenever the interval reaches past the tolerance without the test flagging it — whatever the sign of the
  // estimate: a wide interval around a faster median can hide a slowdown too. Estimate n so the half-width would fit.
  if (!regressed && changeInterval.high > tolerance) {
    const halfWidth = (changeInterval.high - changeInterval.low) / 2;
    const room = Math.max(Math.abs(medianChange - tolerance), tolerance / 4);
    samplesNeeded = Math.ceil(Math.min(current.length, baseline.length) * (halfWidth / room) ** 2);
  }
  return { regressed, medianChange, changeInterval, pValue: test.pGreater, ...(samplesNeeded ? { samplesNeeded } : {}) };
}
