import type { FindingDraft } from '../../model/findings.ts';
import { detectRegression } from '../../stats/latency-stats.ts';
import { defineCheck } from '../define.ts';
import { baselineRequest, converseRequest, latencyProbes, latencySuiteSchema, overBudgetSkip, planOf, profileResource, profilesOf } from './latency-scope.ts';
import { okLatencies } from './samples.ts';

const pct = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;

export default defineCheck({
  id: 'latency.regression',
  title: 'No inference profile is significantly slower than its stored baseline by more than the tolerance',
  severity: 'medium',
  rationale:
    'Fixed thresholds miss slow drifts and cry wolf on noise; a stored baseline compared with a rank test and a confidence interval flags only a slowdown that is both significant and larger than the tolerance the team accepts.',
  remediation:
    'Look for a routing change (a profile now routed to farther Regions), quota pressure or a path change on the peering; refresh the baseline with --update-baseline once a change is accepted.',
  params: latencySuiteSchema,
  needs: (scope) => {
    const baseline = baselineRequest(scope);
    return [...latencyProbes(scope), ...(baseline ? [baseline] : [])];
  },
  evaluate(observations, scope) {
    const findings: FindingDraft[] = [];
    const baselineReq = baselineRequest(scope);
    const withinBudget = planOf(scope).withinBudget;
    for (const profile of profilesOf(scope)) {
      const resource = profileResource(scope, profile);
      if (!baselineReq) {
        findings.push({ status: 'not_applicable', resource, message: 'No baseline file is named (baselineFile); regression is not judged.' });
        continue;
      }
      if (!withinBudget) {
        findings.push(overBudgetSkip(resource));
        continue;
      }
      const baseline = observations.get(baselineReq).profiles[profile];
      const current = okLatencies(observations.get(converseRequest(scope, profile)));
      if (!baseline || baseline.latencyMs.length < 2) {
        findings.push({
          status: 'skipped',
          resource,
          message: `The baseline ${scope.baselineFile} holds no samples for ${profile}; run with --update-baseline to record them.`,
        });
        continue;
      }
      if (current.length < 2) {
        findings.push({ status: 'error', resource, message: `Too few successful samples (${current.length}) to compare with the baseline.` });
        continue;
      }
      const verdict = detectRegression(baseline.latencyMs, current, { tolerance: scope.regressionTolerance, alpha: scope.alpha });
      const numbers = `median ${pct(verdict.medianChange)} [${pct(verdict.changeInterval.low)}, ${pct(verdict.changeInterval.high)}] vs the baseline (${baseline.latencyMs.length} → ${current.length} samples), one-sided rank test p=${verdict.pValue.toExponential(2)}`;
      const evidence = { ...verdict, tolerance: scope.regressionTolerance, alpha: scope.alpha, baselineWrittenAt: observations.get(baselineReq).writtenAt };
      if (verdict.regressed) {
        findings.push({
          status: 'fail',
          resource,
          message: `${profile} regressed: ${numbers}, beyond the ${pct(scope.regressionTolerance)} tolerance and significant at ${scope.alpha}.`,
          expected: `median change <= ${pct(scope.regressionTolerance)}`,
          actual: pct(verdict.medianChange),
          evidence,
        });
      } else if (verdict.samplesNeeded !== undefined) {
        findings.push({
          status: 'error',
          resource,
          message: `${profile}: cannot decide (${numbers}); the interval straddles the ${pct(scope.regressionTolerance)} tolerance — about ${verdict.samplesNeeded} samples per side are needed.`,
          evidence,
        });
      } else {
        findings.push({
          status: 'pass',
          resource,
          message: `${profile} shows no significant slowdown beyond ${pct(scope.regressionTolerance)}: ${numbers}.`,
          evidence,
        });
      }
    }
    return findings;
  },
});
