import type { FindingDraft } from '../../model/findings.ts';
import type { TlsVersionTranscript } from '../../model/observations.ts';
import { defineCheck } from '../define.ts';
import { proxyScopeSchema } from './proxy-scope.ts';
import { liveOff, proxyAddress, TLS_OFFERS, tlsRequest } from './proxy-live.ts';

/**
 * Why a handshake did not complete: the server refused the version (its alert, or a
 * reset once connected), or crisp never reached a TLS server / could not offer the
 * version itself — the latter two prove nothing about the server. Only errors known to
 * be the server's answer count as a refusal; anything unrecognised is unknown.
 */
function handshakeFailure(transcript: TlsVersionTranscript): 'refused' | 'unreached' {
  const error = transcript.error ?? '';
  if (/ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EADDRNOTAVAIL|timeout|not in the connect map/i.test(error)) return 'unreached';
  // Client-side: OpenSSL would not offer the version at all (ERR_SSL_NO_PROTOCOLS_AVAILABLE), or Node refused the options (ERR_TLS_…).
  if (/NO_PROTOCOLS_AVAILABLE|^ERR_TLS_/i.test(error)) return 'unreached';
  return /^ERR_SSL_|ALERT|PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|WRONG_VERSION_NUMBER|HANDSHAKE_FAILURE|^EPROTO|ECONNRESET|socket hang up/i.test(error)
    ? 'refused'
    : 'unreached';
}

export default defineCheck({
  id: 'proxy.live-tls',
  title: 'The live proxy refuses TLS 1.0 and 1.1 and accepts TLS 1.2 with a certificate valid for its hostname',
  severity: 'critical',
  rationale:
    'GovCloud workloads must not fall back to TLS 1.0 or 1.1 on their way to a proxy holding a commercial credential (FedRAMP and NIST SP 800-52r2 require TLS 1.2 or later). crisp offers each version alone — lowering its own security level for the legacy ones, so a refusal is the server’s, not Node’s — and checks the certificate on the TLS 1.2 handshake.',
  remediation: 'Use a TLS 1.2 (or TLS 1.3) security policy on the custom domain or the endpoint in front of the proxy, and a certificate for its hostname.',
  params: proxyScopeSchema,
  needs: (scope) => (scope.proxyUrl ? TLS_OFFERS.map((version) => tlsRequest(scope, version)) : []),
  evaluate(observations, scope) {
    if (!scope.proxyUrl) return [liveOff(scope, 'TLS')];
    const { address, hostname } = proxyAddress(scope);
    return TLS_OFFERS.map((version): FindingDraft => {
      const transcript = observations.get(tlsRequest(scope, version));
      const resource = { type: 'crisp::TlsOffer', id: `${hostname} ${version}`, account: scope.govAccountId, region: scope.govRegion };
      const evidence = transcript;
      if (version !== 'TLSv1.2') {
        if (transcript.accepted)
          return {
            status: 'fail',
            resource,
            message: `${hostname} (${address}) accepts a ${version} handshake (negotiated ${transcript.protocol}); only TLS 1.2 or later may be accepted.`,
            expected: 'refused',
            actual: transcript.protocol,
            evidence,
          };
        if (handshakeFailure(transcript) === 'unreached')
          return {
            status: 'error',
            resource,
            message: `Offering ${version} to ${hostname} (${address}) proved nothing about the server: ${transcript.error ?? 'no answer'}.`,
            evidence,
          };
        return { status: 'pass', resource, message: `${hostname} (${address}) refuses a ${version} handshake (${transcript.error}).`, evidence };
      }
      if (!transcript.accepted)
        return handshakeFailure(transcript) === 'unreached'
          ? {
              status: 'error',
              resource,
              message: `Offering TLS 1.2 to ${hostname} (${address}) proved nothing about the server: ${transcript.error ?? 'no answer'}.`,
              evidence,
            }
          : {
              status: 'fail',
              resource,
              message: `${hostname} (${address}) refuses a TLS 1.2 handshake: ${transcript.error}.`,
              expected: 'accepted',
              actual: transcript.error,
              evidence,
            };
      if (!transcript.certificateValid)
        return {
          status: 'fail',
          resource,
          message: `${hostname} (${address}) accepts TLS 1.2, but its certificate is not valid for ${hostname} under the target's CAs.`,
          expected: 'a valid certificate',
          actual: 'invalid',
          evidence,
        };
      return {
        status: 'pass',
        resource,
        message: `${hostname} (${address}) accepts TLS 1.2 (negotiated ${transcript.protocol}) with a certificate valid for its hostname.`,
        evidence,
      };
    });
  },
});
