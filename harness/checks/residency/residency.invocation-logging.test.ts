/**
 * Table test for residency.invocation-logging with the logging configuration as
 * GetModelInvocationLoggingConfiguration returns it (moto's `{"loggingConfig": {}}`
 * is logging off), log groups as DescribeLogGroups answers and bucket Regions as
 * GetBucketLocation does. Proves: logging on with text delivery to a long-kept
 * Sydney log group and a Sydney bucket passes, naming both; off, text off, no
 * destination, short retention, a missing group and a bucket elsewhere each fail
 * saying which; an unreadable destination or configuration is an error.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import { Observations, type InvocationLogging, type ObservationOutcome, type ObservationRequest } from '../../model/observations.ts';
import check from './residency.invocation-logging.ts';

const ACCOUNT = '111111111111';
const SYDNEY = 'ap-southeast-2';
const GROUP = '/aws/bedrock/invocations';
const BUCKET = 'bedrock-invocations-syd';
const scope = check.params.parse({
  accountId: ACCOUNT,
  sourceRegion: SYDNEY,
  inferenceProfileIds: ['au.anthropic.claude-sonnet-4-5-20250929-v1:0'],
  residencyRegions: ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6'],
});
const at = { account: ACCOUNT, region: SYDNEY };
const loggingRequest: ObservationRequest = { kind: 'bedrock.invocationLogging', ...at };
const groupRequest = (logGroupName: string): ObservationRequest => ({ kind: 'logs.logGroup', ...at, args: { logGroupName } });
const bucketRequest = (bucket: string): ObservationRequest => ({ kind: 's3.bucketRegion', ...at, args: { bucket } });

/** Logging on, text delivered to CloudWatch Logs and S3, as the collector builds it; `edit` changes it. */
function config(edit: Partial<NonNullable<InvocationLogging['config']>> = {}): InvocationLogging {
  return {
    config: {
      textDataDeliveryEnabled: true,
      imageDataDeliveryEnabled: false,
      embeddingDataDeliveryEnabled: false,
      cloudWatch: { logGroupName: GROUP, roleArn: `arn:aws:iam::${ACCOUNT}:role/bedrock-logging` },
      s3: { bucketName: BUCKET, keyPrefix: 'bedrock/' },
      ...edit,
    },
  };
}

interface Estate {
  logging?: InvocationLogging | ObservationOutcome;
  /** The group as DescribeLogGroups finds it: retention days, `null` for none set, `missing`, or a failure. */
  group?: number | null | 'missing' | ObservationOutcome;
  bucketRegion?: string | ObservationOutcome;
}

function estate({ logging = config(), group = 400, bucketRegion = SYDNEY }: Estate = {}): Observations {
  const observations = new Observations();
  observations.set(loggingRequest, 'ok' in logging ? logging : { ok: true, data: logging });
  const groupOutcome: ObservationOutcome =
    typeof group === 'object' && group !== null
      ? group
      : {
          ok: true,
          data: group === 'missing' ? { exists: false, name: GROUP } : { exists: true, name: GROUP, ...(group === null ? {} : { retentionInDays: group }) },
        };
  observations.set(groupRequest(GROUP), groupOutcome);
  observations.set(bucketRequest(BUCKET), typeof bucketRegion === 'string' ? { ok: true, data: { bucket: BUCKET, region: bucketRegion } } : bucketRegion);
  return observations;
}

const run = (observations: Observations, params = scope) =>
  evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

const failure = (reason: string): ObservationOutcome => ({ ok: false, failure: { status: 'error', reason } });

describe(check.id, () => {
  test('clean: text delivered to a 400-day log group and a Sydney bucket passes, naming both', () => {
    const observations = estate();
    expect(check.probes!(scope, observations)).toEqual([groupRequest(GROUP), bucketRequest(BUCKET)]);
    const [finding, ...rest] = run(observations);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      status: 'pass',
      resource: { type: 'AWS::Bedrock::ModelInvocationLogging', account: ACCOUNT, region: SYDNEY },
      message: `Model invocation logging is on in ${SYDNEY} with text delivery to CloudWatch Logs ${GROUP} (400 days) and S3 ${BUCKET} (${SYDNEY}), inside the residency Regions (ap-southeast-2, ap-southeast-4, ap-southeast-6).`,
    });
  });

  test('clean: a group with no retention policy keeps logs indefinitely, and retention exactly the minimum is enough', () => {
    expect(run(estate({ group: null }))[0]!.message).toContain(`CloudWatch Logs ${GROUP} (kept indefinitely)`);
    expect(run(estate({ group: 365 }))[0]!.status).toBe('pass');
  });

  test('clean: one destination is enough (S3 only)', () => {
    const observations = estate({ logging: config({ cloudWatch: undefined }) });
    expect(check.probes!(scope, observations)).toEqual([bucketRequest(BUCKET)]);
    expect(run(observations)[0]).toMatchObject({ status: 'pass', message: expect.stringContaining(`text delivery to S3 ${BUCKET} (${SYDNEY})`) });
  });

  test('fault: logging off (moto answers {"loggingConfig": {}}, collected as no config) fails and asks for nothing more', () => {
    const observations = estate({ logging: {} });
    expect(check.probes!(scope, observations)).toEqual([]);
    expect(run(observations)[0]).toMatchObject({
      status: 'fail',
      message: `Model invocation logging is off in ${SYDNEY} for account ${ACCOUNT}: no record of prompts and answers is kept.`,
      actual: 'off',
    });
  });

  test('fault: text delivery off fails, however sound the destinations', () => {
    for (const textDataDeliveryEnabled of [false, undefined]) {
      const [finding] = run(estate({ logging: config({ textDataDeliveryEnabled }) }));
      expect(finding).toMatchObject({
        status: 'fail',
        actual: 'text delivery off',
        message: expect.stringContaining('does not deliver text (textDataDeliveryEnabled is not true)'),
      });
    }
  });

  test('fault: no destination fails', () => {
    const [finding] = run(estate({ logging: config({ cloudWatch: undefined, s3: undefined }) }));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `Model invocation logging in ${SYDNEY} for account ${ACCOUNT} names no destination (neither CloudWatch Logs nor S3).`,
    });
  });

  test('fault: a log group kept 90 days fails against the 365 required, naming group and both numbers', () => {
    const [finding] = run(estate({ group: 90 }));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `Model invocation logging in ${SYDNEY} for account ${ACCOUNT}: log group ${GROUP} keeps 90 days, less than the required 365.`,
    });
    expect(run(estate({ group: 90 }), check.params.parse({ ...scope, minLogRetentionDays: 90 }))[0]!.status).toBe('pass');
  });

  test('fault: a log group that does not exist fails, naming it and the Region', () => {
    const [finding] = run(estate({ group: 'missing' }));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining(`its log group ${GROUP} does not exist in ${SYDNEY}`) });
  });

  test('fault: a bucket outside the residency Regions fails, naming bucket, Region and the set', () => {
    const [finding] = run(estate({ bucketRegion: 'us-east-1' }));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `Model invocation logging in ${SYDNEY} for account ${ACCOUNT}: its S3 bucket ${BUCKET} is in us-east-1, outside the residency Regions (ap-southeast-2, ap-southeast-4, ap-southeast-6).`,
    });
  });

  test('fault: a source Region outside the residency set puts the CloudWatch Logs destination outside it', () => {
    const auckland = check.params.parse({ ...scope, sourceRegion: 'ap-southeast-6', residencyRegions: ['ap-southeast-2', 'ap-southeast-4'] });
    const observations = new Observations();
    const here = { account: ACCOUNT, region: 'ap-southeast-6' };
    observations.set({ kind: 'bedrock.invocationLogging', ...here }, { ok: true, data: config({ s3: undefined }) });
    observations.set({ kind: 'logs.logGroup', ...here, args: { logGroupName: GROUP } }, { ok: true, data: { exists: true, name: GROUP } });
    expect(run(observations, auckland)[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('its CloudWatch Logs destination is in ap-southeast-6, outside the residency Regions (ap-southeast-2, ap-southeast-4)'),
    });
  });

  test('fault: every problem is named, and a known problem is not hidden by an unreadable destination', () => {
    const [finding] = run(estate({ group: 30, bucketRegion: failure('s3:GetBucketLocation failed: AccessDenied: Access Denied') }));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining(`log group ${GROUP} keeps 30 days`) });
    expect(finding!.evidence).toMatchObject({ unreadable: [`S3 bucket ${BUCKET}: s3:GetBucketLocation failed: AccessDenied: Access Denied`] });
  });

  test('clean: residency [any] accepts a bucket anywhere', () => {
    expect(run(estate({ bucketRegion: 'us-east-1' }), check.params.parse({ ...scope, residencyRegions: ['any'] }))[0]!.status).toBe('pass');
  });

  test('error: a logging configuration that could not be read is an error naming the observation', () => {
    const [finding] = run(estate({ logging: failure('bedrock:GetModelInvocationLoggingConfiguration failed: ThrottlingException: Rate exceeded') }));
    expect(finding).toMatchObject({
      status: 'error',
      resource: { type: 'crisp::Observation', id: 'bedrock.invocationLogging', account: ACCOUNT, region: SYDNEY },
      message: expect.stringContaining('ThrottlingException'),
    });
  });

  test('error: an unreadable log group or bucket on an otherwise sound configuration is an error naming it, never a pass', () => {
    const [group] = run(estate({ group: failure('access denied to logs:DescribeLogGroups') }));
    expect(group).toMatchObject({
      status: 'error',
      message: `Model invocation logging in ${SYDNEY} is on, but crisp could not read log group ${GROUP}: access denied to logs:DescribeLogGroups.`,
    });
    const [bucket] = run(estate({ bucketRegion: failure('s3:GetBucketLocation failed: NoSuchBucket') }));
    expect(bucket).toMatchObject({ status: 'error', message: expect.stringContaining(`S3 bucket ${BUCKET}: s3:GetBucketLocation failed: NoSuchBucket`) });
  });

  test('fault: the bucket large payloads go to (largeDataDeliveryS3Config) is judged too', () => {
    const observations = estate({
      logging: config({ cloudWatch: { logGroupName: GROUP, roleArn: `arn:aws:iam::${ACCOUNT}:role/bedrock-logging`, largeDataBucket: 'bedrock-large-use1' } }),
    });
    expect(check.probes!(scope, observations)).toContainEqual(bucketRequest('bedrock-large-use1'));
    observations.set(bucketRequest('bedrock-large-use1'), { ok: true, data: { bucket: 'bedrock-large-use1', region: 'us-east-1' } });
    expect(run(observations)[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('its large-data S3 bucket bedrock-large-use1 is in us-east-1'),
    });
  });
});
