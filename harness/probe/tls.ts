/**
 * TLS probe: TCP connect and TLS handshake with SNI = the service hostname to
 * one endpoint address (through the connect map), chain and hostname
 * verification, then one HTTP request through undici. Every observed negative
 * (refused, handshake failure, bad certificate) is recorded as data in the
 * transcript; any HTTP status proves layer-7 reachability.
 */
import { checkServerIdentity, connect as connectTls, type PeerCertificate, type TLSSocket } from 'node:tls';
import { Client } from 'undici';
import type { TlsTranscript } from '../model/observations.ts';
import { formatHostPort, type HostPort } from './address.ts';

export interface TlsProbeOptions {
  /** PEM bundle; undefined means the system CAs. */
  ca?: string;
  timeoutMs: number;
}

export const DEFAULT_TLS_TIMEOUT_MS = 5_000;

function certificateOf(peer: PeerCertificate): NonNullable<TlsTranscript['certificate']> {
  const name = (entry: unknown) =>
    entry && typeof entry === 'object'
      ? Object.entries(entry)
          .map(([key, value]) => `${key}=${String(value)}`)
          .join(', ')
      : String(entry ?? '');
  return {
    subject: name(peer.subject),
    subjectAltNames: (peer.subjectaltname ?? '').split(', ').filter(Boolean),
    issuer: name(peer.issuer),
    validFrom: new Date(peer.valid_from).toISOString(),
    validTo: new Date(peer.valid_to).toISOString(),
    fingerprint256: peer.fingerprint256,
  };
}

/** Probes one endpoint address; never throws. `dial` undefined means the connect map forbade the dial. */
export async function probeTls(address: string, dial: HostPort | undefined, hostname: string, options: TlsProbeOptions): Promise<TlsTranscript> {
  const transcript: TlsTranscript = { address, hostname, observedAt: new Date().toISOString(), stage: 'not-dialled' };
  if (!dial) return { ...transcript, error: `${address} is not in the connect map and connectOnly forbids dialling it` };
  transcript.dialed = formatHostPort(dial.host, dial.port);
  transcript.stage = 'connect';
  // The clock starts at the dial, so undici's own set-up is not counted as network time.
  let started = performance.now();
  let socket: TLSSocket | undefined;
  // undici drives the connection through this connector, so the handshake is ours to time and inspect.
  const connector = (_options: unknown, callback: (...args: [null, TLSSocket] | [Error, null]) => void) => {
    // Verification is done after the handshake so that a bad certificate is recorded, not just refused.
    started = performance.now();
    socket = connectTls({ host: dial.host, port: dial.port, servername: hostname, ca: options.ca, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    const current = socket;
    current.setTimeout(options.timeoutMs, () => current.destroy(new Error(`timeout after ${options.timeoutMs} ms`)));
    current.once('connect', () => {
      transcript.stage = 'tls';
      transcript.timings = { connectMs: performance.now() - started };
    });
    current.once('secureConnect', () => {
      current.setTimeout(0);
      transcript.timings = { ...transcript.timings, handshakeMs: performance.now() - started };
      inspect(current, hostname, transcript);
      transcript.stage = 'http';
      callback(null, current);
    });
    current.once('error', (error) => callback(error, null));
  };
  const client = new Client(`https://${hostname}`, { connect: connector, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, pipelining: 0 });
  try {
    const response = await client.request({ path: '/', method: 'GET', headers: { 'user-agent': 'crisp-probe' } });
    transcript.timings = { ...transcript.timings, firstByteMs: performance.now() - started };
    transcript.httpStatus = response.statusCode;
    transcript.httpVersion = transcript.alpn === 'h2' ? '2' : '1.1';
    await response.body.dump();
    transcript.stage = 'done';
  } catch (error) {
    transcript.error = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  } finally {
    await client.destroy().catch(() => {});
    socket?.destroy();
  }
  return transcript;
}

/** Records protocol, cipher, certificate, chain and hostname verdicts of a finished handshake. */
function inspect(socket: TLSSocket, hostname: string, transcript: TlsTranscript): void {
  transcript.protocol = socket.getProtocol() ?? undefined;
  transcript.alpn = socket.alpnProtocol || undefined;
  transcript.cipher = socket.getCipher()?.name;
  transcript.chainValid = socket.authorized;
  if (!socket.authorized) transcript.chainError = String(socket.authorizationError);
  const peer = socket.getPeerCertificate();
  if (peer && Object.keys(peer).length > 0) {
    transcript.certificate = certificateOf(peer);
    const identityError = checkServerIdentity(hostname, peer);
    transcript.hostnameValid = identityError === undefined;
    if (identityError) transcript.hostnameError = identityError.message;
  }
}
