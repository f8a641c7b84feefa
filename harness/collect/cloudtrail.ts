/**
 * CloudTrail collector: the trails that apply to a Region — its own and every
 * multi-Region trail of the partition — with GetTrailStatus and
 * GetEventSelectors asked of each trail's home Region by ARN (a shadow trail
 * cannot answer for itself), and the Bedrock events of the event history over a
 * look-back window (LookupEvents, one attribute: the event source).
 */
import { GetEventSelectorsCommand, GetTrailStatusCommand, paginateLookupEvents, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import type { CollectContext } from './context.ts';
import { partitionOf } from '../model/partition.ts';
import type { BedrockEventHistory, ObservationCatalog, ObservationRequest, TrailView } from '../model/observations.ts';

type CloudTrailKind = 'cloudtrail.trails' | 'cloudtrail.bedrockEvents';

/** The invocation events a residency verdict counts (Converse calls are recorded under their own names). */
export const INVOCATION_EVENTS = ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'] as const;

/** More events than this in the window make the verdict partial: it says so instead of judging a sample. */
export const MAX_EVENTS = 5_000;

/** The trails that record management events of `request.region`, with status and selectors. */
async function trailsOf(context: CollectContext, request: ObservationRequest): Promise<{ trails: TrailView[] }> {
  const listed =
    (await context.clients.cloudTrail(request.account, request.region).send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
  const partition = partitionOf(request.region);
  const applying = listed.filter(
    (trail) => trail.TrailARN?.startsWith(`arn:${partition}:`) && (trail.HomeRegion === request.region || trail.IsMultiRegionTrail === true),
  );
  const trails: TrailView[] = [];
  for (const trail of applying) {
    const home = context.clients.cloudTrail(request.account, trail.HomeRegion ?? request.region);
    const status = await home.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
    const selectors = await home.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN }));
    trails.push({
      name: trail.Name ?? '',
      arn: trail.TrailARN ?? '',
      homeRegion: trail.HomeRegion ?? request.region,
      isMultiRegion: trail.IsMultiRegionTrail === true,
      isOrganizationTrail: trail.IsOrganizationTrail === true,
      ...(trail.S3BucketName ? { s3BucketName: trail.S3BucketName } : {}),
      logFileValidation: trail.LogFileValidationEnabled === true,
      isLogging: status.IsLogging === true,
      eventSelectors: (selectors.EventSelectors ?? []).map((selector) => ({
        ...(selector.ReadWriteType ? { readWriteType: selector.ReadWriteType } : {}),
        ...(selector.IncludeManagementEvents !== undefined ? { includeManagementEvents: selector.IncludeManagementEvents } : {}),
        ...(selector.ExcludeManagementEventSources?.length ? { excludeManagementEventSources: selector.ExcludeManagementEventSources } : {}),
      })),
      advancedEventSelectors: (selectors.AdvancedEventSelectors ?? []).map((selector) => ({
        ...(selector.Name ? { name: selector.Name } : {}),
        fieldSelectors: (selector.FieldSelectors ?? []).map((field) => ({
          field: field.Field ?? '',
          ...(field.Equals ? { equals: field.Equals } : {}),
          ...(field.NotEquals ? { notEquals: field.NotEquals } : {}),
          ...(field.StartsWith ? { startsWith: field.StartsWith } : {}),
          ...(field.NotStartsWith ? { notStartsWith: field.NotStartsWith } : {}),
          ...(field.EndsWith ? { endsWith: field.EndsWith } : {}),
          ...(field.NotEndsWith ? { notEndsWith: field.NotEndsWith } : {}),
        })),
      })),
    });
  }
  return { trails };
}

/** Bedrock invocation events in the event history over the last `lookbackHours`. */
async function bedrockEvents(context: CollectContext, request: ObservationRequest): Promise<BedrockEventHistory> {
  const hours = Number(request.args?.lookbackHours ?? 24);
  const end = new Date();
  const start = new Date(end.getTime() - hours * 3_600_000);
  const client = context.clients.cloudTrail(request.account, request.region);
  const events: BedrockEventHistory['events'] = [];
  let truncated = false;
  const pages = paginateLookupEvents(
    { client, pageSize: 50 },
    { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'bedrock.amazonaws.com' }], StartTime: start, EndTime: end },
  );
  let read = 0;
  for await (const page of pages) {
    for (const event of page.Events ?? []) {
      read += 1;
      if (!(INVOCATION_EVENTS as readonly string[]).includes(event.EventName ?? '')) continue;
      let record: { additionalEventData?: { inferenceRegion?: unknown }; requestParameters?: { modelId?: unknown } } = {};
      try {
        record = JSON.parse(event.CloudTrailEvent ?? '{}');
      } catch {
        // An unreadable record keeps its name and time; its Region is then unknown, which the check counts apart.
      }
      const inferenceRegion = record.additionalEventData?.inferenceRegion;
      const modelId = record.requestParameters?.modelId;
      events.push({
        eventName: event.EventName ?? '',
        eventTime: (event.EventTime ?? end).toISOString(),
        ...(typeof inferenceRegion === 'string' && inferenceRegion ? { inferenceRegion } : {}),
        ...(typeof modelId === 'string' ? { modelId } : {}),
        ...(event.EventId ? { eventId: event.EventId } : {}),
      });
    }
    if (read >= MAX_EVENTS) {
      truncated = Boolean(page.NextToken);
      break;
    }
  }
  return { start: start.toISOString(), end: end.toISOString(), events, truncated };
}

/** Collects one CloudTrail observation. */
export async function collectCloudTrail<K extends CloudTrailKind>(context: CollectContext, request: ObservationRequest<K>): Promise<ObservationCatalog[K]> {
  if (request.kind === 'cloudtrail.trails') return (await trailsOf(context, request)) as ObservationCatalog[K];
  if (request.kind === 'cloudtrail.bedrockEvents') return (await bedrockEvents(context, request)) as ObservationCatalog[K];
  throw new Error(`no CloudTrail collector for ${request.kind}`);
}
