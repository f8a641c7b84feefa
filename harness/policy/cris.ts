/**
 * Cross-Region inference facts (docs/ARCHITECTURE.md §13): inference profile ids and ARNs,
 * where each profile routes, and the model ARNs Bedrock authorises for a
 * profile-routed call. Routing comes from Bedrock when the target has the API,
 * else from the suite's declaration, else from the built-in table below.
 */
import { partitionOf } from '../model/partition.ts';

export const GEOGRAPHIES = ['us', 'eu', 'apac', 'au', 'jp', 'global', 'us-gov'] as const;

/** Where a profile called from a source Region may run inference (known, documented cases only). */
const BUILT_IN_ROUTING: Record<string, Record<string, string[]>> = {
  au: {
    'ap-southeast-6': ['ap-southeast-6', 'ap-southeast-2', 'ap-southeast-4'],
    'ap-southeast-2': ['ap-southeast-2', 'ap-southeast-4'],
    'ap-southeast-4': ['ap-southeast-2', 'ap-southeast-4'],
  },
};

/** The geography prefix and model id of a profile id (`au.anthropic…` → au, anthropic…). */
export function parseProfileId(profileId: string): { geography: string; modelId: string } | undefined {
  const geography = GEOGRAPHIES.find((candidate) => profileId.startsWith(`${candidate}.`));
  return geography ? { geography, modelId: profileId.slice(geography.length + 1) } : undefined;
}

/** arn:<partition>:bedrock:<source>:<account>:inference-profile/<id> */
export function profileArn(profileId: string, sourceRegion: string, account: string): string {
  return `arn:${partitionOf(sourceRegion)}:bedrock:${sourceRegion}:${account}:inference-profile/${profileId}`;
}

/** arn:<partition>:bedrock:<region>::foundation-model/<model>; the Region-less form when region is ''. */
export function foundationModelArn(modelId: string, region: string, partition = partitionOf(region || 'us-east-1')): string {
  return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

/** One place a profile-routed call is authorised: the model ARN and the aws:RequestedRegion it carries. */
export interface Destination {
  region: string;
  requestedRegion: string;
  modelArn: string;
}

export interface ProfileRouting {
  profileId: string;
  profileArn: string;
  modelId: string;
  global: boolean;
  destinations: Destination[];
  /** Where the routing came from, for findings. */
  source: 'bedrock' | 'suite' | 'built-in';
}

/**
 * The destinations of a profile. Global profiles are authorised on the model in
 * the source Region and on the Region-less model ARN with aws:RequestedRegion
 * `unspecified`.
 */
export function routeProfile(
  profileId: string,
  sourceRegion: string,
  account: string,
  known: { fromBedrock?: string[]; declared?: string[] },
): ProfileRouting | undefined {
  const parsed = parseProfileId(profileId);
  if (!parsed) return undefined;
  const base = { profileId, profileArn: profileArn(profileId, sourceRegion, account), modelId: parsed.modelId, global: parsed.geography === 'global' };
  if (base.global) {
    return {
      ...base,
      source: known.fromBedrock ? 'bedrock' : 'built-in',
      destinations: [
        { region: sourceRegion, requestedRegion: sourceRegion, modelArn: foundationModelArn(parsed.modelId, sourceRegion) },
        { region: 'unspecified', requestedRegion: 'unspecified', modelArn: foundationModelArn(parsed.modelId, '', partitionOf(sourceRegion)) },
      ],
    };
  }
  const fromBedrock = known.fromBedrock?.map((arn) => arn.split(':')[3] ?? '').filter(Boolean);
  const regions = fromBedrock ?? known.declared ?? BUILT_IN_ROUTING[parsed.geography]?.[sourceRegion];
  if (!regions) return undefined;
  return {
    ...base,
    source: fromBedrock ? 'bedrock' : known.declared ? 'suite' : 'built-in',
    destinations: [...new Set(regions)].map((region) => ({ region, requestedRegion: region, modelArn: foundationModelArn(parsed.modelId, region) })),
  };
}
