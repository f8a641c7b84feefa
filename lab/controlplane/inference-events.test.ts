/** The CloudTrail record of a Bedrock runtime call, and looking records up. */
import { expect, test } from 'vitest';
import { InferenceEventLog } from './inference-events.ts';

const PROFILE = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const at = (iso: string) => new Date(iso);

test('a Converse call becomes a management event in the source Region, naming where inference ran', () => {
  const log = new InferenceEventLog();
  const event = log.record({
    account: '111122223333',
    sourceRegion: 'ap-southeast-2',
    eventName: 'Converse',
    modelId: PROFILE,
    inferenceRegion: 'ap-southeast-4',
    time: at('2026-03-01T10:00:00.750Z'),
  });
  expect(event.eventTime).toEqual(at('2026-03-01T10:00:00Z'));
  expect(event.username).toBe('crisp-lab');
  expect(JSON.parse(event.cloudTrailEvent)).toEqual({
    eventVersion: '1.09',
    userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/bedrock-app/crisp-lab', accountId: '111122223333' },
    eventTime: '2026-03-01T10:00:00Z',
    eventSource: 'bedrock.amazonaws.com',
    eventName: 'Converse',
    awsRegion: 'ap-southeast-2',
    requestParameters: { modelId: PROFILE },
    additionalEventData: { inferenceRegion: 'ap-southeast-4' },
    requestID: expect.stringMatching(/^[0-9a-f-]{36}$/),
    eventID: event.eventId,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
  });
});

test('without an inference Region the record has no additionalEventData; a user principal is an IAMUser', () => {
  const log = new InferenceEventLog({ clock: () => at('2026-03-01T10:00:00Z') });
  const event = log.record({
    account: '111122223333',
    sourceRegion: 'us-gov-west-1',
    eventName: 'InvokeModel',
    modelId: 'x',
    principalArn: 'arn:aws-us-gov:iam::111122223333:user/ana',
  });
  const record = JSON.parse(event.cloudTrailEvent);
  expect(record).not.toHaveProperty('additionalEventData');
  expect(record.userIdentity).toEqual({ type: 'IAMUser', arn: 'arn:aws-us-gov:iam::111122223333:user/ana', accountId: '111122223333' });
  expect(record.eventTime).toBe('2026-03-01T10:00:00Z');
  expect(event.username).toBe('ana');
});

test('the default principal follows the source Region partition', () => {
  const event = new InferenceEventLog().record({ account: '111122223333', sourceRegion: 'us-gov-west-1', eventName: 'Converse', modelId: 'x' });
  expect(JSON.parse(event.cloudTrailEvent).userIdentity.arn).toBe('arn:aws-us-gov:sts::111122223333:assumed-role/bedrock-app/crisp-lab');
});

test('lookup keeps to one account and Region, filters inclusively by time, name and source, newest first', () => {
  const log = new InferenceEventLog();
  const base = { account: '111122223333', sourceRegion: 'ap-southeast-2', modelId: PROFILE } as const;
  const first = log.record({ ...base, eventName: 'Converse', time: at('2026-03-01T10:00:00Z') });
  const second = log.record({ ...base, eventName: 'InvokeModel', time: at('2026-03-01T10:01:00Z') });
  // Recorded later with an earlier time: ordering is by event time, not arrival.
  const earliest = log.record({ ...base, eventName: 'ConverseStream', time: at('2026-03-01T09:59:00Z') });
  const sameSecond = log.record({ ...base, eventName: 'Converse', time: at('2026-03-01T10:01:00Z') });
  log.record({ ...base, sourceRegion: 'ap-southeast-6', eventName: 'Converse', time: at('2026-03-01T10:00:00Z') });
  log.record({ ...base, account: '444455556666', eventName: 'Converse', time: at('2026-03-01T10:00:00Z') });

  const ids = (events: { eventId: string }[]) => events.map((event) => event.eventId);
  const scope = { account: '111122223333', region: 'ap-southeast-2' };
  expect(ids(log.lookup(scope))).toEqual(ids([sameSecond, second, first, earliest]));
  expect(ids(log.lookup({ ...scope, startTime: at('2026-03-01T10:00:00Z'), endTime: at('2026-03-01T10:00:59Z') }))).toEqual(ids([first]));
  expect(ids(log.lookup({ ...scope, eventName: 'Converse' }))).toEqual(ids([sameSecond, first]));
  expect(log.lookup({ ...scope, eventSource: 'bedrock.amazonaws.com' })).toHaveLength(4);
  expect(log.lookup({ ...scope, eventSource: 'ec2.amazonaws.com' })).toEqual([]);
  expect(log.lookup({ account: '444455556666', region: 'ap-southeast-2' })).toHaveLength(1);
  expect(log.size).toBe(6);
  log.clear();
  expect(log.lookup(scope)).toEqual([]);
});
