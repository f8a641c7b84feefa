/**
 * HTTPS stand-ins for the endpoint interfaces, on loopback. The main server
 * speaks HTTP/2 over TLS with HTTP/1.1 allowed (as Bedrock does), picks the
 * certificate by SNI, and answers unsigned requests like AWS does (403). Faulty
 * variants: a TLS 1.0-only server, and a port that refuses connections.
 */
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { freeLoopbackPort } from '../../harness/estate/moto-server.ts';
import type { IssuedCertificate } from './ca.ts';
import type { ConverseStandIn } from './converse-stand-in.ts';

export interface HttpsStandIn {
  port: number;
  stop(): Promise<void>;
}

const UNSIGNED_ANSWER = JSON.stringify({ message: 'Missing Authentication Token' });

function answer(_request: unknown, response: { writeHead(status: number, headers: Record<string, string>): void; end(body: string): void }): void {
  response.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'MissingAuthenticationTokenException' });
  response.end(UNSIGNED_ANSWER);
}

/** Listens on a free loopback port; stop() closes the server and every open connection. */
export async function listenOnLoopback(server: Http2SecureServer | HttpsServer): Promise<HttpsStandIn> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The main endpoint server: a certificate per hostname, chosen by SNI; Converse calls go to the runtime stand-in. */
export async function startEndpointServer(
  certificates: ReadonlyMap<string, IssuedCertificate>,
  fallback: IssuedCertificate,
  converse?: ConverseStandIn,
): Promise<HttpsStandIn> {
  const contexts = new Map<string, SecureContext>(
    [...certificates].map(([name, certificate]) => [name, createSecureContext({ cert: certificate.certPem, key: certificate.keyPem })]),
  );
  const server = createSecureServer(
    {
      cert: fallback.certPem,
      key: fallback.keyPem,
      allowHTTP1: true,
      minVersion: 'TLSv1.2',
      SNICallback: (servername, callback) => callback(null, contexts.get(servername.toLowerCase())),
    },
    (request, response) => {
      if (converse?.handle(request as never, response as never)) return;
      answer(request, response);
    },
  );
  return listenOnLoopback(server);
}

/** A server that only speaks TLS 1.0 (a legacy inspection proxy, say). */
export async function startTls10OnlyServer(certificate: IssuedCertificate): Promise<HttpsStandIn> {
  // OpenSSL 3 refuses TLS 1.0 at the default security level; the fault needs level 0.
  const server = createHttpsServer(
    { cert: certificate.certPem, key: certificate.keyPem, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' },
    answer,
  );
  return listenOnLoopback(server);
}

/** A loopback port nothing listens on: connections are refused. */
export async function closedPort(): Promise<HttpsStandIn> {
  return { port: await freeLoopbackPort(), stop: async () => {} };
}
