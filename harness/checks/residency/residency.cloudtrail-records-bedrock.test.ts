/**
 * Table test for residency.cloudtrail-records-bedrock with trails as the collector
 * builds them from DescribeTrails, GetTrailStatus and GetEventSelectors (asked of
 * each trail's home Region), and bucket Regions as GetBucketLocation answers.
 * Proves: a sound trail passes naming itself, its bucket and that bucket's Region;
 * each way a trail can miss Bedrock invocations fails naming the trail and why;
 * a trail that only looks sound because its bucket could not be located, or a
 * trail listing that failed, is an error — never a pass.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance, probeRequestsOf } from '../../engine/engine.ts';
import { Observations, type ObservationOutcome, type ObservationRequest, type TrailView } from '../../model/observations.ts';
import check from './residency.cloudtrail-records-bedrock.ts';

const ACCOUNT = '111111111111';
const MANAGEMENT = '000000000000';
const SYDNEY = 'ap-southeast-2';
const RESIDENCY = ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6'];
const scope = check.params.parse({
  accountId: ACCOUNT,
  sourceRegion: SYDNEY,
  inferenceProfileIds: ['au.anthropic.claude-sonnet-4-5-20250929-v1:0'],
  residencyRegions: RESIDENCY,
});
const at = { account: ACCOUNT, region: SYDNEY };
const trailsRequest: ObservationRequest = { kind: 'cloudtrail.trails', ...at };
const bucketRequest = (bucket: string): ObservationRequest => ({ kind: 's3.bucketRegion', ...at, args: { bucket } });

/** A multi-Region trail homed in Sydney, logging, validated, with CloudTrail's default selectors; `edit` changes it. */
function trail(edit: Partial<TrailView> = {}): TrailView {
  return {
    name: 'audit',
    arn: `arn:aws:cloudtrail:${SYDNEY}:${ACCOUNT}:trail/audit`,
    homeRegion: SYDNEY,
    isMultiRegion: true,
    isOrganizationTrail: false,
    s3BucketName: 'audit-logs-syd',
    logFileValidation: true,
    isLogging: true,
    eventSelectors: [{ readWriteType: 'All', includeManagementEvents: true }],
    advancedEventSelectors: [],
    ...edit,
  };
}

/** The trails listing and each bucket's Region (a string, or a failure). */
function estate(trails: TrailView[] | { failure: string }, buckets: Record<string, string | ObservationOutcome> = { 'audit-logs-syd': SYDNEY }) {
  const observations = new Observations();
  observations.set(trailsRequest, 'failure' in trails ? { ok: false, failure: { status: 'error', reason: trails.failure } } : { ok: true, data: { trails } });
  for (const [bucket, region] of Object.entries(buckets))
    observations.set(bucketRequest(bucket), typeof region === 'string' ? { ok: true, data: { bucket, region } } : region);
  return observations;
}

const run = (observations: Observations, params = scope) =>
  evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

/** Advanced selectors for management events, with extra conditions. */
const management = (...conditions: TrailView['advancedEventSelectors'][number]['fieldSelectors']) => [
  { name: 'management', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, ...conditions] },
];

describe(check.id, () => {
  test('clean: a logging, validated multi-Region trail with default selectors and a Sydney bucket passes, naming trail, bucket and Region', () => {
    const observations = estate([trail()]);
    expect(check.probes!(scope, observations)).toEqual([bucketRequest('audit-logs-syd')]);
    const [finding, ...rest] = run(observations);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      status: 'pass',
      resource: { type: 'AWS::CloudTrail::Trail', id: `trails recording ${SYDNEY}`, name: 'audit', arn: trail().arn, account: ACCOUNT, region: SYDNEY },
      message: `Trail audit (multi-Region, home ${SYDNEY}) is logging ${SYDNEY}'s Bedrock invocations with validated log files to audit-logs-syd in ${SYDNEY}.`,
    });
  });

  test('clean: no selectors at all (CloudTrail’s default, as moto answers) and ReadOnly management events both record invocations', () => {
    expect(run(estate([trail({ eventSelectors: [] })]))[0]!.status).toBe('pass');
    expect(run(estate([trail({ eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: true }] })]))[0]!.status).toBe('pass');
  });

  test('clean: advanced selectors for management events (KMS excluded, reads kept) record invocations', () => {
    const selectors = management({ field: 'eventSource', notEquals: ['kms.amazonaws.com'] }, { field: 'readOnly', equals: ['true'] });
    expect(run(estate([trail({ eventSelectors: [], advancedEventSelectors: selectors })]))[0]!.status).toBe('pass');
  });

  test('clean: a multi-Region trail whose home is elsewhere counts for the source Region', () => {
    const virginia = trail({ name: 'global-audit', arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/global-audit`, homeRegion: 'us-east-1' });
    const [finding] = run(estate([virginia]));
    expect(finding).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('Trail global-audit (multi-Region, home us-east-1) is logging ap-southeast-2'),
    });
  });

  test('clean: an organization trail of the management account records the member account’s calls', () => {
    const organization = trail({ name: 'org-trail', arn: `arn:aws:cloudtrail:${SYDNEY}:${MANAGEMENT}:trail/org-trail`, isOrganizationTrail: true });
    const [finding] = run(estate([organization]));
    expect(finding).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('Trail org-trail (organization trail, multi-Region, home ap-southeast-2)'),
    });
  });

  test('clean: one sound trail is enough, whatever the others do', () => {
    const stopped = trail({ name: 'old', arn: `arn:aws:cloudtrail:${SYDNEY}:${ACCOUNT}:trail/old`, isLogging: false });
    const [finding] = run(estate([stopped, trail()]));
    expect(finding).toMatchObject({ status: 'pass', resource: { name: 'audit' } });
  });

  test('clean: residency [any] accepts a bucket anywhere', () => {
    const anywhere = check.params.parse({ ...scope, residencyRegions: ['any'] });
    const [finding] = run(estate([trail()], { 'audit-logs-syd': 'us-east-1' }), anywhere);
    expect(finding).toMatchObject({ status: 'pass', message: expect.stringContaining('to audit-logs-syd in us-east-1') });
  });

  test('fault: a stopped trail fails, naming it and GetTrailStatus', () => {
    const [finding] = run(estate([trail({ isLogging: false })]));
    expect(finding).toMatchObject({
      status: 'fail',
      resource: { id: `trails recording ${SYDNEY}` },
      message: `No trail records ${SYDNEY}'s Bedrock invocations soundly: arn:aws:cloudtrail:${SYDNEY}:${ACCOUNT}:trail/audit (multi-Region, home ${SYDNEY}): it is not logging (GetTrailStatus: IsLogging false).`,
    });
  });

  test('fault: a WriteOnly basic selector misses the read-only InvokeModel and Converse', () => {
    const [finding] = run(estate([trail({ eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }] })]));
    expect(finding).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('audit (multi-Region, home ap-southeast-2): its event selectors exclude Bedrock invocations'),
    });
  });

  test('fault: a basic selector without management events (data events only) records no invocations', () => {
    const [finding] = run(estate([trail({ eventSelectors: [{ readWriteType: 'All', includeManagementEvents: false }] })]));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('its event selectors exclude Bedrock invocations') });
  });

  test('fault: a basic selector excluding bedrock.amazonaws.com records no invocations', () => {
    const selectors = [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: ['bedrock.amazonaws.com'] }];
    expect(run(estate([trail({ eventSelectors: selectors })]))[0]!.status).toBe('fail');
  });

  test.each([
    ['readOnly Equals false (writes only)', management({ field: 'readOnly', equals: ['false'] })],
    ['readOnly NotEquals true', management({ field: 'readOnly', notEquals: ['true'] })],
    ['eventSource NotEquals bedrock.amazonaws.com', management({ field: 'eventSource', notEquals: ['bedrock.amazonaws.com'] })],
    ['eventSource NotStartsWith bedrock', management({ field: 'eventSource', notStartsWith: ['bedrock'] })],
    ['eventSource NotEndsWith amazonaws.com', management({ field: 'eventSource', notEndsWith: ['bedrock.amazonaws.com'] })],
    ['eventName EndsWith Stream only', management({ field: 'eventName', endsWith: ['WithResponseStream'] })],
    ['eventSource Equals another service only', management({ field: 'eventSource', equals: ['s3.amazonaws.com'] })],
    [
      'only data events',
      [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
          ],
        },
      ],
    ],
    [
      'a condition on a field crisp cannot place invocations by',
      management({ field: 'userIdentity.arn', notStartsWith: [`arn:aws:sts::${ACCOUNT}:assumed-role/app`] }),
    ],
  ])('fault: advanced selectors with %s record no Bedrock invocations', (_label, selectors) => {
    const [finding] = run(estate([trail({ eventSelectors: [], advancedEventSelectors: selectors })]));
    expect(finding).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(
        'audit (multi-Region, home ap-southeast-2): its advanced event selectors record no read-only management events of bedrock.amazonaws.com',
      ),
    });
  });

  test('fault: log file validation off fails', () => {
    const [finding] = run(estate([trail({ logFileValidation: false })]));
    expect(finding).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('audit (multi-Region, home ap-southeast-2): log file validation is off'),
    });
  });

  test('fault: a bucket outside the residency Regions fails, naming bucket, its Region and the set', () => {
    const [finding] = run(estate([trail({ s3BucketName: 'audit-logs-use1' })], { 'audit-logs-use1': 'us-east-1' }));
    expect(finding).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(
        'its bucket audit-logs-use1 is in us-east-1, outside the residency Regions (ap-southeast-2, ap-southeast-4, ap-southeast-6)',
      ),
    });
    expect(finding!.evidence).toMatchObject({ trails: [{ arn: trail().arn, bucketRegion: 'us-east-1' }] });
  });

  test('fault: every problem of every trail is named, trail by trail', () => {
    const local = trail({
      name: 'local',
      arn: `arn:aws:cloudtrail:${SYDNEY}:${ACCOUNT}:trail/local`,
      isMultiRegion: false,
      logFileValidation: false,
      s3BucketName: undefined,
    });
    const [finding] = run(estate([trail({ isLogging: false, eventSelectors: [{ readWriteType: 'WriteOnly' }] }), local]));
    expect(finding!.status).toBe('fail');
    expect(finding!.message).toContain(
      'audit (multi-Region, home ap-southeast-2): it is not logging (GetTrailStatus: IsLogging false); its event selectors exclude',
    );
    expect(finding!.message).toContain('local (home ap-southeast-2): log file validation is off; it delivers to no S3 bucket');
  });

  test('fault: no trail at all fails, saying only the 90-day event history is left', () => {
    const [finding] = run(estate([]));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `No trail records management events of ${SYDNEY} in account ${ACCOUNT}: neither a trail whose home is ${SYDNEY} nor a multi-Region trail exists, so Bedrock calls leave only the 90-day event history.`,
    });
  });

  test('fault: a single-Region trail of another Region, or a multi-Region trail of another partition, records nothing of the source Region', () => {
    const melbourne = trail({ name: 'mel', arn: `arn:aws:cloudtrail:ap-southeast-4:${ACCOUNT}:trail/mel`, homeRegion: 'ap-southeast-4', isMultiRegion: false });
    const gov = trail({ name: 'gov', arn: `arn:aws-us-gov:cloudtrail:us-gov-west-1:${ACCOUNT}:trail/gov`, homeRegion: 'us-gov-west-1' });
    const observations = estate([melbourne, gov]);
    expect(check.probes!(scope, observations)).toEqual([]);
    expect(run(observations)[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('No trail records management events of ap-southeast-2') });
  });

  test('error: a failed trail listing is an error naming the observation, account and Region', () => {
    const [finding] = run(estate({ failure: "access denied to cloudtrail:DescribeTrails: grant it to crisp's read-only role (AccessDeniedException)" }));
    expect(finding).toMatchObject({
      status: 'error',
      resource: { type: 'crisp::Observation', id: 'cloudtrail.trails', account: ACCOUNT, region: SYDNEY },
      message: expect.stringContaining('access denied to cloudtrail:DescribeTrails'),
    });
    // Round two derives nothing from a failed listing (the engine catches the unavailable input).
    expect(probeRequestsOf({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, estate({ failure: 'x' }))).toEqual([]);
  });

  test('error: an otherwise sound trail whose bucket Region cannot be read is an error naming the bucket, never a pass', () => {
    const denied: ObservationOutcome = { ok: false, failure: { status: 'error', reason: 's3:GetBucketLocation failed: AccessDenied: Access Denied' } };
    const [finding] = run(estate([trail()], { 'audit-logs-syd': denied }));
    expect(finding).toMatchObject({
      status: 'error',
      resource: { name: 'audit' },
      message: expect.stringContaining('the Region of bucket audit-logs-syd could not be read (s3:GetBucketLocation failed: AccessDenied: Access Denied)'),
    });
  });

  test('fault: a trail with problems of its own still fails when its bucket cannot be located', () => {
    const denied: ObservationOutcome = { ok: false, failure: { status: 'error', reason: 'AccessDenied' } };
    expect(run(estate([trail({ isLogging: false })], { 'audit-logs-syd': denied }))[0]!.status).toBe('fail');
  });
});
