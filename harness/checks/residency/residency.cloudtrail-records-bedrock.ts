import type { Observations, TrailView } from '../../model/observations.ts';
import { partitionOf } from '../../model/partition.ts';
import { defineCheck } from '../define.ts';
import { allowedRegion, bucketRegionRequest, residencyLabel, residencyResource, residencyScopeSchema, type ResidencyScope } from './residency-scope.ts';

const trailsRequest = (scope: ResidencyScope) => ({ kind: 'cloudtrail.trails' as const, account: scope.accountId, region: scope.sourceRegion });

/** The Bedrock invocation events a trail must record (Converse calls are recorded under their own names). */
const INVOCATIONS = ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'];

type FieldSelector = TrailView['advancedEventSelectors'][number]['fieldSelectors'][number];

/** True when one field condition admits `value`: every operator it sets must hold (the include operators match any listed value, the exclude ones none). */
function admits(condition: FieldSelector, value: string): boolean {
  if (condition.equals && !condition.equals.includes(value)) return false;
  if (condition.startsWith && !condition.startsWith.some((prefix) => value.startsWith(prefix))) return false;
  if (condition.notEquals?.includes(value)) return false;
  if (condition.notStartsWith?.some((prefix) => value.startsWith(prefix))) return false;
  if (condition.endsWith && !condition.endsWith.some((suffix) => value.endsWith(suffix))) return false;
  if (condition.notEndsWith?.some((suffix) => value.endsWith(suffix))) return false;
  return true;
}

/** The value an invocation event has for a field, or undefined for a field crisp cannot place it by (so it narrows the selector). */
function invocationField(field: string, eventName: string): string | undefined {
  switch (field) {
    case 'eventCategory':
      return 'Management';
    case 'readOnly':
      return 'true';
    case 'eventSource':
      return 'bedrock.amazonaws.com';
    case 'eventName':
      return eventName;
    default:
      return undefined;
  }
}

/** True when an advanced selector records every Bedrock invocation event: each of its conditions admits them all. */
function recordsInvocations(selector: TrailView['advancedEventSelectors'][number]): boolean {
  if (!selector.fieldSelectors.some((condition) => condition.field === 'eventCategory')) return false;
  return INVOCATIONS.every((eventName) =>
    selector.fieldSelectors.every((condition) => {
      const value = invocationField(condition.field, eventName);
      return value !== undefined && admits(condition, value);
    }),
  );
}

/**
 * Why a trail's event selectors would not record Bedrock invocations, or undefined
 * when they do. InvokeModel and Converse are read-only management events of
 * bedrock.amazonaws.com, so a selector must include management events, read ones
 * included, without excluding that event source.
 */
export function selectorGap(trail: TrailView): string | undefined {
  if (trail.advancedEventSelectors.length > 0) {
    // Advanced selectors replace basic ones; a condition on a field crisp cannot place an invocation by counts as narrowing it.
    return trail.advancedEventSelectors.some(recordsInvocations)
      ? undefined
      : 'its advanced event selectors record no read-only management events of bedrock.amazonaws.com';
  }
  // No selectors at all is CloudTrail's default: all management events.
  if (trail.eventSelectors.length === 0) return undefined;
  const records = trail.eventSelectors.some(
    (selector) =>
      selector.includeManagementEvents !== false &&
      (selector.readWriteType ?? 'All') !== 'WriteOnly' &&
      !(selector.excludeManagementEventSources ?? []).includes('bedrock.amazonaws.com'),
  );
  return records ? undefined : 'its event selectors exclude Bedrock invocations (no selector records read-only management events of bedrock.amazonaws.com)';
}

/** True when a trail records events of `region`: its home is there, or it is multi-Region in the same partition. */
function appliesTo(trail: TrailView, region: string): boolean {
  if (!trail.arn.startsWith(`arn:${partitionOf(region)}:`)) return false;
  return trail.homeRegion === region || trail.isMultiRegion;
}

/** How a finding names a trail's reach. */
const reachOf = (trail: TrailView) =>
  [trail.isOrganizationTrail ? 'organization trail' : '', trail.isMultiRegion ? `multi-Region, home ${trail.homeRegion}` : `home ${trail.homeRegion}`]
    .filter(Boolean)
    .join(', ');

/** The problems of one trail for the source Region, and whether its bucket's Region could be read. */
function problemsOf(trail: TrailView, scope: ResidencyScope, observations: Observations): { problems: string[]; unreadable?: string; bucketRegion?: string } {
  const problems: string[] = [];
  if (!trail.isLogging) problems.push('it is not logging (GetTrailStatus: IsLogging false)');
  const gap = selectorGap(trail);
  if (gap) problems.push(gap);
  if (!trail.logFileValidation) problems.push('log file validation is off');
  if (!trail.s3BucketName) {
    problems.push('it delivers to no S3 bucket');
    return { problems };
  }
  const bucket = observations.attempt(bucketRegionRequest(scope, trail.s3BucketName));
  if ('failure' in bucket) return { problems, unreadable: `the Region of bucket ${trail.s3BucketName} could not be read (${bucket.failure.reason})` };
  const { region } = bucket.data;
  if (!allowedRegion(scope, region))
    problems.push(`its bucket ${trail.s3BucketName} is in ${region}, outside the residency Regions (${residencyLabel(scope)})`);
  return { problems, bucketRegion: region };
}

export default defineCheck({
  id: 'residency.cloudtrail-records-bedrock',
  title: 'A trail records the source Region’s Bedrock invocations: logging, management events included, validated, delivered inside the residency Regions',
  severity: 'high',
  rationale:
    'CloudTrail records every cross-Region inference call in the source Region, with additionalEventData.inferenceRegion naming where it ran: the audit record of where data went. A trail that is stopped, that excludes read-only management events (InvokeModel and Converse are read-only), that skips log file validation, or that delivers to a bucket outside the residency Regions leaves no trustworthy record where auditors expect it (AWS CloudTrail User Guide, “Logging management events” and “Validating CloudTrail log file integrity”; Amazon Bedrock User Guide, “Monitor Amazon Bedrock API calls using CloudTrail”).',
  remediation:
    'Create (or fix) a trail whose home is the source Region or that is multi-Region: StartLogging, an event selector with IncludeManagementEvents true and ReadWriteType All, EnableLogFileValidation, and an S3 bucket in a residency Region.',
  params: residencyScopeSchema,
  needs: (scope) => [trailsRequest(scope)],
  probes(scope, observations) {
    const { trails } = observations.get(trailsRequest(scope));
    return trails.filter((trail) => trail.s3BucketName && appliesTo(trail, scope.sourceRegion)).map((trail) => bucketRegionRequest(scope, trail.s3BucketName!));
  },
  evaluate(observations, scope) {
    // A single-Region trail elsewhere (or another partition's) records nothing of the source Region.
    const trails = observations.get(trailsRequest(scope)).trails.filter((trail) => appliesTo(trail, scope.sourceRegion));
    // One resource id whatever the verdict, so a baseline compares like with like; the trail judged is named beside it.
    const resource = residencyResource(scope, 'AWS::CloudTrail::Trail', `trails recording ${scope.sourceRegion}`);
    if (trails.length === 0) {
      return [
        {
          status: 'fail',
          resource,
          message: `No trail records management events of ${scope.sourceRegion} in account ${scope.accountId}: neither a trail whose home is ${scope.sourceRegion} nor a multi-Region trail exists, so Bedrock calls leave only the 90-day event history.`,
          expected: 'a logging trail',
          actual: 'none',
        },
      ];
    }
    const judged = trails.map((trail) => ({ trail, ...problemsOf(trail, scope, observations) }));
    const evidence = {
      trails: judged.map(({ trail, problems, unreadable, bucketRegion }) => ({
        arn: trail.arn,
        homeRegion: trail.homeRegion,
        multiRegion: trail.isMultiRegion,
        organizationTrail: trail.isOrganizationTrail,
        ...(bucketRegion ? { bucketRegion } : {}),
        problems,
        ...(unreadable ? { unreadable } : {}),
      })),
    };
    const good = judged.find((entry) => entry.problems.length === 0 && !entry.unreadable);
    if (good) {
      return [
        {
          status: 'pass',
          resource: { ...resource, name: good.trail.name, arn: good.trail.arn },
          message: `Trail ${good.trail.name} (${reachOf(good.trail)}) is logging ${scope.sourceRegion}'s Bedrock invocations with validated log files to ${good.trail.s3BucketName} in ${good.bucketRegion}.`,
          evidence,
        },
      ];
    }
    // Nothing is proven good; an unreadable bucket on an otherwise sound trail leaves the verdict open.
    const open = judged.find((entry) => entry.problems.length === 0 && entry.unreadable);
    if (open) {
      return [
        {
          status: 'error',
          resource: { ...resource, name: open.trail.name, arn: open.trail.arn },
          message: `Trail ${open.trail.name} (${reachOf(open.trail)}) is logging with Bedrock invocations selected and validation on, but ${open.unreadable}, so whether its records stay inside the residency Regions (${residencyLabel(scope)}) is unknown.`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'fail',
        resource,
        message: `No trail records ${scope.sourceRegion}'s Bedrock invocations soundly: ${judged.map((entry) => `${entry.trail.arn} (${reachOf(entry.trail)}): ${entry.problems.join('; ')}`).join(' — ')}.`,
        expected: 'a logging trail with management events, validation and an in-residency bucket',
        actual: judged.map((entry) => entry.problems.join('; ')).join(' | '),
        evidence,
      },
    ];
  },
});
