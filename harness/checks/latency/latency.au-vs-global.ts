import { bootstrapDifference, mannWhitney, median } from '../../stats/latency-stats.ts';
import { defineCheck } from '../define.ts';
import { converseRequest, latencyProbes, latencySuiteSchema, overBudgetSkip, planOf } from './latency-scope.ts';
import { ms, msInterval, okLatencies } from './samples.ts';

export default defineCheck({
  id: 'latency.au-vs-global',
  title: 'What residency costs: the AU profile’s latency compared with the global profile’s, with an interval and a rank test',
  severity: 'info',
  rationale:
    'The AU geographic profile keeps inference in Australia and New Zealand; the global profile routes anywhere for throughput. The choice deserves a measured difference with its uncertainty, not a blog post’s number.',
  remediation:
    'Weigh the measured difference against the residency requirement; set maxResidencyCostPct to fail when AU is significantly slower than global by more than that.',
  params: latencySuiteSchema,
  needs: latencyProbes,
  evaluate(observations, scope) {
    const resource = {
      type: 'crisp::ProfileComparison',
      id: `${scope.auProfileId} vs ${scope.globalProfileId ?? '(none)'}`,
      account: scope.accountId,
      region: scope.sourceRegion,
    };
    if (!scope.globalProfileId)
      return [{ status: 'not_applicable', resource, message: 'No global profile is named (global_profile_id), so there is nothing to compare with.' }];
    if (!planOf(scope).withinBudget) return [overBudgetSkip(resource)];
    const au = okLatencies(observations.get(converseRequest(scope, scope.auProfileId)));
    const global = okLatencies(observations.get(converseRequest(scope, scope.globalProfileId)));
    if (au.length < 2 || global.length < 2)
      return [{ status: 'error', resource, message: `Too few successful samples to compare (AU ${au.length}, global ${global.length}).` }];
    const difference = bootstrapDifference(global, au, median, { seed: 300 });
    const test = mannWhitney(global, au);
    const medians = { au: ms(median([...au].sort((a, b) => a - b))), global: ms(median([...global].sort((a, b) => a - b))) };
    const significant = test.pTwoSided < scope.alpha;
    const direction = difference.estimate >= 0 ? 'slower' : 'faster';
    const rounded = msInterval(difference);
    const actual = {
      mediansMs: medians,
      differenceMs: rounded,
      pValue: test.pTwoSided,
      significant,
    };
    const cap = scope.maxResidencyCostPct;
    // Over the cap only when the whole interval of the difference is above it, and the rank test agrees.
    if (cap !== undefined && significant && difference.low > (cap / 100) * medians.global) {
      return [
        {
          status: 'fail',
          resource,
          message: `Residency costs more than the suite allows: AU median ${medians.au} ms is ${rounded.estimate} ms [${rounded.low}, ${rounded.high}] slower than global ${medians.global} ms (${Math.round((difference.estimate / medians.global) * 100)}% > ${cap}%).`,
          expected: `AU median within ${cap}% of global`,
          actual,
        },
      ];
    }
    return [
      {
        status: 'pass',
        resource,
        message: `AU median ${medians.au} ms vs global ${medians.global} ms: AU is ${ms(Math.abs(difference.estimate))} ms ${direction} [${rounded.low}, ${rounded.high}] (95% interval); rank test p=${test.pTwoSided.toExponential(2)} — ${significant ? 'a significant difference' : 'no significant difference'} at ${scope.alpha}.`,
        actual,
      },
    ];
  },
});
