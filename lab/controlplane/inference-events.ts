/**
 * Bedrock runtime calls as CloudTrail records them (docs/ARCHITECTURE.md §13):
 * management events in the source Region, with additionalEventData.inferenceRegion
 * naming where inference ran. The lab records calls here; the CloudTrail stand-in
 * answers LookupEvents from it.
 */
import { randomUUID } from 'node:crypto';
import { partitionOf } from '../../harness/model/partition.ts';

/** The Bedrock runtime operations CloudTrail logs as management events. */
export type BedrockRuntimeEventName = 'InvokeModel' | 'InvokeModelWithResponseStream' | 'Converse' | 'ConverseStream';

/** What the lab knows about one runtime call. */
export interface InferenceCall {
  account: string;
  /** The Region whose Bedrock endpoint was called: the event is logged there. */
  sourceRegion: string;
  eventName: BedrockRuntimeEventName;
  /** The modelId the caller sent: a profile id or ARN, or a model id. */
  modelId: string;
  /** Where inference ran; omitted → the event carries no additionalEventData (as for a call that never reached a model). */
  inferenceRegion?: string;
  /** Defaults to arn:<partition>:sts::<account>:assumed-role/bedrock-app/crisp-lab (the lab's app role). */
  principalArn?: string;
  /** Defaults to now; CloudTrail keeps whole seconds, so does the log. */
  time?: Date;
}

/** One event as CloudTrail stores it. */
export interface RecordedEvent {
  eventId: string;
  eventName: BedrockRuntimeEventName;
  eventSource: 'bedrock.amazonaws.com';
  eventTime: Date;
  account: string;
  region: string;
  /** The session name for an assumed role, the user name for a user, `root` for the root user (LookupEvents' Username). */
  username: string;
  /** The record, serialised as LookupEvents returns it in CloudTrailEvent. */
  cloudTrailEvent: string;
}

/** Filters of a lookup; times are inclusive, as LookupEvents' StartTime and EndTime are. */
export interface EventQuery {
  account: string;
  region: string;
  startTime?: Date;
  endTime?: Date;
  eventName?: string;
  eventSource?: string;
}

/** What CloudTrail writes for an ARN in userIdentity.type. */
function identityTypeOf(principalArn: string): string {
  const resource = principalArn.split(':').slice(5).join(':');
  if (resource.startsWith('assumed-role/')) return 'AssumedRole';
  if (resource.startsWith('user/')) return 'IAMUser';
  if (resource === 'root') return 'Root';
  return 'Unknown';
}

/** CloudTrail's time format: ISO 8601 in whole seconds. */
function cloudTrailTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An in-memory, append-only CloudTrail event history for Bedrock runtime calls. */
export class InferenceEventLog {
  readonly #events: RecordedEvent[] = [];
  readonly #clock: () => Date;

  /** `clock` supplies the time of calls recorded without one. */
  constructor(options: { clock?: () => Date } = {}) {
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Number of events held. */
  get size(): number {
    return this.#events.length;
  }

  /** Records one call the way CloudTrail would and returns the event. */
  record(call: InferenceCall): RecordedEvent {
    const eventTime = new Date(Math.floor((call.time ?? this.#clock()).getTime() / 1000) * 1000);
    const principalArn = call.principalArn ?? `arn:${partitionOf(call.sourceRegion)}:sts::${call.account}:assumed-role/bedrock-app/crisp-lab`;
    const eventId = randomUUID();
    const identity = identityTypeOf(principalArn);
    const record = {
      eventVersion: '1.09',
      userIdentity: { type: identity, arn: principalArn, accountId: call.account },
      eventTime: cloudTrailTime(eventTime),
      eventSource: 'bedrock.amazonaws.com',
      eventName: call.eventName,
      awsRegion: call.sourceRegion,
      requestParameters: { modelId: call.modelId },
      ...(call.inferenceRegion === undefined ? {} : { additionalEventData: { inferenceRegion: call.inferenceRegion } }),
      requestID: randomUUID(),
      eventID: eventId,
      // CloudTrail records Bedrock invocations as read-only management events (a WriteOnly trail misses them).
      readOnly: true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: call.account,
      eventCategory: 'Management',
    };
    const event: RecordedEvent = {
      eventId,
      eventName: call.eventName,
      eventSource: 'bedrock.amazonaws.com',
      eventTime,
      account: call.account,
      region: call.sourceRegion,
      username: identity === 'Root' ? 'root' : (principalArn.split('/').at(-1) ?? principalArn),
      cloudTrailEvent: JSON.stringify(record),
    };
    this.#events.push(event);
    return event;
  }

  /** The events of one account and Region matching the query, newest first (ties: the later recorded first). */
  lookup(query: EventQuery): RecordedEvent[] {
    const from = query.startTime?.getTime() ?? -Infinity;
    const to = query.endTime?.getTime() ?? Infinity;
    const matches: RecordedEvent[] = [];
    // Walking backwards keeps "recorded later" ahead of "recorded earlier" for equal times (the sort is stable).
    for (let index = this.#events.length - 1; index >= 0; index -= 1) {
      const event = this.#events[index]!;
      const time = event.eventTime.getTime();
      if (event.account !== query.account || event.region !== query.region || time < from || time > to) continue;
      if (query.eventName !== undefined && event.eventName !== query.eventName) continue;
      if (query.eventSource !== undefined && event.eventSource !== query.eventSource) continue;
      matches.push(event);
    }
    return matches.sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime());
  }

  /** Forgets every event. */
  clear(): void {
    this.#events.length = 0;
  }
}
