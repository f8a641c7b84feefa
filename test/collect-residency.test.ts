/**
 * The residency collectors against a real moto server, through crisp's own
 * clients and collect(): CloudTrail trails as seen from a Region (moto lists every
 * multi-Region trail everywhere, other partitions included, and answers
 * GetTrailStatus by name from the wrong Region — crisp keeps the partition's
 * trails and asks each trail's home Region by ARN), S3 bucket Regions (us-east-1's
 * null constraint), CloudWatch Logs groups by exact name, the Bedrock invocation
 * logging configuration (moto's `{}` is off), and the APIs moto lacks
 * (LookupEvents, GetInferenceProfile) coming back skipped — never as data.
 */
import { CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AnyCheck } from '../harness/checks/define.ts';
import cloudTrailRecordsBedrock from '../harness/checks/residency/residency.cloudtrail-records-bedrock.ts';
import invocationLogging from '../harness/checks/residency/residency.invocation-logging.ts';
import { collect } from '../harness/collect/collect.ts';
import type { CollectContext } from '../harness/collect/context.ts';
import { evaluateInstance, probeRequestsOf } from '../harness/engine/engine.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { CallLog } from '../harness/model/call-log.ts';
import type { ObservationCatalog, ObservationKind, ObservationOutcome, ObservationRequest } from '../harness/model/observations.ts';

const ACCOUNT = '555555555555';
const SYDNEY = 'ap-southeast-2';
const MELBOURNE = 'ap-southeast-4';
const VIRGINIA = 'us-east-1';
const GOV = 'us-gov-west-1';
const SYD_BUCKET = 'crisp-residency-syd';
const USE1_BUCKET = 'crisp-residency-use1';
const GROUP = '/aws/bedrock/invocations';

let moto: MotoServer;
let clients: AwsClients;
let context: CollectContext;

beforeAll(async () => {
  moto = await startMotoServer();
  clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  context = { clients, targetKind: 'moto', targetLabel: `moto at ${moto.endpoint}`, progress: () => {} };

  await clients.s3(ACCOUNT, SYDNEY).send(new CreateBucketCommand({ Bucket: SYD_BUCKET, CreateBucketConfiguration: { LocationConstraint: SYDNEY } }));
  // us-east-1 takes no location constraint (an explicit one is refused).
  await clients.s3(ACCOUNT, VIRGINIA).send(new CreateBucketCommand({ Bucket: USE1_BUCKET }));

  // The multi-Region trail homed in Sydney: logging, validated, all management events.
  const sydney = clients.cloudTrail(ACCOUNT, SYDNEY);
  await sydney.send(new CreateTrailCommand({ Name: 'org-audit', S3BucketName: SYD_BUCKET, IsMultiRegionTrail: true, EnableLogFileValidation: true }));
  await sydney.send(new PutEventSelectorsCommand({ TrailName: 'org-audit', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
  await sydney.send(new StartLoggingCommand({ Name: 'org-audit' }));
  // A single-Region trail of another Region, never started.
  await clients.cloudTrail(ACCOUNT, VIRGINIA).send(new CreateTrailCommand({ Name: 'local-use1', S3BucketName: USE1_BUCKET }));
  // Melbourne's own single-Region trail with the same name, never started, write-only: moto's GetTrailStatus by
  // name would answer for Sydney's trail.
  const melbourne = clients.cloudTrail(ACCOUNT, MELBOURNE);
  await melbourne.send(new CreateTrailCommand({ Name: 'org-audit', S3BucketName: SYD_BUCKET }));
  await melbourne.send(
    new PutEventSelectorsCommand({ TrailName: 'org-audit', EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }),
  );
  // A GovCloud multi-Region trail, which moto also lists in commercial Regions.
  await clients.cloudTrail(ACCOUNT, GOV).send(new CreateTrailCommand({ Name: 'gov-audit', S3BucketName: SYD_BUCKET, IsMultiRegionTrail: true }));

  const logs = clients.logs(ACCOUNT, SYDNEY);
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: GROUP, retentionInDays: 400 }));
  // Shares the prefix, so DescribeLogGroups returns both for GROUP: the exact name must win.
  await logs.send(
    new CreateLogGroupCommand({ logGroupName: `${GROUP}-scratch`, kmsKeyId: `arn:aws:kms:${SYDNEY}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }),
  );
});

afterAll(async () => {
  clients?.destroy();
  await moto?.stop();
});

/** Collects one request and returns its stored outcome. */
async function outcomeOf<K extends ObservationKind>(
  kind: K,
  region: string,
  args?: Record<string, string>,
): Promise<ObservationOutcome<ObservationCatalog[K]>> {
  const request: ObservationRequest = { kind, account: ACCOUNT, region, ...(args ? { args } : {}) };
  const observations = await collect(context, [request]);
  return observations.toJSON()[Object.keys(observations.toJSON())[0]!] as ObservationOutcome<ObservationCatalog[K]>;
}

/** Collects one request that must succeed and returns its data. */
async function dataOf<K extends ObservationKind>(kind: K, region: string, args?: Record<string, string>): Promise<ObservationCatalog[K]> {
  const outcome = await outcomeOf(kind, region, args);
  if (!outcome.ok) throw new Error(`${kind} in ${region} failed: ${outcome.failure.reason}`);
  return outcome.data;
}

/** Model invocation logging in Melbourne, naming the log group (which only Sydney has) and the Sydney bucket. */
async function putMelbourneLogging(): Promise<void> {
  await clients.bedrock(ACCOUNT, MELBOURNE).send(
    new PutModelInvocationLoggingConfigurationCommand({
      loggingConfig: {
        cloudWatchConfig: { logGroupName: GROUP, roleArn: `arn:aws:iam::${ACCOUNT}:role/bedrock-logging` },
        s3Config: { bucketName: SYD_BUCKET, keyPrefix: 'bedrock/' },
        textDataDeliveryEnabled: true,
        imageDataDeliveryEnabled: false,
        embeddingDataDeliveryEnabled: true,
      },
    }),
  );
}

const SYDNEY_TRAIL = `arn:aws:cloudtrail:${SYDNEY}:${ACCOUNT}:trail/org-audit`;
const MELBOURNE_TRAIL = `arn:aws:cloudtrail:${MELBOURNE}:${ACCOUNT}:trail/org-audit`;

test('cloudtrail.trails from Sydney: its multi-Region trail with status and selectors; another Region’s single-Region trail and the GovCloud trail are left out', async () => {
  const { trails } = await dataOf('cloudtrail.trails', SYDNEY);
  expect(trails).toEqual([
    {
      name: 'org-audit',
      arn: SYDNEY_TRAIL,
      homeRegion: SYDNEY,
      isMultiRegion: true,
      isOrganizationTrail: false,
      s3BucketName: SYD_BUCKET,
      logFileValidation: true,
      isLogging: true,
      eventSelectors: [{ readWriteType: 'All', includeManagementEvents: true }],
      advancedEventSelectors: [],
    },
  ]);
});

test('cloudtrail.trails from Melbourne: Sydney’s multi-Region trail and Melbourne’s own namesake, each with its own status and selectors (asked by ARN of its home)', async () => {
  const { trails } = await dataOf('cloudtrail.trails', MELBOURNE);
  expect(trails.map((trail) => trail.arn).sort()).toEqual([SYDNEY_TRAIL, MELBOURNE_TRAIL].sort());
  const sydney = trails.find((trail) => trail.arn === SYDNEY_TRAIL)!;
  const local = trails.find((trail) => trail.arn === MELBOURNE_TRAIL)!;
  expect(sydney).toMatchObject({ homeRegion: SYDNEY, isMultiRegion: true, isLogging: true, eventSelectors: [{ readWriteType: 'All' }] });
  expect(local).toMatchObject({
    homeRegion: MELBOURNE,
    isMultiRegion: false,
    isLogging: false,
    logFileValidation: false,
    eventSelectors: [{ readWriteType: 'WriteOnly' }],
  });
});

test('cloudtrail.trails from us-east-1 and from GovCloud keep only their partition’s trails that apply there', async () => {
  const virginia = await dataOf('cloudtrail.trails', VIRGINIA);
  expect(virginia.trails.map((trail) => [trail.name, trail.homeRegion, trail.isLogging]).sort()).toEqual([
    ['local-use1', VIRGINIA, false],
    ['org-audit', SYDNEY, true],
  ]);
  const gov = await dataOf('cloudtrail.trails', GOV);
  expect(gov.trails.map((trail) => trail.arn)).toEqual([`arn:aws-us-gov:cloudtrail:${GOV}:${ACCOUNT}:trail/gov-audit`]);
});

test('s3.bucketRegion: a Sydney bucket, a us-east-1 bucket (null constraint) and a missing bucket (an error, never a Region)', async () => {
  expect(await dataOf('s3.bucketRegion', SYDNEY, { bucket: SYD_BUCKET })).toEqual({ bucket: SYD_BUCKET, region: SYDNEY });
  expect(await dataOf('s3.bucketRegion', SYDNEY, { bucket: USE1_BUCKET })).toEqual({ bucket: USE1_BUCKET, region: VIRGINIA });
  const missing = await outcomeOf('s3.bucketRegion', SYDNEY, { bucket: 'crisp-residency-nowhere' });
  expect(missing).toMatchObject({ ok: false, failure: { status: 'error', reason: expect.stringContaining('s3:GetBucketLocation failed: NoSuchBucket') } });
});

test('logs.logGroup: the exact name with its retention, a group without retention (kept indefinitely) with its key, and a missing group', async () => {
  expect(await dataOf('logs.logGroup', SYDNEY, { logGroupName: GROUP })).toEqual({ exists: true, name: GROUP, retentionInDays: 400 });
  expect(await dataOf('logs.logGroup', SYDNEY, { logGroupName: `${GROUP}-scratch` })).toEqual({
    exists: true,
    name: `${GROUP}-scratch`,
    kmsKeyId: `arn:aws:kms:${SYDNEY}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  });
  expect(await dataOf('logs.logGroup', SYDNEY, { logGroupName: '/aws/bedrock/absent' })).toEqual({ exists: false, name: '/aws/bedrock/absent' });
  // Another Region has its own groups.
  expect(await dataOf('logs.logGroup', MELBOURNE, { logGroupName: GROUP })).toEqual({ exists: false, name: GROUP });
});

test('bedrock.invocationLogging: unset (moto answers {"loggingConfig": {}}) is no configuration; once put, it is read back', async () => {
  expect(await dataOf('bedrock.invocationLogging', MELBOURNE)).toEqual({});
  await putMelbourneLogging();
  expect(await dataOf('bedrock.invocationLogging', MELBOURNE)).toEqual({
    config: {
      textDataDeliveryEnabled: true,
      imageDataDeliveryEnabled: false,
      embeddingDataDeliveryEnabled: true,
      cloudWatch: { logGroupName: GROUP, roleArn: `arn:aws:iam::${ACCOUNT}:role/bedrock-logging` },
      s3: { bucketName: SYD_BUCKET, keyPrefix: 'bedrock/' },
    },
  });
  // Configuration is per Region: Sydney's is still unset.
  expect(await dataOf('bedrock.invocationLogging', SYDNEY)).toEqual({});
});

test('cloudtrail.bedrockEvents and bedrock.inferenceProfile on plain moto are skipped as "target lacks …", never data', async () => {
  const events = await outcomeOf('cloudtrail.bedrockEvents', SYDNEY, { lookbackHours: '24' });
  expect(events).toEqual({ ok: false, failure: { status: 'skipped', reason: expect.stringMatching(/^target lacks cloudtrail:LookupEvents/) } });
  const profile = await outcomeOf('bedrock.inferenceProfile', SYDNEY, { profileId: 'au.anthropic.claude-sonnet-4-5-20250929-v1:0' });
  expect(profile).toEqual({ ok: false, failure: { status: 'skipped', reason: expect.stringMatching(/^target lacks bedrock:GetInferenceProfile/) } });
});

test('the residency checks judge what moto answered: Sydney’s trail records Melbourne too; Melbourne’s logging names a group only Sydney has', async () => {
  const params = (check: AnyCheck) =>
    check.params.parse({
      accountId: ACCOUNT,
      sourceRegion: MELBOURNE,
      inferenceProfileIds: ['au.anthropic.claude-sonnet-4-5-20250929-v1:0'],
      residencyRegions: [SYDNEY, MELBOURNE],
    });
  const judge = async (check: AnyCheck) => {
    const instance = { check, params: params(check), guard: false, suite: 't', location: { file: 't' } };
    const observations = await collect(context, check.needs(instance.params));
    await collect(context, probeRequestsOf(instance, observations), observations);
    return evaluateInstance(instance, observations, context);
  };
  await putMelbourneLogging();
  const [trail] = await judge(cloudTrailRecordsBedrock);
  expect(trail).toMatchObject({ status: 'pass', message: expect.stringContaining(`Trail org-audit (multi-Region, home ${SYDNEY}) is logging ${MELBOURNE}'s`) });
  const [logging] = await judge(invocationLogging);
  expect(logging).toMatchObject({ status: 'fail', message: expect.stringContaining(`its log group ${GROUP} does not exist in ${MELBOURNE}`) });
});
