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
import type { CollectContext } from './context.ts';
import { serviceHostnameIn } from '../model/partition.ts';
import { TargetLacks } from './failure.ts';
import type { DataPlaneObservation, ObservationCatalog, ObservationRequest } from '../model/observations.ts';

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
  }
  throw new Error(`no probe for ${request.kind}`);
}
