/** Bedrock collector: the inference profiles of an account and Region, with the model ARNs each routes to. */
import { paginateListInferenceProfiles } from '@aws-sdk/client-bedrock';
import type { CollectContext } from './context.ts';
import { drain } from './drain.ts';
import type { InferenceProfileList, ObservationRequest } from '../model/observations.ts';

/** ListInferenceProfiles (system-defined and application profiles) in one account and Region. */
export async function collectInferenceProfiles(
  context: CollectContext,
  request: ObservationRequest<'bedrock.inferenceProfiles'>,
): Promise<InferenceProfileList> {
  const client = context.clients.bedrock(request.account, request.region);
  const summaries = await drain(paginateListInferenceProfiles({ client }, {}), (page) => page.inferenceProfileSummaries);
  return {
    profiles: summaries.map((summary) => ({
      id: summary.inferenceProfileId!,
      arn: summary.inferenceProfileArn!,
      type: summary.type,
      modelArns: (summary.models ?? []).map((model) => model.modelArn!).filter(Boolean),
    })),
  };
}
