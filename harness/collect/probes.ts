/**
 * Data-plane "collectors": the target's data-plane settings, and the DNS, TLS
 * and Converse probes. Probes answer with transcripts; what they observe (NXDOMAIN, a
 * refused port) is data, so they only fail for a malformed request.
 */
import { parseHostPort, resolveDial } from '../probe/address.ts';
import { ConnectMapHttpHandler } from '../probe/connect-map-handler.ts';
import { probeConverse } from '../probe/converse.ts';
import { probeDns } from '../probe/dns.ts';
import { DEFAULT_TLS_TIMEOUT_MS, probeTls } from '../probe/tls.ts';
import { probeTlsVersion, type OfferedVersion } from '../probe/tls-version.ts';
import { probeHttp } from '../probe/http.ts';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { credentialShape } from '../model/credential-shapes.ts';
import type { CollectContext } from './context.ts';
import { serviceHostnameIn } from '../model/partition.ts';
import { TargetLacks } from './failure.ts';
import {
  PROBE_PROMPT,
  type AuditItemWait,
  type DataPlaneObservation,
  type HttpTranscript,
  type ObservationCatalog,
  type ObservationRequest,
} from '../model/observations.ts';

type ProbeKind = Extract<keyof ObservationCatalog, `probe.${string}` | `target.${string}`>;

/** The data-plane settings as an observation (vantage outside, nothing mapped, when the target has none). */
export function dataPlaneObservation(context: CollectContext): DataPlaneObservation {
  const settings = context.dataPlane;
  if (!settings) return { targetKind: context.targetKind, vantage: 'outside', connect: {}, connectOnly: false };
  return {
    targetKind: context.targetKind,
    vantage: settings.vantage,
    ...(settings.resolver ? { resolver: settings.resolver } : {}),
    connect: settings.connect,
    connectOnly: settings.connectOnly,
    ...(settings.caFile ? { caFile: settings.caFile } : {}),
  };
}

/** Collects one data-plane observation. */
export async function collectProbe<K extends ProbeKind>(context: CollectContext, request: ObservationRequest<K>): Promise<ObservationCatalog[K]> {
  const args = request.args ?? {};
  switch (request.kind as ProbeKind) {
    case 'target.dataPlane':
      return dataPlaneObservation(context) as ObservationCatalog[K];
    case 'probe.dns':
      return (await probeDns(parseHostPort(args.resolver!), args.hostname!)) as ObservationCatalog[K];
    case 'probe.tls': {
      const settings = dataPlaneObservation(context);
      const dial = resolveDial(args.address!, settings.connect, settings.connectOnly);
      return (await probeTls(args.address!, dial, args.hostname!, { ca: context.caPem, timeoutMs: DEFAULT_TLS_TIMEOUT_MS })) as ObservationCatalog[K];
    }
    case 'probe.converse': {
      const settings = dataPlaneObservation(context);
      const endpoint = serviceHostnameIn('bedrock-runtime', request.region);
      const routed = settings.resolver !== undefined || Object.keys(settings.connect).length > 0;
      if (context.targetKind !== 'aws' && !routed) {
        throw new TargetLacks(`${context.targetKind} does not implement Converse and the target maps no runtime endpoint (the lab provides a stand-in)`);
      }
      const handler = routed
        ? new ConnectMapHttpHandler({
            ...(settings.resolver ? { resolver: settings.resolver } : {}),
            connect: settings.connect,
            connectOnly: settings.connectOnly,
            ca: context.caPem,
            timeoutMs: 30_000,
          })
        : undefined;
      const plan = {
        profileId: args.profileId!,
        api: args.api as 'converse' | 'converse-stream',
        samples: Number(args.samples),
        warmup: Number(args.warmup),
        pacingMs: Number(args.pacingMs),
        concurrency: Number(args.concurrency),
        maxTokens: Number(args.maxTokens),
      };
      context.progress(
        `latency probe: ${plan.warmup} warm-up + ${plan.samples} ${plan.api} calls to ${plan.profileId} via ${endpoint} (concurrency ${plan.concurrency}, pacing ${plan.pacingMs} ms, max ${plan.maxTokens} output tokens)`,
      );
      const client = context.clients.bedrockRuntime(request.account, request.region, handler);
      try {
        return (await probeConverse(client, handler, endpoint, plan)) as ObservationCatalog[K];
      } finally {
        client.destroy();
        handler?.destroy();
      }
    }
    case 'probe.http':
      return (await proxyRequest(context, args)) as ObservationCatalog[K];
    case 'probe.tlsVersion': {
      const settings = dataPlaneObservation(context);
      const dial = resolveDial(args.address!, settings.connect, settings.connectOnly);
      return (await probeTlsVersion(args.address!, dial, args.hostname!, args.version as OfferedVersion, {
        ca: context.caPem,
        timeoutMs: DEFAULT_TLS_TIMEOUT_MS,
      })) as ObservationCatalog[K];
    }
    case 'probe.auditItem':
      return (await waitForAuditItem(context, request.account, request.region, args)) as ObservationCatalog[K];
  }
  throw new Error(`no probe for ${request.kind}`);
}

/** The environment variable the operator puts the proxy's API key in; it is read per call and never stored. */
export const PROXY_KEY_VARIABLE = 'CRISP_PROXY_API_KEY';

/** A key no deployment can hold: the probe of a wrong key. */
const WRONG_KEY = 'crisp-wrong-key-0000000000000000';

/** Masks every token of a text that looks like a credential (body excerpts leave the collector; credentials may not). */
export function maskCredentials(text: string): string {
  return text.replace(/[A-Za-z0-9/+=._~-]{16,}/g, (token) => (credentialShape('', token) ? '[masked]' : token));
}

/** One request to the proxy with the chosen authentication; the response is sanitised before it is kept. */
async function proxyRequest(context: CollectContext, args: Record<string, string>): Promise<HttpTranscript> {
  const settings = dataPlaneObservation(context);
  const key = args.auth === 'env' ? process.env[PROXY_KEY_VARIABLE] : args.auth === 'wrong' ? WRONG_KEY : undefined;
  if (args.auth === 'env' && !key) throw new TargetLacks(`${PROXY_KEY_VARIABLE} is not set, so no authenticated call is made`);
  const handler = new ConnectMapHttpHandler({
    ...(settings.resolver ? { resolver: settings.resolver } : {}),
    connect: settings.connect,
    connectOnly: settings.connectOnly,
    ca: context.caPem,
    timeoutMs: 30_000,
  });
  // The smallest useful call: a fixed short prompt and few tokens, so the live check's cost is known.
  const body = JSON.stringify({ modelId: args.modelId, messages: [{ role: 'user', content: [{ text: PROBE_PROMPT }] }], maxTokens: 16 });
  try {
    const raw = await probeHttp(handler, args.url!, {
      method: args.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      body,
    });
    const headers = Object.entries(raw.headers).map(([name, value]) => {
      const suspicious = credentialShape(name, value) ?? (key && value.includes(key) ? 'value holds the API key sent' : undefined);
      return suspicious ? { name, suspicious } : { name };
    });
    let requestId = raw.headers['x-request-id'] ?? raw.headers['x-amzn-requestid'] ?? raw.headers['x-amz-apigw-id'];
    try {
      const parsed = JSON.parse(raw.body) as { requestId?: unknown };
      if (typeof parsed.requestId === 'string') requestId = parsed.requestId;
    } catch {
      // Not JSON: the id comes from the headers, if anywhere.
    }
    // The key itself is masked too, should the proxy echo it.
    const excerpt = maskCredentials(key ? raw.body.split(key).join('[masked]') : raw.body).slice(0, 400);
    return {
      url: args.url!,
      ...(raw.status !== undefined ? { status: raw.status } : {}),
      headers,
      ...(excerpt ? { bodyExcerpt: excerpt } : {}),
      ...(requestId && !credentialShape('', requestId) ? { requestId } : {}),
      ...(raw.error ? { error: raw.error } : {}),
      durationMs: Math.round(raw.durationMs),
    };
  } finally {
    handler.destroy();
  }
}

/** Polls GetItem for the audit item, bounded by `withinSeconds`; the item's content is never kept, only whether it came. */
async function waitForAuditItem(context: CollectContext, account: string, region: string, args: Record<string, string>): Promise<AuditItemWait> {
  const client = context.clients.dynamoDb(account, region);
  const deadline = performance.now() + Number(args.withinSeconds ?? 10) * 1000;
  const started = performance.now();
  let polls = 0;
  for (;;) {
    polls += 1;
    try {
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: args.tableName,
          Key: { [args.attribute!]: { S: args.value! } },
          ProjectionExpression: '#key',
          ExpressionAttributeNames: { '#key': args.attribute! },
        }),
      );
      if (Item) return { found: true, polls, waitedMs: Math.round(performance.now() - started) };
    } catch (error) {
      const name = (error as Error).name;
      return {
        found: false,
        polls,
        waitedMs: Math.round(performance.now() - started),
        error: `${name}: ${(error as Error).message}${name === 'ValidationException' ? ` (is ${args.attribute} the table's key?)` : ''}`,
      };
    }
    if (performance.now() >= deadline) return { found: false, polls, waitedMs: Math.round(performance.now() - started) };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
