/**
 * Table test for proxy.live-tls with handshakes as the TLS version probe records
 * them (one version offered at a time; the server's refusal is its alert code).
 * Proves: TLS 1.0 and 1.1 refused and TLS 1.2 accepted with a valid certificate
 * pass, one finding per version; TLS 1.0 accepted fails; TLS 1.2 refused fails;
 * TLS 1.2 with an invalid certificate fails; a refused TCP connection, a timeout,
 * an unknown host or a client that could not offer the version is an error —
 * never a pass for the legacy versions; no proxy_url is not applicable.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { Observations } from '../../model/observations.ts';
import check from './proxy.live-tls.ts';
import { failed, handshake, HOSTNAME, observe, proxyScope } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations, params = scope) =>
  evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

const ADDRESS = `${HOSTNAME}:443`;
const allFail = (error: string) =>
  observe(scope, (estate) => {
    estate.tls.TLSv1 = handshake('TLSv1', { error });
    estate.tls['TLSv1.1'] = handshake('TLSv1.1', { error });
    estate.tls['TLSv1.2'] = handshake('TLSv1.2', { error });
  });

describe(check.id, () => {
  test('clean: TLS 1.0 and 1.1 refused, TLS 1.2 accepted with a valid certificate — a pass per version, naming the host', () => {
    expect(run(observe(scope))).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'crisp::TlsOffer', id: `${HOSTNAME} TLSv1` }),
        message: `${HOSTNAME} (${ADDRESS}) refuses a TLSv1 handshake (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION).`,
      }),
      expect.objectContaining({ status: 'pass', resource: expect.objectContaining({ id: `${HOSTNAME} TLSv1.1` }) }),
      expect.objectContaining({
        status: 'pass',
        message: `${HOSTNAME} (${ADDRESS}) accepts TLS 1.2 (negotiated TLSv1.2) with a certificate valid for its hostname.`,
      }),
    ]);
  });

  test.each(['ECONNRESET', 'ERR_SSL_UNSUPPORTED_PROTOCOL', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO'])('a legacy offer answered %s is a refusal', (error) => {
    expect(run(observe(scope, (estate) => (estate.tls.TLSv1 = handshake('TLSv1', { error }))))[0]).toMatchObject({ status: 'pass' });
  });

  test('fault: TLS 1.0 accepted fails, naming the host and the negotiated protocol', () => {
    const findings = run(observe(scope, (estate) => (estate.tls.TLSv1 = handshake('TLSv1', { protocol: 'TLSv1', certificateValid: true }))));
    expect(findings.map((finding) => finding.status)).toEqual(['fail', 'pass', 'pass']);
    expect(findings[0]).toMatchObject({
      message: `${HOSTNAME} (${ADDRESS}) accepts a TLSv1 handshake (negotiated TLSv1); only TLS 1.2 or later may be accepted.`,
      expected: 'refused',
      actual: 'TLSv1',
    });
  });

  test('fault: TLS 1.2 refused by the server fails', () => {
    const findings = run(observe(scope, (estate) => (estate.tls['TLSv1.2'] = handshake('TLSv1.2', { error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' }))));
    expect(findings[2]).toMatchObject({
      status: 'fail',
      message: `${HOSTNAME} (${ADDRESS}) refuses a TLS 1.2 handshake: ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION.`,
    });
  });

  test('fault: TLS 1.2 with a certificate not valid for the hostname fails', () => {
    const findings = run(observe(scope, (estate) => (estate.tls['TLSv1.2'] = handshake('TLSv1.2', { protocol: 'TLSv1.2', certificateValid: false }))));
    expect(findings[2]).toMatchObject({
      status: 'fail',
      message: `${HOSTNAME} (${ADDRESS}) accepts TLS 1.2, but its certificate is not valid for ${HOSTNAME} under the target's CAs.`,
    });
  });

  test.each([
    'ECONNREFUSED',
    'ETIMEDOUT',
    'timeout after 10000 ms',
    'ENOTFOUND',
    'EHOSTUNREACH',
    `${HOSTNAME}:443 is not in the connect map and connectOnly forbids dialling it`,
    'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
    'something crisp does not recognise',
  ])('error: every offer failing with %s is an error for each version — never a pass for TLS 1.0/1.1', (error) => {
    const findings = run(allFail(error));
    expect(findings.map((finding) => finding.status)).toEqual(['error', 'error', 'error']);
    expect(findings[0]!.message).toBe(`Offering TLSv1 to ${HOSTNAME} (${ADDRESS}) proved nothing about the server: ${error}.`);
  });

  test('error: a handshake that could not be probed is an error naming the observation', () => {
    expect(run(observe(scope, (estate) => (estate.tls['TLSv1.1'] = failed('probe aborted'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'probe.tlsVersion' }) }),
    ]);
  });

  test('no proxy_url: not applicable with the reason, and nothing is probed', () => {
    const off = proxyScope({ proxyUrl: undefined });
    expect(check.needs(off)).toEqual([]);
    expect(run(observe(off), off)).toEqual([
      expect.objectContaining({ status: 'not_applicable', message: expect.stringContaining('No proxy_url is set, so TLS is not probed live') }),
    ]);
  });
});
