/**
 * Parameters of the latency suite, the budgeted plan of what will be sent, and
 * the probe requests. Quota burndown is per-model configuration (docs/ARCHITECTURE.md §13),
 * overridable by the suite; nothing here is a hidden constant.
 */
import { z } from 'zod';
import { PROBE_PROMPT, type ObservationRequest } from '../../model/observations.ts';
import type { FindingDraft, ResourceRef } from '../../model/findings.ts';
import { parseProfileId } from '../../policy/cris.ts';
import { accountId, regionName } from '../network/scope.ts';

/** Output-token burndown by model (per AWS documentation at the time of writing); the suite may override. */
export const DEFAULT_BURNDOWN: readonly { pattern: string; burndown: number }[] = [
  { pattern: 'anthropic.claude-opus-4', burndown: 5 },
  { pattern: 'anthropic.claude-sonnet-4', burndown: 5 },
  { pattern: 'anthropic.claude-3-7-sonnet', burndown: 5 },
];

const profileId = z
  .string()
  .refine((id) => parseProfileId(id) !== undefined, 'must be an inference profile id such as au.anthropic.claude-sonnet-4-5-20250929-v1:0');

export const latencyScopeSchema = z.object({
  accountId,
  sourceRegion: regionName,
  auProfileId: profileId,
  globalProfileId: profileId.optional(),
  api: z.enum(['converse', 'converse-stream']).default('converse-stream'),
  samples: z.int().min(1, 'must be at least 1'),
  warmup: z.int().min(0).default(3),
  pacingMs: z.int().min(0).default(0),
  concurrency: z.int().min(1).max(32).default(1),
  maxTokens: z.int().min(1).default(32),
  ceilings: z
    .object({
      p50Ms: z.number().positive().optional(),
      p95Ms: z.number().positive().optional(),
      p99Ms: z.number().positive().optional(),
      ttftP95Ms: z.number().positive().optional(),
    })
    .strict()
    .default({}),
  maxThrottleRate: z.number().min(0).max(1).default(0.05),
  maxErrorRate: z.number().min(0).max(1).default(0.05),
  /** Samples per profile below which percentiles are not judged. */
  minSamples: z.int().min(2).default(20),
  baselineFile: z.string().optional(),
  /** Optional cap on what residency may cost: the AU median over the global median, in percent. */
  maxResidencyCostPct: z.number().min(0).optional(),
  regressionTolerance: z.number().min(0).default(0.1),
  alpha: z.number().gt(0).lt(1).default(0.01),
  budget: z
    .object({ maxRequests: z.int().min(0).optional(), maxTokens: z.int().min(0).optional(), maxCost: z.number().min(0).optional() })
    .strict()
    .refine((budget) => Object.values(budget).some((value) => value !== undefined), 'a budget needs at least one of maxRequests, maxTokens, maxCost'),
  prices: z
    .object({ inputPer1k: z.number().min(0), outputPer1k: z.number().min(0) })
    .strict()
    .optional(),
  burndown: z.record(z.string(), z.number().positive()).optional(),
  expectedPeak: z
    .object({
      requestsPerMinute: z.number().positive(),
      inputTokensPerRequest: z.number().positive().default(1000),
      outputTokensPerRequest: z.number().positive().default(500),
    })
    .strict()
    .optional(),
  quotaCodes: z.object({ tokensPerMinute: z.string().optional(), requestsPerMinute: z.string().optional() }).strict().optional(),
});

export type LatencyScope = z.output<typeof latencyScopeSchema>;

/**
 * Settings that cannot work together are suite errors at load time, never silently
 * ignored: Converse has no first token to time, and a cost budget needs prices.
 */
export const latencySuiteSchema = latencyScopeSchema.superRefine((scope, context) => {
  if (scope.api === 'converse' && scope.ceilings.ttftP95Ms !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['ceilings', 'ttftP95Ms'],
      message: 'a time-to-first-token ceiling needs api: converse-stream (Converse returns the whole answer at once, so it has no first token to time)',
    });
  }
  if (scope.budget.maxCost !== undefined && !scope.prices) {
    context.addIssue({ code: 'custom', path: ['budget', 'maxCost'], message: 'a cost budget needs prices (inputPer1k, outputPer1k) to compute the cost' });
  }
});

/** The profiles the suite measures, AU first. */
export function profilesOf(scope: LatencyScope): string[] {
  return scope.globalProfileId ? [scope.auProfileId, scope.globalProfileId] : [scope.auProfileId];
}

/** Output burndown of a model: the suite's override, else the default table, else 1. */
export function burndownOf(scope: Pick<LatencyScope, 'burndown'>, modelId: string): number {
  const override = Object.entries(scope.burndown ?? {}).find(([pattern]) => modelId.includes(pattern));
  if (override) return override[1];
  return DEFAULT_BURNDOWN.find((entry) => modelId.includes(entry.pattern))?.burndown ?? 1;
}

/** What the suite will send, and what it costs, before anything is sent. */
export interface LatencyPlan {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Input + cache-write + output × burndown, as the source Region's quota counts it. */
  quotaTokens: number;
  cost?: number;
  withinBudget: boolean;
  overBy: string[];
}

export function planOf(scope: LatencyScope): LatencyPlan {
  const profiles = profilesOf(scope);
  const requests = profiles.length * (scope.warmup + scope.samples);
  const inputPerRequest = Math.ceil(PROBE_PROMPT.length / 4) + 4;
  const inputTokens = requests * inputPerRequest;
  const outputTokens = requests * scope.maxTokens;
  const quotaTokens = profiles.reduce((sum, profile) => {
    const model = parseProfileId(profile)!.modelId;
    return sum + (scope.warmup + scope.samples) * (inputPerRequest + scope.maxTokens * burndownOf(scope, model));
  }, 0);
  const cost = scope.prices ? (inputTokens / 1000) * scope.prices.inputPer1k + (outputTokens / 1000) * scope.prices.outputPer1k : undefined;
  const overBy: string[] = [];
  if (scope.budget.maxRequests !== undefined && requests > scope.budget.maxRequests) overBy.push(`${requests} requests > ${scope.budget.maxRequests}`);
  if (scope.budget.maxTokens !== undefined && quotaTokens > scope.budget.maxTokens) overBy.push(`${quotaTokens} quota tokens > ${scope.budget.maxTokens}`);
  if (scope.budget.maxCost !== undefined) {
    if (cost === undefined) overBy.push('a cost budget is set but no prices are given');
    else if (cost > scope.budget.maxCost) overBy.push(`cost ${cost.toFixed(4)} > ${scope.budget.maxCost}`);
  }
  return { requests, inputTokens, outputTokens, quotaTokens, ...(cost !== undefined ? { cost } : {}), withinBudget: overBy.length === 0, overBy };
}

/** The finding resource for one inference profile. */
export function profileResource(scope: LatencyScope, profile: string): ResourceRef {
  return { type: 'AWS::Bedrock::InferenceProfile', id: profile, account: scope.accountId, region: scope.sourceRegion };
}

/** What a latency check reports when the budget guard kept the probes from being sent. */
export function overBudgetSkip(resource: ResourceRef): FindingDraft {
  return { status: 'skipped', resource, message: 'Not measured: the plan exceeds the budget (see latency.budget-guard).' };
}

/** The probe request for one profile (identical in every latency check, so it is sent once). */
export function converseRequest(scope: LatencyScope, profile: string): ObservationRequest<'probe.converse'> {
  return {
    kind: 'probe.converse',
    account: scope.accountId,
    region: scope.sourceRegion,
    args: {
      profileId: profile,
      api: scope.api,
      samples: String(scope.samples),
      warmup: String(scope.warmup),
      pacingMs: String(scope.pacingMs),
      concurrency: String(scope.concurrency),
      maxTokens: String(scope.maxTokens),
    },
  };
}

/** Probe requests, only when the plan is within budget: over budget, nothing is sent. */
export function latencyProbes(scope: LatencyScope): ObservationRequest[] {
  return planOf(scope).withinBudget ? profilesOf(scope).map((profile) => converseRequest(scope, profile)) : [];
}

/** The stored baseline, when the suite names one. */
export function baselineRequest(scope: LatencyScope): ObservationRequest<'baseline.latency'> | undefined {
  return scope.baselineFile
    ? { kind: 'baseline.latency', account: scope.accountId, region: scope.sourceRegion, args: { path: scope.baselineFile } }
    : undefined;
}
