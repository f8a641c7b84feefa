/**
 * Parameters and shared reading for the residency checks: the account and
 * source Region whose records are judged, the profiles in use, the Regions
 * where inference and its records may be (or `any`), the look-back window and
 * the log retention the auditors require.
 */
import { z } from 'zod';
import type { ObservationRequest } from '../../model/observations.ts';
import { parseProfileId } from '../../policy/cris.ts';
import { accountId, regionName } from '../network/scope.ts';

const VACUOUS = 'is empty, so the check would verify nothing (a vacuous expectation)';

export const residencyScopeSchema = z.object({
  accountId,
  sourceRegion: regionName,
  inferenceProfileIds: z
    .array(z.string().refine((id) => parseProfileId(id) !== undefined, 'must be an inference profile id such as au.anthropic.claude-sonnet-4-5-20250929-v1:0'))
    .min(1, VACUOUS),
  /** Where inference and its records may be; `any` lifts the restriction (a global profile is then allowed). */
  residencyRegions: z.array(z.union([regionName, z.literal('any')])).min(1, VACUOUS),
  /** CloudTrail's event history keeps 90 days. */
  lookbackHours: z.number().positive().max(2160, 'must be at most 2160 (CloudTrail event history keeps 90 days)').default(24),
  minLogRetentionDays: z.int().positive().default(365),
});

export type ResidencyScope = z.output<typeof residencyScopeSchema>;

/** True when `region` is a place the residency set allows. */
export function allowedRegion(scope: ResidencyScope, region: string): boolean {
  return scope.residencyRegions.includes('any') || scope.residencyRegions.includes(region);
}

/** The residency set as findings name it. */
export const residencyLabel = (scope: ResidencyScope) => (scope.residencyRegions.includes('any') ? 'any Region' : scope.residencyRegions.join(', '));

/** The S3 bucket-Region request for a bucket (GetBucketLocation answers from any Region). */
export const bucketRegionRequest = (scope: ResidencyScope, bucket: string): ObservationRequest<'s3.bucketRegion'> => ({
  kind: 's3.bucketRegion',
  account: scope.accountId,
  region: scope.sourceRegion,
  args: { bucket },
});

/** The account and source Region a residency finding is about. */
export const residencyResource = (scope: ResidencyScope, type: string, id: string) => ({ type, id, account: scope.accountId, region: scope.sourceRegion });
