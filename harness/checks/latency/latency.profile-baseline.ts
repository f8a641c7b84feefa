import type { FindingDraft } from '../../model/findings.ts';
import { bootstrap, quantile } from '../../stats/latency-stats.ts';
import { defineCheck } from '../define.ts';
import { converseRequest, latencyProbes, latencySuiteSchema, overBudgetSkip, planOf, profileResource, profilesOf } from './latency-scope.ts';
import { ms, msInterval, okLatencies, okTtfts } from './samples.ts';

const PERCENTILES = [0.5, 0.9, 0.95, 0.99] as const;

export default defineCheck({
  id: 'latency.profile-baseline',
  title: 'Each inference profile answers within the suite’s latency ceilings, with throttling and errors below their limits',
  severity: 'medium',
  rationale:
    'Teams choose the AU profile for residency and the global profile for throughput; what each costs in latency must be measured with intervals, not guessed, and throttles must show as throttles — a quota problem — never as slow samples.',
  remediation:
    'Raise the source-Region quota for throttling, use the global profile where residency allows it, or revisit the ceilings with the measured intervals.',
  params: latencySuiteSchema,
  needs: latencyProbes,
  evaluate(observations, scope) {
    const findings: FindingDraft[] = [];
    const withinBudget = planOf(scope).withinBudget;
    for (const profile of profilesOf(scope)) {
      const resource = profileResource(scope, profile);
      if (!withinBudget) {
        findings.push(overBudgetSkip(resource));
        continue;
      }
      const transcript = observations.get(converseRequest(scope, profile));
      const latencies = okLatencies(transcript);
      const ttfts = okTtfts(transcript);
      const attempts = transcript.samples.length;
      const throttleRate = transcript.throttled / attempts;
      const errorRate = transcript.errors / attempts;
      const sorted = [...latencies].sort((a, b) => a - b);
      const percentiles = Object.fromEntries(
        PERCENTILES.map((q, index) => {
          const interval =
            latencies.length >= 2
              ? bootstrap(latencies, (values) => quantile(values, q), { seed: 100 + index })
              : { estimate: quantile(sorted, q), low: Number.NaN, high: Number.NaN };
          return [`p${q * 100}`, msInterval(interval)];
        }),
      ) as Record<'p50' | 'p90' | 'p95' | 'p99', { estimate: number; low: number; high: number }>;
      const ttftP95 = ttfts.length >= 2 ? bootstrap(ttfts, (values) => quantile(values, 0.95), { seed: 200 }) : undefined;
      const evidence = {
        api: transcript.api,
        protocols: transcript.protocols,
        connectionReuse: transcript.connectionReuse,
        warmupDiscarded: transcript.warmupDiscarded,
        attempts,
        ok: latencies.length,
        throttled: transcript.throttled,
        errors: transcript.errors,
        percentilesMs: percentiles,
        ...(ttftP95 ? { ttftP95Ms: msInterval(ttftP95) } : {}),
        latencyMs: latencies.map(ms),
        ttftMs: ttfts.map(ms),
      };
      const label = `${profile} (${transcript.api} over ${transcript.protocols.join('/')})`;
      const problems: string[] = [];
      if (throttleRate > scope.maxThrottleRate)
        problems.push(
          `${transcript.throttled} of ${attempts} calls were throttled (${Math.round(throttleRate * 100)}% > ${Math.round(scope.maxThrottleRate * 100)}%): a quota problem, not latency`,
        );
      if (errorRate > scope.maxErrorRate)
        problems.push(`${transcript.errors} of ${attempts} calls failed (${Math.round(errorRate * 100)}% > ${Math.round(scope.maxErrorRate * 100)}%)`);
      if (latencies.length < scope.minSamples) {
        if (problems.length > 0) {
          findings.push({ status: 'fail', resource, message: `${label}: ${problems.join('; ')}.`, evidence });
        } else {
          findings.push({
            status: 'error',
            resource,
            message: `${label}: only ${latencies.length} successful samples; at least ${scope.minSamples} are needed to judge percentiles — raise samples to ${Math.ceil(scope.minSamples / Math.max(latencies.length / attempts, 0.01))}.`,
            evidence,
          });
        }
        continue;
      }
      const ceilings: [string, number | undefined, number | undefined][] = [
        ['p50', scope.ceilings.p50Ms, percentiles.p50.estimate],
        ['p95', scope.ceilings.p95Ms, percentiles.p95.estimate],
        ['p99', scope.ceilings.p99Ms, percentiles.p99.estimate],
        ['TTFT p95', scope.ceilings.ttftP95Ms, ttftP95 ? ms(ttftP95.estimate) : undefined],
      ];
      for (const [name, ceiling, value] of ceilings)
        if (ceiling !== undefined && value !== undefined && value > ceiling) problems.push(`${name} ${value} ms exceeds the ceiling of ${ceiling} ms`);
      const numbers = `p50 ${percentiles.p50.estimate} ms [${percentiles.p50.low}, ${percentiles.p50.high}], p95 ${percentiles.p95.estimate} ms [${percentiles.p95.low}, ${percentiles.p95.high}], p99 ${percentiles.p99.estimate} ms${ttftP95 ? `, TTFT p95 ${ms(ttftP95.estimate)} ms` : ''} over ${latencies.length} samples (95% intervals)`;
      findings.push(
        problems.length === 0
          ? {
              status: 'pass',
              resource,
              message: `${label}: ${numbers}; ${transcript.throttled} throttled, ${transcript.errors} errors.`,
              actual: percentiles,
              evidence,
            }
          : { status: 'fail', resource, message: `${label}: ${problems.join('; ')} — ${numbers}.`, expected: scope.ceilings, actual: percentiles, evidence },
      );
    }
    return findings;
  },
});
