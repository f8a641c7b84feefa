/**
 * Runs a plan: fetches each distinct observation once, a bounded number at a
 * time, and stores data or the reason it is missing. A failed fetch never
 * stops the others; it becomes an `error` or `skipped` outcome.
 */
import { collectApiGateway } from './apigateway.ts';
import { collectLatencyBaseline } from './baseline.ts';
import { collectBedrock } from './bedrock.ts';
import { collectCloudTrail } from './cloudtrail.ts';
import { collectLogs } from './logs.ts';
import { collectS3 } from './s3.ts';
import { collectEc2 } from './ec2.ts';
import { collectDynamoDb } from './dynamodb.ts';
import { collectIamObservation } from './iam.ts';
import { collectKms } from './kms.ts';
import { collectLambda } from './lambda.ts';
import { collectSecretsManager } from './secretsmanager.ts';
import { collectOrganizations } from './organizations.ts';
import { classifyFailure } from './failure.ts';
import { describeCallLogEvent } from '../model/call-log.ts';
import { Observations, observationKey, type ObservationFailure, type ObservationRequest } from '../model/observations.ts';
import { inPool } from './pool.ts';
import { collectProbe } from './probes.ts';
import { collectRoute53 } from './route53.ts';
import { collectRoute53Profiles } from './route53profiles.ts';
import { collectRoute53Resolver } from './route53resolver.ts';
import { collectServiceQuotas } from './servicequotas.ts';
import type { CollectContext } from './context.ts';
import { operationLabel } from '../model/permissions.ts';

/** Distinct requests, by key, in first-seen order. */
export function dedupeRequests(requests: Iterable<ObservationRequest>): ObservationRequest[] {
  const byKey = new Map<string, ObservationRequest>();
  for (const request of requests) {
    const key = observationKey(request);
    if (!byKey.has(key)) byKey.set(key, request);
  }
  return [...byKey.values()];
}

/** The collector for each service prefix of an observation kind. */
const COLLECTORS: Record<string, (context: CollectContext, request: any) => Promise<unknown>> = {
  ec2: collectEc2,
  route53: collectRoute53,
  route53resolver: collectRoute53Resolver,
  route53profiles: collectRoute53Profiles,
  iam: collectIamObservation,
  organizations: collectOrganizations,
  bedrock: collectBedrock,
  cloudtrail: collectCloudTrail,
  logs: collectLogs,
  s3: collectS3,
  probe: collectProbe,
  target: collectProbe,
  baseline: collectLatencyBaseline,
  run: async () => ({ now: new Date().toISOString() }),
  servicequotas: collectServiceQuotas,
  apigateway: collectApiGateway,
  lambda: collectLambda,
  secretsmanager: collectSecretsManager,
  kms: collectKms,
  dynamodb: collectDynamoDb,
};

function collectorFor(kind: string): (context: CollectContext, request: any) => Promise<unknown> {
  const collector = COLLECTORS[kind.split('.')[0]!];
  if (!collector) throw new Error(`no collector for ${kind}`);
  return collector;
}

async function fetchOne(context: CollectContext, request: ObservationRequest): Promise<unknown> {
  const data = await collectorFor(request.kind)(context, request as any);
  // Observations are stored as JSON so live runs and replays evaluate the same values.
  return JSON.parse(JSON.stringify(data));
}

const INTERRUPTED = Symbol('interrupted');

const interruptions = new WeakMap<AbortSignal, Promise<typeof INTERRUPTED>>();

/** Settles with INTERRUPTED when the run is interrupted: one promise (one listener) per run, raced against each read. */
function whenInterrupted(interrupted: AbortSignal): Promise<typeof INTERRUPTED> {
  let stopped = interruptions.get(interrupted);
  if (!stopped) {
    stopped = interrupted.aborted
      ? Promise.resolve(INTERRUPTED)
      : new Promise((resolve) => interrupted.addEventListener('abort', () => resolve(INTERRUPTED), { once: true }));
    interruptions.set(interrupted, stopped);
  }
  return stopped;
}

/** An observation the run did not get because it was interrupted: an error, never a pass. */
function interruptedFailure(operation: string, interrupted: AbortSignal, when: string): ObservationFailure {
  const signal = typeof interrupted.reason === 'string' ? interrupted.reason : 'interrupted';
  return { status: 'error', reason: `${operation} not read: the run was interrupted (${signal}) ${when}` };
}

/** Observations fetched at once: AWS API calls in flight per run (pages of one listing follow each other). */
export const COLLECT_CONCURRENCY = 8;

/** Collects every request into `into` (existing keys are kept), at most `concurrency` at a time. */
export async function collect(
  context: CollectContext,
  requests: readonly ObservationRequest[],
  into: Observations = new Observations(),
  concurrency = COLLECT_CONCURRENCY,
): Promise<Observations> {
  // Account-wide listings first: they may run to many pages, one after another, and a long chain
  // started last would be the run's tail; the per-resource reads (no pages) fill in around them.
  const distinct = dedupeRequests(requests).filter((request) => !into.has(request));
  const pending = [...distinct.filter((request) => !request.args), ...distinct.filter((request) => request.args)];
  const { interrupted } = context;
  // A read still in flight when the run is interrupted is recorded as not read; the call itself
  // is left to finish or be dropped at exit (the race handles its late answer or error).
  const stopped = interrupted ? whenInterrupted(interrupted) : undefined;
  const read = async (request: ObservationRequest, index: number) => {
    const operation = operationLabel(request.kind);
    const verb = request.kind.startsWith('probe.') ? 'probing' : 'listing';
    // Arguments by name, and the request's place in this round (commands/progress.ts draws its bar from it).
    context.progress(
      `${verb} ${operation} in ${request.account}/${request.region}${
        request.args
          ? `: ${Object.entries(request.args)
              .map(([name, value]) => `${name}=${value}`)
              .join(', ')}`
          : ''
      } (request ${index + 1} of ${pending.length})`,
    );
    if (interrupted?.aborted) {
      into.set(request, { ok: false, failure: interruptedFailure(operation, interrupted, 'before it was made') });
      return;
    }
    try {
      const data = await (stopped ? Promise.race([fetchOne(context, request), stopped]) : fetchOne(context, request));
      into.set(
        request,
        data === INTERRUPTED ? { ok: false, failure: interruptedFailure(operation, interrupted!, 'while it was in flight') } : { ok: true, data },
      );
    } catch (error) {
      into.set(request, { ok: false, failure: classifyFailure(error, operation, context.targetKind, context.targetLabel) });
    }
  };
  // Retries show in the progress output as they happen (test doubles of the clients may lack followCalls).
  const stopFollowing = context.clients.followCalls?.((event) => context.progress(describeCallLogEvent(event)));
  try {
    await inPool(pending, concurrency, read);
  } finally {
    stopFollowing?.();
  }
  return into;
}
