/**
 * Bedrock control-plane collector: the inference profiles of an account and
 * Region (with the model ARNs each routes to), one profile as its source Region
 * describes it, and the model invocation logging configuration.
 */
import { GetInferenceProfileCommand, GetModelInvocationLoggingConfigurationCommand, paginateListInferenceProfiles } from '@aws-sdk/client-bedrock';
import type { CollectContext } from './context.ts';
import { drain } from './drain.ts';
import type { InferenceProfileDetail, InferenceProfileList, InvocationLogging, ObservationCatalog, ObservationRequest } from '../model/observations.ts';

type BedrockKind = 'bedrock.inferenceProfiles' | 'bedrock.inferenceProfile' | 'bedrock.invocationLogging';

/** ListInferenceProfiles (system-defined and application profiles) in one account and Region. */
async function listInferenceProfiles(context: CollectContext, request: ObservationRequest): Promise<InferenceProfileList> {
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

/** GetInferenceProfile for one profile id, asked of its source Region. */
async function getInferenceProfile(context: CollectContext, request: ObservationRequest): Promise<InferenceProfileDetail> {
  const profile = await context.clients
    .bedrock(request.account, request.region)
    .send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: request.args?.profileId ?? '' }));
  return {
    id: profile.inferenceProfileId ?? request.args?.profileId ?? '',
    arn: profile.inferenceProfileArn ?? '',
    ...(profile.type ? { type: profile.type } : {}),
    ...(profile.status ? { status: profile.status } : {}),
    modelArns: (profile.models ?? []).map((model) => model.modelArn ?? '').filter(Boolean),
  };
}

/** GetModelInvocationLoggingConfiguration; an empty configuration (moto's `{}`) means logging is off. */
async function getInvocationLogging(context: CollectContext, request: ObservationRequest): Promise<InvocationLogging> {
  const { loggingConfig } = await context.clients.bedrock(request.account, request.region).send(new GetModelInvocationLoggingConfigurationCommand({}));
  if (!loggingConfig || Object.keys(loggingConfig).length === 0) return {};
  const cloudWatch = loggingConfig.cloudWatchConfig;
  const s3 = loggingConfig.s3Config;
  return {
    config: {
      ...(loggingConfig.textDataDeliveryEnabled !== undefined ? { textDataDeliveryEnabled: loggingConfig.textDataDeliveryEnabled } : {}),
      ...(loggingConfig.imageDataDeliveryEnabled !== undefined ? { imageDataDeliveryEnabled: loggingConfig.imageDataDeliveryEnabled } : {}),
      ...(loggingConfig.embeddingDataDeliveryEnabled !== undefined ? { embeddingDataDeliveryEnabled: loggingConfig.embeddingDataDeliveryEnabled } : {}),
      ...(cloudWatch?.logGroupName
        ? { cloudWatch: { logGroupName: cloudWatch.logGroupName, ...(cloudWatch.roleArn ? { roleArn: cloudWatch.roleArn } : {}) } }
        : {}),
      ...(s3?.bucketName ? { s3: { bucketName: s3.bucketName, ...(s3.keyPrefix ? { keyPrefix: s3.keyPrefix } : {}) } } : {}),
    },
  };
}

/** Collects one Bedrock control-plane observation. */
export async function collectBedrock<K extends BedrockKind>(context: CollectContext, request: ObservationRequest<K>): Promise<ObservationCatalog[K]> {
  switch (request.kind) {
    case 'bedrock.inferenceProfiles':
      return (await listInferenceProfiles(context, request)) as ObservationCatalog[K];
    case 'bedrock.inferenceProfile':
      return (await getInferenceProfile(context, request)) as ObservationCatalog[K];
    case 'bedrock.invocationLogging':
      return (await getInvocationLogging(context, request)) as ObservationCatalog[K];
  }
  throw new Error(`no Bedrock collector for ${request.kind}`);
}
