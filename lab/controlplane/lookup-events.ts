/**
 * CloudTrail LookupEvents over an InferenceEventLog: the request as the AWS JSON 1.1
 * body arrives (times in epoch seconds), validated with CloudTrail's own error
 * names, answered one page at a time. No I/O: the stand-in does the HTTP.
 */
import { z } from 'zod';
import type { CallerScope } from './caller-scope.ts';
import type { InferenceEventLog, RecordedEvent } from './inference-events.ts';
import { pageOf } from './page-token.ts';

/** The LookupEvents errors the stand-in can answer (all HTTP 400). */
export type LookupEventsError =
  | 'SerializationException'
  | 'InvalidLookupAttributesException'
  | 'InvalidTimeRangeException'
  | 'InvalidMaxResultsException'
  | 'InvalidNextTokenException'
  | 'InvalidEventCategoryException';

/** One entry of Events, as the SDK's Event shape reads it. */
export interface LookupEventJson {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  EventTime: number;
  EventSource: string;
  Username: string;
  Resources: { ResourceType?: string; ResourceName?: string }[];
  CloudTrailEvent: string;
}

/** A page of events, or the error CloudTrail would answer. */
export type LookupEventsOutcome =
  { ok: true; body: { Events: LookupEventJson[]; NextToken?: string } } | { ok: false; error: LookupEventsError; message: string };

const LOOKUP_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;
const MAX_RESULTS = 50;

// Types only: a value of the wrong JSON type is a SerializationException, as on AWS; ranges get their own errors below.
const requestSchema = z.object({
  LookupAttributes: z.array(z.object({ AttributeKey: z.string(), AttributeValue: z.string() })).optional(),
  StartTime: z.number().optional(),
  EndTime: z.number().optional(),
  EventCategory: z.string().optional(),
  MaxResults: z.number().optional(),
  NextToken: z.string().optional(),
});

function eventJson(event: RecordedEvent): LookupEventJson {
  return {
    EventId: event.eventId,
    EventName: event.eventName,
    // Bedrock runtime calls are writes; CloudTrail's Event carries ReadOnly as a string.
    ReadOnly: 'false',
    EventTime: event.eventTime.getTime() / 1000,
    EventSource: event.eventSource,
    Username: event.username,
    Resources: [],
    CloudTrailEvent: event.cloudTrailEvent,
  };
}

/** Whether an event's LookupEvents entry has the attribute (keys the log does not index itself). */
function hasAttribute(event: LookupEventJson, key: (typeof LOOKUP_KEYS)[number], value: string): boolean {
  switch (key) {
    case 'EventId':
    case 'EventName':
    case 'EventSource':
    case 'ReadOnly':
    case 'Username':
      return event[key] === value;
    case 'ResourceType':
    case 'ResourceName':
      return event.Resources.some((resource) => resource[key] === value);
    case 'AccessKeyId':
      // The log records no access key id, so no event matches one.
      return false;
  }
}

const seconds = (value: number | undefined) => (value === undefined ? undefined : new Date(value * 1000));

/** Answers one LookupEvents request body from the log, in the caller's account and Region. */
export function lookupEvents(log: InferenceEventLog, scope: CallerScope, body: unknown): LookupEventsOutcome {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: 'SerializationException', message: z.prettifyError(parsed.error) };
  const input = parsed.data;
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1) return { ok: false, error: 'InvalidLookupAttributesException', message: 'You cannot use more than one lookup attribute.' };
  const attribute = attributes[0];
  const key = LOOKUP_KEYS.find((candidate) => candidate === attribute?.AttributeKey);
  if (attribute && (!key || attribute.AttributeValue === ''))
    return { ok: false, error: 'InvalidLookupAttributesException', message: `Invalid lookup attribute: ${attribute.AttributeKey}` };
  if (input.StartTime !== undefined && input.EndTime !== undefined && input.StartTime > input.EndTime)
    return { ok: false, error: 'InvalidTimeRangeException', message: 'Start time must be before end time.' };
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight')
    return { ok: false, error: 'InvalidEventCategoryException', message: `Invalid event category: ${input.EventCategory}` };
  const maxResults = input.MaxResults ?? MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS)
    return { ok: false, error: 'InvalidMaxResultsException', message: `MaxResults must be an integer from 1 to ${MAX_RESULTS}.` };

  // The log holds management events only; Insights events are never there.
  const indexed =
    input.EventCategory === 'insight'
      ? []
      : log.lookup({
          account: scope.account,
          region: scope.region,
          startTime: seconds(input.StartTime),
          endTime: seconds(input.EndTime),
          eventName: key === 'EventName' ? attribute?.AttributeValue : undefined,
          eventSource: key === 'EventSource' ? attribute?.AttributeValue : undefined,
        });
  const events = indexed.map(eventJson).filter((event) => !key || !attribute || hasAttribute(event, key, attribute.AttributeValue));
  const page = pageOf(events, (event) => event.EventId, {
    maxResults,
    nextToken: input.NextToken,
    query: { scope, attribute, start: input.StartTime, end: input.EndTime, category: input.EventCategory },
  });
  if (!page) return { ok: false, error: 'InvalidNextTokenException', message: 'Invalid NextToken.' };
  return { ok: true, body: { Events: page.page, ...(page.nextToken ? { NextToken: page.nextToken } : {}) } };
}
