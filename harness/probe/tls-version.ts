/**
 * TLS version probe: one handshake offering a single protocol version, to learn
 * whether the server accepts it. Node 24's OpenSSL will not even offer TLS 1.0 or
 * 1.1 at its default security level — the attempt would fail on crisp's side and
 * read as "the server refused" — so for those versions the client lowers its own
 * level (`@SECLEVEL=0`) for this probe only. A refusal is data, never a throw.
 */
import { checkServerIdentity, connect as connectTls, type SecureVersion } from 'node:tls';
import type { TlsVersionTranscript } from '../model/observations.ts';
import { formatHostPort, type HostPort } from './address.ts';

/** The protocol versions the probe may offer. */
export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type OfferedVersion = (typeof TLS_VERSIONS)[number];

/** Client ciphers for a version: legacy versions need the security level lowered, or OpenSSL refuses to offer them. */
export function clientCiphersFor(version: OfferedVersion): string | undefined {
  return version === 'TLSv1' || version === 'TLSv1.1' ? 'DEFAULT:@SECLEVEL=0' : undefined;
}

/** Offers exactly `version` to `dial` with SNI `hostname`; never throws. `dial` undefined: the connect map forbade it. */
export async function probeTlsVersion(
  address: string,
  dial: HostPort | undefined,
  hostname: string,
  version: OfferedVersion,
  options: { ca?: string; timeoutMs: number },
): Promise<TlsVersionTranscript> {
  const transcript: TlsVersionTranscript = { address, offered: version, accepted: false };
  if (!dial) return { ...transcript, error: `${address} is not in the connect map and connectOnly forbids dialling it` };
  transcript.dialled = formatHostPort(dial.host, dial.port);
  const ciphers = clientCiphersFor(version);
  return new Promise((resolve) => {
    const socket = connectTls({
      host: dial.host,
      port: dial.port,
      servername: hostname,
      ca: options.ca,
      // The certificate is judged after the handshake, so a bad one is recorded rather than refused.
      rejectUnauthorized: false,
      minVersion: version as SecureVersion,
      maxVersion: version as SecureVersion,
      ...(ciphers ? { ciphers } : {}),
    });
    const finish = (result: Partial<TlsVersionTranscript>) => {
      socket.destroy();
      resolve({ ...transcript, ...result });
    };
    socket.setTimeout(options.timeoutMs, () => finish({ error: `timeout after ${options.timeoutMs} ms` }));
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      const certificateValid = socket.authorized && peer !== undefined && Object.keys(peer).length > 0 && checkServerIdentity(hostname, peer) === undefined;
      finish({ accepted: true, protocol: socket.getProtocol() ?? undefined, certificateValid });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
  });
}
