/**
 * Table test for tls.endpoint-reachability on the AWS-shaped estate fixture with
 * probe transcripts as the TLS probe writes them (crisp inside the app VPC, one
 * transcript per endpoint interface IP on 443, SNI = the service hostname):
 * clean (TLS 1.3, trusted, right name, a year left), the faults a handshake can
 * show, the outside vantage with nothing mapped, and a probe that never dialled.
 */
import { describe, expect, test } from 'vitest';
import type { DataPlaneObservation, ObservationOutcome, ObservationRequest, TlsTranscript } from '../../model/observations.ts';
import { cleanEstate, ENDPOINT, judge, NETWORK_PARAMS, observationsOf, statuses, type EstateData } from '../../../test/support/estate-fixture.ts';
import { tlsProbeRequest } from '../live.ts';
import check from './tls.endpoint-reachability.ts';

const scope = check.params.parse(NETWORK_PARAMS);
const OBSERVED_AT = '2025-06-01T00:00:00.000Z';
const daysAfterProbe = (days: number) => new Date(Date.parse(OBSERVED_AT) + days * 86_400_000).toISOString();
const INSIDE: DataPlaneObservation = { targetKind: 'aws', vantage: 'inside-app-vpc', connect: {}, connectOnly: false };
/** The bedrock-runtime interface in ap-southeast-2a, the one the faults break. */
const RUNTIME_A = '10.1.1.11:443';
const RUNTIME_HOST = `bedrock-runtime.${ENDPOINT.region}.amazonaws.com`;

/** Every endpoint interface of the estate: the address to dial and the hostname to present. */
function interfacesOf(data: EstateData): { address: string; hostname: string }[] {
  const ips = new Map(data.endpoint.networkInterfaces.map((eni) => [eni.NetworkInterfaceId, eni.PrivateIpAddress]));
  return data.endpoint.vpcEndpoints.flatMap((endpoint) =>
    (endpoint.NetworkInterfaceIds ?? []).map((id) => ({
      address: `${ips.get(id)}:443`,
      hostname: `${endpoint.ServiceName!.split('.').pop()}.${ENDPOINT.region}.amazonaws.com`,
    })),
  );
}

/** What the probe records for a healthy endpoint: TLS 1.3, trusted chain, the right name, valid for a year. */
function healthy(address: string, hostname: string): TlsTranscript {
  return {
    address,
    dialed: address,
    hostname,
    observedAt: OBSERVED_AT,
    stage: 'done',
    protocol: 'TLSv1.3',
    alpn: 'http/1.1',
    cipher: 'TLS_AES_128_GCM_SHA256',
    chainValid: true,
    hostnameValid: true,
    certificate: {
      subject: `CN=${hostname}`,
      subjectAltNames: [`DNS:${hostname}`, `DNS:*.${hostname}`],
      issuer: 'C=US, O=Amazon, CN=Amazon RSA 2048 M02',
      validFrom: '2025-01-01T00:00:00.000Z',
      validTo: daysAfterProbe(365),
      fingerprint256: '3A:7F:00:11',
    },
    httpStatus: 404,
    httpVersion: '1.1',
    timings: { connectMs: 1.2, handshakeMs: 5.4, firstByteMs: 9.8 },
  };
}

/** The estate seen from `dataPlane`, with a transcript for every interface; `change` edits the one of `address`. */
function probed(change: Record<string, (transcript: TlsTranscript) => TlsTranscript> = {}, dataPlane = INSIDE) {
  const data = cleanEstate();
  data.dataPlane = dataPlane;
  const transcripts = interfacesOf(data).map(({ address, hostname }): [ObservationRequest, ObservationOutcome] => {
    const transcript = healthy(address, hostname);
    return [tlsProbeRequest(scope, address, hostname), { ok: true, data: change[address]?.(transcript) ?? transcript }];
  });
  return observationsOf(data, transcripts);
}

/** The finding of the broken interface, with every other interface still passing. */
function judgeRuntimeA(change: (transcript: TlsTranscript) => TlsTranscript) {
  const findings = judge(check, NETWORK_PARAMS, probed({ [RUNTIME_A]: change }));
  expect(statuses(findings)).toEqual(['pass', 'pass', 'fail', 'pass', 'pass', 'pass', 'pass', 'pass']);
  expect(findings[2]!.resource).toMatchObject({ type: 'AWS::EC2::NetworkInterface', id: 'eni-01a0000000000000', account: ENDPOINT.account });
  return findings[2]!;
}

const certificate = (transcript: TlsTranscript, patch: Partial<NonNullable<TlsTranscript['certificate']>>) => ({
  ...transcript,
  certificate: { ...transcript.certificate!, ...patch },
});

describe(check.id, () => {
  test('clean: all eight interfaces answer over TLS 1.3 with a trusted certificate for the service name', () => {
    const observations = probed();
    expect(check.probes!(scope, observations).map((request) => request.args)).toEqual(
      interfacesOf(cleanEstate()).map(({ address, hostname }) => ({ address, hostname })),
    );
    const findings = judge(check, NETWORK_PARAMS, observations);
    expect(statuses(findings)).toEqual(Array(8).fill('pass'));
    expect(findings[2]!.message).toBe(
      `${RUNTIME_A} (bedrock-runtime, vpce-01000000000000000) answered HTTP 404 over TLSv1.3 (TLS_AES_128_GCM_SHA256) with a certificate valid for ${RUNTIME_HOST} until ${daysAfterProbe(365)}; connect 1.2 ms, handshake 5.4 ms, first byte 9.8 ms.`,
    );
  });

  test('fault: a handshake that negotiates TLSv1 fails, naming the protocol', () => {
    expect(judgeRuntimeA((transcript) => ({ ...transcript, protocol: 'TLSv1', cipher: 'ECDHE-RSA-AES128-SHA' })).message).toBe(
      `${RUNTIME_A} (bedrock-runtime, vpce-01000000000000000): negotiated TLSv1; TLS 1.2 or later is required.`,
    );
  });

  test('fault: a certificate that expired before the probe ran fails, naming its expiry', () => {
    const finding = judgeRuntimeA((transcript) => ({
      ...certificate(transcript, { validTo: daysAfterProbe(-3) }),
      chainValid: false,
      chainError: 'CERT_HAS_EXPIRED',
    }));
    expect(finding.message).toContain(`: the certificate expired on ${daysAfterProbe(-3)}.`);
  });

  test('fault: a certificate for another name fails as an interception or a wrong mapping, naming what it covers', () => {
    const finding = judgeRuntimeA((transcript) => ({
      ...certificate(transcript, { subject: 'CN=proxy.corp.example', subjectAltNames: ['DNS:proxy.corp.example'] }),
      chainValid: false,
      chainError: 'ERR_TLS_CERT_ALTNAME_INVALID',
      hostnameValid: false,
      hostnameError: `Hostname/IP does not match certificate's altnames: Host: ${RUNTIME_HOST}. is not in the cert's altnames: DNS:proxy.corp.example`,
    }));
    expect(finding.message).toContain(`the certificate (DNS:proxy.corp.example) is not valid for ${RUNTIME_HOST}; something other than the endpoint answers`);
  });

  test('fault: a refused connection fails at the TCP stage, pointing at network.static-path', () => {
    const finding = judgeRuntimeA(({ address, dialed, hostname, observedAt }) => ({
      address,
      dialed,
      hostname,
      observedAt,
      stage: 'connect',
      error: 'ECONNREFUSED',
    }));
    expect(finding.message).toBe(
      `${RUNTIME_A} (bedrock-runtime, vpce-01000000000000000): the TCP connection failed (ECONNREFUSED); the port is closed or filtered on the path — see network.static-path.`,
    );
  });

  test('fault: a certificate expiring within certificateMinDays fails with the days left; a smaller margin passes it', () => {
    const soon = { [RUNTIME_A]: (transcript: TlsTranscript) => certificate(transcript, { validTo: daysAfterProbe(10) }) };
    const finding = judgeRuntimeA(soon[RUNTIME_A]);
    expect(finding.message).toContain(`the certificate expires in 10 days (${daysAfterProbe(10)}), within the suite's 14-day margin.`);
    expect(statuses(judge(check, { ...NETWORK_PARAMS, certificateMinDays: 7 }, probed(soon)))).toEqual(Array(8).fill('pass'));
  });

  test('fault: an untrusted chain and a failed handshake fail with their reasons', () => {
    expect(judgeRuntimeA((transcript) => ({ ...transcript, chainValid: false, chainError: 'SELF_SIGNED_CERT_IN_CHAIN' })).message).toContain(
      'the certificate chain is not trusted (SELF_SIGNED_CERT_IN_CHAIN)',
    );
    expect(judgeRuntimeA(({ address, hostname, observedAt }) => ({ address, hostname, observedAt, stage: 'tls', error: 'ECONNRESET' })).message).toContain(
      `the TLS handshake with SNI ${RUNTIME_HOST} failed (ECONNRESET)`,
    );
  });

  test('skipped: outside the app VPC with nothing mapped, nothing is dialled and every interface says so', () => {
    const outside: DataPlaneObservation = { targetKind: 'aws', vantage: 'outside', connect: {}, connectOnly: false };
    const observations = probed({}, outside);
    expect(check.probes!(scope, observations)).toEqual([]);
    const findings = judge(check, NETWORK_PARAMS, observations);
    expect(statuses(findings)).toEqual(Array(8).fill('skipped'));
    expect(findings[2]!.message).toContain(`the connect map has no entry for ${RUNTIME_A}`);
    const mapped = judge(check, NETWORK_PARAMS, probed({}, { ...outside, connect: { [RUNTIME_A]: '127.0.0.1:8443' } }));
    expect(statuses(mapped)).toEqual(['skipped', 'skipped', 'pass', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
  });

  test('error: a transcript the probe never dialled is an error naming why, never a pass', () => {
    const why = `${RUNTIME_A} is not in the connect map and connectOnly forbids dialling it`;
    const findings = judge(
      check,
      NETWORK_PARAMS,
      probed({ [RUNTIME_A]: ({ address, hostname, observedAt }) => ({ address, hostname, observedAt, stage: 'not-dialled', error: why }) }),
    );
    expect(findings[2]).toMatchObject({ status: 'error', message: `${RUNTIME_A} (bedrock-runtime, vpce-01000000000000000) was not probed: ${why}.` });
    expect(statuses(findings).filter((status) => status === 'pass')).toHaveLength(7);
  });
});
