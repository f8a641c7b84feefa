/**
 * The live proxy probes the live checks share: the three requests (no key, a
 * wrong key, the key from CRISP_PROXY_API_KEY), the TLS versions offered, and
 * the wait for the authenticated request's audit item. Built the same way by
 * needs(), probes() and evaluate(), so each is asked once.
 */
import type { ObservationRequest } from '../../model/observations.ts';
import { govRequest, type ProxyScope } from './proxy-scope.ts';

/** How a request authenticates: no key, a key that cannot be valid, or the operator's key from the environment (never stored). */
export type ProxyAuth = 'none' | 'wrong' | 'env';

/** The invoke endpoint of the proxy. */
export const invokeUrl = (scope: ProxyScope) => `${scope.proxyUrl!.replace(/\/+$/, '')}/v1/bedrock/invoke-model`;

export const httpRequest = (scope: ProxyScope, auth: ProxyAuth): ObservationRequest<'probe.http'> =>
  govRequest(scope, 'probe.http', { url: invokeUrl(scope), method: 'POST', auth, modelId: scope.allowedModelIds[0]! });

/** The proxy's host:port, as TLS is offered to it. */
export function proxyAddress(scope: ProxyScope): { address: string; hostname: string } {
  const url = new URL(scope.proxyUrl!);
  return { address: `${url.hostname}:${url.port || '443'}`, hostname: url.hostname };
}

export const TLS_OFFERS = ['TLSv1', 'TLSv1.1', 'TLSv1.2'] as const;

export const tlsRequest = (scope: ProxyScope, version: (typeof TLS_OFFERS)[number]): ObservationRequest<'probe.tlsVersion'> =>
  govRequest(scope, 'probe.tlsVersion', { ...proxyAddress(scope), version });

export const auditRequest = (scope: ProxyScope, requestId: string): ObservationRequest<'probe.auditItem'> =>
  govRequest(scope, 'probe.auditItem', {
    tableName: scope.auditTable,
    attribute: scope.auditRequestIdAttribute,
    value: requestId,
    withinSeconds: String(scope.auditWithinSeconds),
  });

/** The finding for a suite without proxy_url: the live checks are off, said as such. */
export const liveOff = (scope: ProxyScope, checkWhat: string) => ({
  status: 'not_applicable' as const,
  resource: { type: 'crisp::ProxyUrl', id: 'proxy_url', account: scope.govAccountId, region: scope.govRegion },
  message: `No proxy_url is set, so ${checkWhat} is not probed live; set proxy_url (and CRISP_PROXY_API_KEY for the authenticated call) to enable it.`,
});
