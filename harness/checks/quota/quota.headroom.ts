import type { FindingDraft } from '../../model/findings.ts';
import { parseProfileId } from '../../policy/cris.ts';
import { defineCheck } from '../define.ts';
import { burndownOf, latencySuiteSchema, profilesOf, type LatencyScope } from '../latency/latency-scope.ts';

const quotasRequest = (scope: LatencyScope) => ({
  kind: 'servicequotas.quotas' as const,
  account: scope.accountId,
  region: scope.sourceRegion,
  args: { serviceCode: 'bedrock' },
});

/** Words of a model id that a quota name must contain (anthropic.claude-sonnet-4-5-… → claude, sonnet, 4.5). */
function modelWords(modelId: string): string[] {
  const name = modelId
    .split('.')
    .slice(1)
    .join('.')
    .replace(/-\d{8}.*$/, '')
    .replace(/-v\d.*$/, '');
  const parts = name.split('-');
  const words = parts.filter((part) => !/^\d+$/.test(part));
  const version = parts.filter((part) => /^\d+$/.test(part)).join('.');
  return [...words, ...(version ? [version] : [])];
}

function findQuota(quotas: { code: string; name: string; value: number }[], code: string | undefined, modelId: string, kind: 'tokens' | 'requests') {
  if (code) return quotas.find((quota) => quota.code === code);
  const words = modelWords(modelId);
  return quotas.find((quota) => {
    const name = quota.name.toLowerCase();
    return name.includes('cross-region') && name.includes(`${kind} per minute`) && words.every((word) => name.includes(word.toLowerCase()));
  });
}

export default defineCheck({
  id: 'quota.headroom',
  title: 'The source Region’s cross-Region quotas for each profile’s model cover the expected peak, with output burndown counted',
  severity: 'high',
  rationale:
    'Quotas are enforced in the source Region, and output tokens count several times for some models (burndown): a peak that fits in requests can still exhaust tokens per minute and throttle every call.',
  remediation:
    'Request a quota increase for the cross-Region tokens/requests per minute of the model in the source Region (Service Quotas), or lower max tokens.',
  params: latencySuiteSchema,
  needs: (scope) => (scope.expectedPeak ? [quotasRequest(scope)] : []),
  evaluate(observations, scope) {
    const base = { account: scope.accountId, region: scope.sourceRegion };
    if (!scope.expectedPeak)
      return [
        {
          status: 'not_applicable',
          resource: { type: 'crisp::QuotaPlan', id: 'expected peak', ...base },
          message: 'No expected peak is declared (expectedPeak); quota headroom is not judged.',
        },
      ];
    const peak = scope.expectedPeak;
    const { quotas } = observations.get(quotasRequest(scope));
    const findings: FindingDraft[] = [];
    for (const profile of profilesOf(scope)) {
      const model = parseProfileId(profile)!.modelId;
      const burndown = burndownOf(scope, model);
      const tokensNeeded = peak.requestsPerMinute * (peak.inputTokensPerRequest + peak.outputTokensPerRequest * burndown);
      const tokens = findQuota(quotas, scope.quotaCodes?.tokensPerMinute, model, 'tokens');
      const requests = findQuota(quotas, scope.quotaCodes?.requestsPerMinute, model, 'requests');
      const resource = { type: 'AWS::ServiceQuotas::Quota', id: `${model} (cross-Region)`, ...base };
      if (!tokens || !requests) {
        findings.push({
          status: 'error',
          resource,
          message: `No cross-Region ${!tokens ? 'tokens' : 'requests'}-per-minute quota for ${model} was found in ${scope.sourceRegion}; name it with quotaCodes.`,
        });
        continue;
      }
      const problems: string[] = [];
      if (tokensNeeded > tokens.value) problems.push(`${tokensNeeded} tokens/min needed (burndown ${burndown}) > ${tokens.value} (${tokens.code})`);
      if (peak.requestsPerMinute > requests.value) problems.push(`${peak.requestsPerMinute} requests/min > ${requests.value} (${requests.code})`);
      const actual = {
        tokensPerMinute: { quota: tokens.value, needed: tokensNeeded, burndown },
        requestsPerMinute: { quota: requests.value, needed: peak.requestsPerMinute },
      };
      findings.push(
        problems.length === 0
          ? {
              status: 'pass',
              resource,
              message: `${model} in ${scope.sourceRegion}: ${Math.round((1 - tokensNeeded / tokens.value) * 100)}% token and ${Math.round((1 - peak.requestsPerMinute / requests.value) * 100)}% request headroom at the expected peak.`,
              actual,
            }
          : { status: 'fail', resource, message: `${model} in ${scope.sourceRegion} lacks headroom: ${problems.join('; ')}.`, actual },
      );
    }
    return findings;
  },
});
