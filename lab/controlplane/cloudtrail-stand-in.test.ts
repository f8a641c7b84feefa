/** The CloudTrail stand-in, spoken to by the real SDK client: LookupEvents from the log, everything else from moto. */
import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidTimeRangeException,
  LookupEventsCommand,
  paginateLookupEvents,
  StartLoggingCommand,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { startCloudTrailStandIn } from './cloudtrail-stand-in.ts';
import { InferenceEventLog, type RecordedEvent } from './inference-events.ts';
import type { LoopbackServer } from './loopback-server.ts';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const PROFILE = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const T0 = new Date('2026-03-01T10:00:00Z');
const after = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let moto: MotoServer;
let standIn: LoopbackServer;
const events = new InferenceEventLog();
const destroyables: { destroy(): void }[] = [];
let sydney: { converse: RecordedEvent; invoke: RecordedEvent; stream: RecordedEvent };

beforeAll(async () => {
  moto = await startMotoServer();
  standIn = await startCloudTrailStandIn({ motoEndpoint: moto.endpoint, events });
  const base = { account: ACCOUNT, sourceRegion: 'ap-southeast-2', modelId: PROFILE } as const;
  sydney = {
    converse: events.record({ ...base, eventName: 'Converse', inferenceRegion: 'ap-southeast-4', time: T0 }),
    invoke: events.record({ ...base, eventName: 'InvokeModel', inferenceRegion: 'ap-southeast-2', time: after(60) }),
    stream: events.record({ ...base, eventName: 'ConverseStream', time: after(120) }),
  };
  events.record({ ...base, sourceRegion: 'ap-southeast-6', eventName: 'Converse', inferenceRegion: 'ap-southeast-6', time: after(30) });
  events.record({ ...base, account: OTHER_ACCOUNT, eventName: 'Converse', inferenceRegion: 'ap-southeast-2', time: after(30) });
});
afterAll(async () => {
  for (const client of destroyables) client.destroy();
  await standIn?.stop();
  await moto?.stop();
});

/** The part of an SDK client the account header needs (the clients' own stack types do not unify). */
interface SdkClient {
  middlewareStack: { add(middleware: (next: (args: any) => Promise<any>) => (args: any) => Promise<any>, options: { step: 'build'; name: string }): void };
  destroy(): void;
}

/** Adds moto's account header, as crisp's clients do for a moto target. */
function inAccount<T extends SdkClient>(client: T, account: string): T {
  client.middlewareStack.add(
    (next) => async (args) => {
      args.request.headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'motoAccount' },
  );
  destroyables.push(client);
  return client;
}

const cloudTrail = (region: string, account = ACCOUNT) =>
  inAccount(new CloudTrailClient({ region, endpoint: standIn.endpoint, credentials: CREDENTIALS, maxAttempts: 1 }), account);

async function lookup(region: string, input: LookupEventsCommandInput = {}, account = ACCOUNT) {
  return (await cloudTrail(region, account).send(new LookupEventsCommand(input))).Events ?? [];
}

describe('LookupEvents', () => {
  test('returns the caller Region and account events, newest first, in the SDK Event shape', async () => {
    const found = await lookup('ap-southeast-2');
    expect(found.map((event) => event.EventId)).toEqual([sydney.stream.eventId, sydney.invoke.eventId, sydney.converse.eventId]);
    expect(found[2]).toEqual({
      EventId: sydney.converse.eventId,
      EventName: 'Converse',
      ReadOnly: 'false',
      EventTime: T0,
      EventSource: 'bedrock.amazonaws.com',
      Username: 'crisp-lab',
      Resources: [],
      CloudTrailEvent: sydney.converse.cloudTrailEvent,
    });
    expect(JSON.parse(found[2]!.CloudTrailEvent!)).toMatchObject({ awsRegion: 'ap-southeast-2', additionalEventData: { inferenceRegion: 'ap-southeast-4' } });
    expect(JSON.parse(found[0]!.CloudTrailEvent!)).not.toHaveProperty('additionalEventData');

    const auckland = await lookup('ap-southeast-6');
    expect(auckland.map((event) => JSON.parse(event.CloudTrailEvent!).additionalEventData)).toEqual([{ inferenceRegion: 'ap-southeast-6' }]);
    expect(await lookup('ap-southeast-2', {}, OTHER_ACCOUNT)).toHaveLength(1);
    expect(await lookup('us-east-1')).toEqual([]);
  });

  test('keeps to the time window, inclusive at both ends, with fractional seconds', async () => {
    const window = await lookup('ap-southeast-2', { StartTime: after(59.5), EndTime: after(120) });
    expect(window.map((event) => event.EventName)).toEqual(['ConverseStream', 'InvokeModel']);
    expect((await lookup('ap-southeast-2', { StartTime: after(0.5), EndTime: after(60.5) })).map((event) => event.EventName)).toEqual(['InvokeModel']);
    expect(await lookup('ap-southeast-2', { EndTime: after(-1) })).toEqual([]);
  });

  test('filters by EventName or EventSource', async () => {
    const byName = await lookup('ap-southeast-2', { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Converse' }] });
    expect(byName.map((event) => event.EventId)).toEqual([sydney.converse.eventId]);
    const bySource = await lookup('ap-southeast-2', { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'bedrock.amazonaws.com' }] });
    expect(bySource).toHaveLength(3);
    expect(await lookup('ap-southeast-2', { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'ec2.amazonaws.com' }] })).toEqual([]);
    const byId = await lookup('ap-southeast-2', { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: sydney.invoke.eventId }] });
    expect(byId.map((event) => event.EventName)).toEqual(['InvokeModel']);
  });

  test('paginates with MaxResults and an opaque NextToken', async () => {
    const pages = [];
    for await (const page of paginateLookupEvents({ client: cloudTrail('ap-southeast-2'), pageSize: 2 }, {})) pages.push(page);
    expect(pages.map((page) => page.Events?.map((event) => event.EventName))).toEqual([['ConverseStream', 'InvokeModel'], ['Converse']]);
    expect(pages[1]!.NextToken).toBeUndefined();
  });

  test("answers CloudTrail's errors for invalid requests", async () => {
    const twoAttributes = [
      { AttributeKey: 'EventName' as const, AttributeValue: 'Converse' },
      { AttributeKey: 'EventSource' as const, AttributeValue: 'bedrock.amazonaws.com' },
    ];
    await expect(lookup('ap-southeast-2', { LookupAttributes: twoAttributes })).rejects.toBeInstanceOf(InvalidLookupAttributesException);
    await expect(lookup('ap-southeast-2', { StartTime: after(10), EndTime: T0 })).rejects.toBeInstanceOf(InvalidTimeRangeException);
    await expect(lookup('ap-southeast-2', { MaxResults: 51 })).rejects.toBeInstanceOf(InvalidMaxResultsException);
    await expect(lookup('ap-southeast-2', { NextToken: 'not-a-token' })).rejects.toBeInstanceOf(InvalidNextTokenException);
    // A token continues only the query it came from.
    const first = await cloudTrail('ap-southeast-2').send(new LookupEventsCommand({ MaxResults: 1 }));
    await expect(lookup('ap-southeast-2', { NextToken: first.NextToken }, OTHER_ACCOUNT)).rejects.toBeInstanceOf(InvalidNextTokenException);
  });
});

describe('forwarded to moto', () => {
  test('CreateTrail, DescribeTrails, StartLogging and GetTrailStatus work through the stand-in', async () => {
    const s3 = inAccount(
      new S3Client({ region: 'ap-southeast-2', endpoint: moto.endpoint, credentials: CREDENTIALS, forcePathStyle: true, maxAttempts: 1 }),
      ACCOUNT,
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'org-trail-logs', CreateBucketConfiguration: { LocationConstraint: 'ap-southeast-2' } }));
    const client = cloudTrail('ap-southeast-2');
    const created = await client.send(new CreateTrailCommand({ Name: 'org', S3BucketName: 'org-trail-logs', IsMultiRegionTrail: true }));
    expect(created.TrailARN).toBe(`arn:aws:cloudtrail:ap-southeast-2:${ACCOUNT}:trail/org`);
    const { trailList = [] } = await client.send(new DescribeTrailsCommand({}));
    expect(trailList).toEqual([expect.objectContaining({ Name: 'org', HomeRegion: 'ap-southeast-2', IsMultiRegionTrail: true })]);
    await client.send(new StartLoggingCommand({ Name: 'org' }));
    expect((await client.send(new GetTrailStatusCommand({ Name: created.TrailARN }))).IsLogging).toBe(true);
    // The trail is the caller account's: another account sees none.
    expect((await cloudTrail('ap-southeast-2', OTHER_ACCOUNT).send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
  });
});
