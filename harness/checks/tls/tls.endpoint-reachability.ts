import { z } from 'zod';
import type { FindingDraft } from '../../model/findings.ts';
import { defineCheck } from '../define.ts';
import { canDial, dataPlaneRequest, endpointInterfaces, tlsProbeRequest } from '../live.ts';
import { networkScopeSchema, onSide, serviceHostname } from '../network/scope.ts';
import { ec2Resource, NetworkView } from '../network/view.ts';

const DAY_MS = 86_400_000;
const MODERN = new Set(['TLSv1.2', 'TLSv1.3']);

export default defineCheck({
  id: 'tls.endpoint-reachability',
  title: 'Every endpoint interface IP accepts HTTPS on 443 from the app side with TLS 1.2 or later and a valid certificate for the service hostname',
  severity: 'critical',
  rationale:
    'Routes and rules on paper do not prove a handshake: a closed port, an inspection proxy with the wrong certificate, or a legacy TLS policy breaks every SDK call even when DNS and routing are right. Any HTTP status proves layer-7 reachability.',
  remediation:
    'For a refused or timed-out connect follow network.static-path; for certificate or protocol errors, look for a TLS-intercepting proxy or a wrong connect mapping between the app and the endpoint.',
  params: networkScopeSchema.extend({
    certificateMinDays: z.int().min(0).default(14).describe('Fail when the certificate expires within this many days of the probe.'),
  }),
  needs: (scope) => [...onSide(scope, 'endpoint', ['ec2.vpcs', 'ec2.vpcEndpoints', 'ec2.networkInterfaces']), dataPlaneRequest(scope)],
  probes(scope, observations) {
    const view = new NetworkView(observations, scope);
    const dataPlane = observations.get(dataPlaneRequest(scope));
    return scope.services.flatMap((service) =>
      endpointInterfaces(view, observations, service)
        .filter((entry) => entry.ip && canDial(dataPlane, `${entry.ip}:443`))
        .map((entry) => tlsProbeRequest(scope, `${entry.ip}:443`, serviceHostname(scope, service))),
    );
  },
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const dataPlane = observations.get(dataPlaneRequest(scope));
    return scope.services.flatMap((service): FindingDraft[] => {
      const interfaces = endpointInterfaces(view, observations, service);
      if (interfaces.length === 0) return [view.noEndpointSkip(service, 'there is no interface to connect to')];
      const hostname = serviceHostname(scope, service);
      return interfaces.map((entry): FindingDraft => {
        const resource = ec2Resource(scope, 'endpoint', 'AWS::EC2::NetworkInterface', entry.eniId, entry.eni?.TagSet);
        const label = `${entry.ip ?? entry.eniId}:443 (${service}, ${entry.endpoint.VpcEndpointId})`;
        if (!entry.ip)
          return { status: 'error', resource, message: `Interface ${entry.eniId} of ${entry.endpoint.VpcEndpointId} has no private IP to connect to.` };
        const address = `${entry.ip}:443`;
        if (!canDial(dataPlane, address)) {
          return {
            status: 'skipped',
            resource,
            message: `Skipped: crisp runs outside the app VPC and the connect map has no entry for ${address}; add one (e.g. an SSM port forward) to probe it.`,
          };
        }
        const transcript = observations.get(tlsProbeRequest(scope, address, hostname));
        const evidence = transcript;
        const fail = (why: string): FindingDraft => ({ status: 'fail', resource, message: `${label}: ${why}`, evidence });
        if (transcript.stage === 'not-dialled') return { status: 'error', resource, message: `${label} was not probed: ${transcript.error}.`, evidence };
        if (transcript.stage === 'connect')
          return fail(`the TCP connection failed (${transcript.error}); the port is closed or filtered on the path — see network.static-path.`);
        if (transcript.stage === 'tls')
          return fail(
            `the TLS handshake with SNI ${hostname} failed (${transcript.error}); the endpoint or something on the path does not speak TLS 1.2+ for this name.`,
          );
        if (!transcript.protocol || !MODERN.has(transcript.protocol))
          return fail(`negotiated ${transcript.protocol ?? 'an unknown protocol'}; TLS 1.2 or later is required.`);
        const certificate = transcript.certificate;
        if (!certificate) return fail('the server presented no certificate.');
        // Node reports expiry and a name mismatch as chain errors too; name each for what it is.
        const daysLeft = Math.floor((Date.parse(certificate.validTo) - Date.parse(transcript.observedAt)) / DAY_MS);
        if (daysLeft < 0 || transcript.chainError === 'CERT_HAS_EXPIRED') return fail(`the certificate expired on ${certificate.validTo}.`);
        if (transcript.hostnameValid === false || transcript.chainError === 'ERR_TLS_CERT_ALTNAME_INVALID') {
          return fail(
            `the certificate (${certificate.subjectAltNames.join(', ') || certificate.subject}) is not valid for ${hostname}; something other than the endpoint answers — an intercepting proxy or a wrong connect mapping.`,
          );
        }
        if (transcript.chainValid === false)
          return fail(`the certificate chain is not trusted (${transcript.chainError}); a TLS-intercepting proxy or a wrong CA is in the way.`);
        if (daysLeft < scope.certificateMinDays)
          return fail(`the certificate expires in ${daysLeft} days (${certificate.validTo}), within the suite's ${scope.certificateMinDays}-day margin.`);
        if (transcript.stage !== 'done') return fail(`TLS succeeded but the HTTP request failed (${transcript.error}).`);
        const timings = transcript.timings ?? {};
        return {
          status: 'pass',
          resource,
          message: `${label} answered HTTP ${transcript.httpStatus} over ${transcript.protocol} (${transcript.cipher}) with a certificate valid for ${hostname} until ${certificate.validTo}; connect ${timings.connectMs?.toFixed(1)} ms, handshake ${timings.handshakeMs?.toFixed(1)} ms, first byte ${timings.firstByteMs?.toFixed(1)} ms.`,
          actual: { protocol: transcript.protocol, httpStatus: transcript.httpStatus, validTo: certificate.validTo },
          evidence,
        };
      });
    });
  },
});
