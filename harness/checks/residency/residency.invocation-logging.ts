import type { FindingDraft } from '../../model/findings.ts';
import { type InvocationLogging, type ObservationRequest, type Observations } from '../../model/observations.ts';
import { defineCheck } from '../define.ts';
import { allowedRegion, bucketRegionRequest, residencyLabel, residencyResource, residencyScopeSchema, type ResidencyScope } from './residency-scope.ts';

const loggingRequest = (scope: ResidencyScope): ObservationRequest<'bedrock.invocationLogging'> => ({
  kind: 'bedrock.invocationLogging',
  account: scope.accountId,
  region: scope.sourceRegion,
});
const logGroupRequest = (scope: ResidencyScope, logGroupName: string): ObservationRequest<'logs.logGroup'> => ({
  kind: 'logs.logGroup',
  account: scope.accountId,
  region: scope.sourceRegion,
  args: { logGroupName },
});

/** The problems of the destinations, and what could not be read. */
function destinationProblems(scope: ResidencyScope, observations: Observations, config: NonNullable<InvocationLogging['config']>) {
  const problems: string[] = [];
  const unreadable: string[] = [];
  const notes: string[] = [];
  const { cloudWatch, s3 } = config;
  if (cloudWatch?.logGroupName) {
    // Invocation logs go to CloudWatch Logs in the source Region itself.
    if (!allowedRegion(scope, scope.sourceRegion))
      problems.push(`its CloudWatch Logs destination is in ${scope.sourceRegion}, outside the residency Regions (${residencyLabel(scope)})`);
    const group = observations.attempt(logGroupRequest(scope, cloudWatch.logGroupName));
    if ('failure' in group) unreadable.push(`log group ${cloudWatch.logGroupName}: ${group.failure.reason}`);
    else if (!group.data.exists) problems.push(`its log group ${cloudWatch.logGroupName} does not exist in ${scope.sourceRegion}`);
    else if (group.data.retentionInDays !== undefined && group.data.retentionInDays < scope.minLogRetentionDays)
      problems.push(`log group ${cloudWatch.logGroupName} keeps ${group.data.retentionInDays} days, less than the required ${scope.minLogRetentionDays}`);
    else
      notes.push(
        `CloudWatch Logs ${cloudWatch.logGroupName} (${group.data.retentionInDays === undefined ? 'kept indefinitely' : `${group.data.retentionInDays} days`})`,
      );
  }
  // The S3 destination, and the bucket CloudWatch delivery sends payloads too large for a log event to.
  const buckets = [
    ...(s3?.bucketName ? [{ name: s3.bucketName, what: 'S3 bucket' }] : []),
    ...(cloudWatch?.largeDataBucket ? [{ name: cloudWatch.largeDataBucket, what: 'large-data S3 bucket' }] : []),
  ];
  for (const { name, what } of buckets) {
    const bucket = observations.attempt(bucketRegionRequest(scope, name));
    if ('failure' in bucket) unreadable.push(`${what} ${name}: ${bucket.failure.reason}`);
    else if (!allowedRegion(scope, bucket.data.region))
      problems.push(`its ${what} ${name} is in ${bucket.data.region}, outside the residency Regions (${residencyLabel(scope)})`);
    else notes.push(`${what === 'S3 bucket' ? 'S3' : 'large payloads to S3'} ${name} (${bucket.data.region})`);
  }
  return { problems, unreadable, notes };
}

export default defineCheck({
  id: 'residency.invocation-logging',
  title: 'Model invocation logging is on in the source Region, with text delivered to destinations inside the residency Regions and kept long enough',
  severity: 'high',
  rationale:
    'Model invocation logging is the record of what was asked and answered, and it is configured per Region — the source Region of every cross-Region call. Off, without text delivery, without a destination, kept shorter than the audit period, or written outside the residency Regions, it cannot back a residency claim (Amazon Bedrock User Guide, “Monitor model invocation using CloudWatch Logs and Amazon S3”).',
  remediation:
    'PutModelInvocationLoggingConfiguration in the source Region with textDataDeliveryEnabled, a CloudWatch Logs group (retention at least the required days) and/or an S3 bucket in a residency Region.',
  params: residencyScopeSchema,
  needs: (scope) => [loggingRequest(scope)],
  probes(scope, observations) {
    const { config } = observations.get(loggingRequest(scope));
    return [
      ...(config?.cloudWatch?.logGroupName ? [logGroupRequest(scope, config.cloudWatch.logGroupName)] : []),
      ...(config?.cloudWatch?.largeDataBucket ? [bucketRegionRequest(scope, config.cloudWatch.largeDataBucket)] : []),
      ...(config?.s3?.bucketName ? [bucketRegionRequest(scope, config.s3.bucketName)] : []),
    ];
  },
  evaluate(observations, scope) {
    const { config } = observations.get(loggingRequest(scope));
    const resource = residencyResource(scope, 'AWS::Bedrock::ModelInvocationLogging', `model invocation logging in ${scope.sourceRegion}`);
    const fail = (message: string, actual: string): FindingDraft => ({
      status: 'fail',
      resource,
      message,
      expected: 'on, text delivered, in residency',
      actual,
    });
    if (!config)
      return [
        fail(`Model invocation logging is off in ${scope.sourceRegion} for account ${scope.accountId}: no record of prompts and answers is kept.`, 'off'),
      ];
    if (config.textDataDeliveryEnabled !== true)
      return [
        fail(
          `Model invocation logging in ${scope.sourceRegion} for account ${scope.accountId} does not deliver text (textDataDeliveryEnabled is not true), so prompts and answers are not recorded.`,
          'text delivery off',
        ),
      ];
    if (!config.cloudWatch?.logGroupName && !config.s3?.bucketName)
      return [
        fail(
          `Model invocation logging in ${scope.sourceRegion} for account ${scope.accountId} names no destination (neither CloudWatch Logs nor S3).`,
          'no destination',
        ),
      ];
    const { problems, unreadable, notes } = destinationProblems(scope, observations, config);
    const evidence = { config, problems, unreadable };
    if (problems.length > 0)
      return [
        { ...fail(`Model invocation logging in ${scope.sourceRegion} for account ${scope.accountId}: ${problems.join('; ')}.`, problems.join('; ')), evidence },
      ];
    if (unreadable.length > 0)
      return [
        {
          status: 'error',
          resource,
          message: `Model invocation logging in ${scope.sourceRegion} is on, but crisp could not read ${unreadable.join('; ')}.`,
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        resource,
        message: `Model invocation logging is on in ${scope.sourceRegion} with text delivery to ${notes.join(' and ')}, inside the residency Regions (${residencyLabel(scope)}).`,
        evidence,
      },
    ];
  },
});
