import { defineCheck } from '../define.ts';
import { latencySuiteSchema, planOf, profilesOf } from './latency-scope.ts';

export default defineCheck({
  id: 'latency.budget-guard',
  title: 'The latency measurement stays within the suite’s budget of requests, quota tokens and cost — or nothing is sent',
  severity: 'high',
  rationale:
    'Latency probes invoke real models: every request consumes tokens-per-minute quota in the source Region (output tokens × the model’s burndown) and costs money. The plan is computed before anything is sent, and an over-budget suite sends nothing.',
  remediation: 'Lower samples, warm-up or max tokens, drop the global profile, or raise the budget deliberately in the suite.',
  params: latencySuiteSchema,
  needs: () => [],
  evaluate(_observations, scope) {
    const plan = planOf(scope);
    const profiles = profilesOf(scope);
    const resource = { type: 'crisp::LatencyPlan', id: profiles.join(' + '), account: scope.accountId, region: scope.sourceRegion };
    const summary = `${plan.requests} requests (${profiles.length} profile${profiles.length > 1 ? 's' : ''} × ${scope.warmup} warm-up + ${scope.samples} samples), ${plan.inputTokens} input and up to ${plan.outputTokens} output tokens, ${plan.quotaTokens} quota tokens with burndown${plan.cost !== undefined ? `, cost ${plan.cost.toFixed(4)}` : ''}`;
    return plan.withinBudget
      ? [{ status: 'pass', resource, message: `Plan within budget: ${summary}.`, expected: scope.budget, actual: plan }]
      : [
          {
            status: 'fail',
            resource,
            message: `Refused: the plan exceeds the budget (${plan.overBy.join('; ')}); nothing was sent. Plan: ${summary}.`,
            expected: scope.budget,
            actual: plan,
          },
        ];
  },
});
