/**
 * Passes a request a stand-in does not answer to moto unchanged — method, path and
 * query, headers (Host rewritten), body — and moto's answer back unchanged, so moto
 * keeps serving everything it implements. Hop-by-hop headers (RFC 9110 §7.6.1) are
 * the connection's, not the message's, and are not relayed.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { assertLoopbackEndpoint } from '../loopback.ts';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** Forwards to one moto server on loopback, over its own keep-alive connections. */
export class MotoForwarder {
  readonly #target: URL;
  readonly #agent = new Agent({ keepAlive: true });

  /** Throws unless motoEndpoint is on loopback (docs/ARCHITECTURE.md §11). */
  constructor(motoEndpoint: string) {
    assertLoopbackEndpoint(motoEndpoint);
    this.#target = new URL(motoEndpoint);
  }

  /** Relays the request to moto and moto's response to the caller; 502 when moto cannot be reached. */
  async forward(request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
    // Only origin-form targets ("/path?query"): an absolute URL must never steer the request elsewhere.
    if (!request.url?.startsWith('/')) return reply502(response, 'request target must be a path');
    const headers = { ...endToEnd(request.headers) };
    if (body.length > 0 || request.headers['content-length'] !== undefined) headers['content-length'] = String(body.length);
    let upstream: IncomingMessage;
    try {
      upstream = await this.#send(request.method ?? 'GET', request.url, headers, body);
    } catch (error) {
      return reply502(response, `moto did not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
    response.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, endToEnd(upstream.headers));
    await pipeline(upstream, response);
  }

  /**
   * Asks moto a question of the stand-in's own (POST `path` with `body`), as the caller:
   * the caller's end-to-end headers go along, so moto reads the same account and SigV4
   * Region (moto does not verify signatures). Answers moto's status and whole body;
   * throws when moto cannot be reached.
   */
  async ask(
    callerHeaders: IncomingHttpHeaders,
    body: Buffer,
    options: { path?: string; contentType?: string } = {},
  ): Promise<{ status: number; body: Buffer }> {
    const headers: IncomingHttpHeaders = { ...endToEnd(callerHeaders), 'content-length': String(body.length) };
    // Digests of the caller's body would describe another body.
    delete headers['content-md5'];
    delete headers['x-amz-content-sha256'];
    if (options.contentType) headers['content-type'] = options.contentType;
    const upstream = await this.#send('POST', options.path ?? '/', headers, body);
    const chunks: Buffer[] = [];
    for await (const chunk of upstream) chunks.push(chunk as Buffer);
    return { status: upstream.statusCode ?? 502, body: Buffer.concat(chunks) };
  }

  /**
   * Sends a request of the stand-in's making (any method, path and body) with the caller's
   * end-to-end headers, and answers moto's status, end-to-end headers and whole body;
   * throws when moto cannot be reached.
   */
  async exchange(
    method: string,
    path: string,
    callerHeaders: IncomingHttpHeaders,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    const headers: IncomingHttpHeaders = { ...endToEnd(callerHeaders), 'content-length': String(body.length) };
    delete headers['content-md5'];
    delete headers['x-amz-content-sha256'];
    const upstream = await this.#send(method, path, headers, body);
    const chunks: Buffer[] = [];
    for await (const chunk of upstream) chunks.push(chunk as Buffer);
    return { status: upstream.statusCode ?? 502, headers: endToEnd(upstream.headers), body: Buffer.concat(chunks) };
  }

  #send(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<IncomingMessage> {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = httpRequest(
        { hostname: this.#target.hostname, port: this.#target.port, method, path, headers: { ...headers, host: this.#target.host }, agent: this.#agent },
        resolve,
      );
      outgoing.once('error', reject);
      outgoing.end(body);
    });
  }

  /** Drops the pooled connections to moto. */
  close(): void {
    this.#agent.destroy();
  }
}

function reply502(response: ServerResponse, message: string): void {
  response.writeHead(502, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ message }));
}
