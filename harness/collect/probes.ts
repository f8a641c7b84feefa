/**
 * Data-plane "collectors": the target's data-plane settings, and the DNS and
 * TLS probes. Probes answer with transcripts; what they observe (NXDOMAIN, a
 * refused port) is data, so they only fail for a malformed request.
 */
import { parseHostPort, resolveDial } from '../probe/address.ts';
import { probeDns } from '../probe/dns.ts';
import { DEFAULT_TLS_TIMEOUT_MS, probeTls } from '../probe/tls.ts';
import type { CollectContext } from './context.ts';
import type { DataPlaneObservation, ObservationCatalog, ObservationRequest } from './observations.ts';

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
  }
  throw new Error(`no probe for ${request.kind}`);
}
