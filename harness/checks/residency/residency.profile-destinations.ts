import type { FindingDraft } from '../../model/findings.ts';
import type { ObservationRequest } from '../../model/observations.ts';
import { parseProfileId } from '../../policy/cris.ts';
import { defineCheck } from '../define.ts';
import { allowedRegion, residencyLabel, residencyResource, residencyScopeSchema, type ResidencyScope } from './residency-scope.ts';

const profileRequest = (scope: ResidencyScope, profileId: string): ObservationRequest<'bedrock.inferenceProfile'> => ({
  kind: 'bedrock.inferenceProfile',
  account: scope.accountId,
  region: scope.sourceRegion,
  args: { profileId },
});

/** The Region of a foundation-model ARN; '' for the Region-less ARN of global routing. */
const regionOfModel = (arn: string) => arn.split(':')[3] ?? '';

/** A destination as findings name it. */
const label = (region: string) => region || '(any Region)';

export default defineCheck({
  id: 'residency.profile-destinations',
  title: 'Every inference profile in use routes only to Regions inside the residency set, as its source Region describes it',
  severity: 'critical',
  rationale:
    'A cross-Region inference profile decides where inference runs: a geographic profile stays in its geography, a global profile may run anywhere (its model ARN names no Region). The source Region’s own description of the profile (GetInferenceProfile) is the authority on its destinations, and they must all lie inside the residency set (Amazon Bedrock User Guide, “Supported Regions and models for inference profiles”).',
  remediation:
    'Use a geographic profile whose destinations are all inside the residency Regions (for Australia: au.*); stop using global.* profiles unless the residency set is `any`.',
  params: residencyScopeSchema,
  needs: (scope) => scope.inferenceProfileIds.map((profileId) => profileRequest(scope, profileId)),
  evaluate(observations, scope) {
    const findings: FindingDraft[] = [];
    for (const profileId of scope.inferenceProfileIds) {
      const resource = residencyResource(scope, 'AWS::Bedrock::InferenceProfile', profileId);
      // Each profile stands alone: one profile that cannot be read does not hide another's verdict.
      const read = observations.attempt(profileRequest(scope, profileId));
      if ('failure' in read) {
        findings.push({
          status: read.failure.status,
          resource,
          message: `${read.failure.status === 'skipped' ? 'Skipped' : 'Could not evaluate'}: ${profileId} as ${scope.sourceRegion} describes it: ${read.failure.reason} (account ${scope.accountId}, Region ${scope.sourceRegion}).`,
        });
        continue;
      }
      const profile = read.data;
      const destinations = [...new Set(profile.modelArns.map(regionOfModel))].sort();
      const evidence = { arn: profile.arn, modelArns: profile.modelArns, destinations };
      const global = parseProfileId(profileId)?.geography === 'global' || destinations.includes('');
      if (global && !scope.residencyRegions.includes('any')) {
        findings.push({
          status: 'fail',
          resource,
          message: `${profileId} (${profile.arn}) is a global profile: it may run inference in any Region (its models include the Region-less ARN; destinations ${destinations.map(label).join(', ')}), which a residency set of ${residencyLabel(scope)} does not allow.`,
          expected: residencyLabel(scope),
          actual: 'any Region',
          evidence,
        });
        continue;
      }
      if (destinations.length === 0) {
        findings.push({
          status: 'error',
          resource,
          message: `${scope.sourceRegion} describes ${profileId} with no model ARNs, so its destinations are unknown.`,
          evidence,
        });
        continue;
      }
      const outside = destinations.filter((region) => region && !allowedRegion(scope, region));
      findings.push(
        outside.length > 0
          ? {
              status: 'fail',
              resource,
              message: `${profileId} (${profile.arn}) called from ${scope.sourceRegion} routes to ${outside.join(', ')}, outside the residency Regions (${residencyLabel(scope)}); all destinations: ${destinations.map(label).join(', ')}.`,
              expected: residencyLabel(scope),
              actual: destinations.map(label).join(', '),
              evidence,
            }
          : {
              status: 'pass',
              resource,
              message: `${profileId} called from ${scope.sourceRegion} routes only to ${destinations.map(label).join(', ')}, inside the residency Regions (${residencyLabel(scope)}).`,
              evidence,
            },
      );
    }
    return findings;
  },
});
