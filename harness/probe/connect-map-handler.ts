/**
 * An HTTP handler for AWS SDK clients that takes the same path as crisp's
 * data-plane probes: the hostname is resolved with the target's resolver, the
 * dial goes through the connect map, TLS uses the real hostname as SNI and the
 * target's CA, and HTTP/2 is negotiated (HTTP/1.1 allowed) through undici. One
 * connection per address is kept and reused; the protocol measured is recorded.
 */
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { Client } from 'undici';
import { resolveDial, parseHostPort, type HostPort } from './address.ts';
import { resolveType } from './dns.ts';

export interface ConnectMapSettings {
  resolver?: string;
  connect: Readonly<Record<string, string>>;
  connectOnly: boolean;
  ca?: string;
  timeoutMs: number;
}

/** Wire timings of one call, filled in by the handler (performance.now() values). */
export interface WireTiming {
  startedAt?: number;
  headersAt?: number;
  endedAt?: number;
}

interface SdkRequest {
  protocol: string;
  hostname: string;
  port?: number;
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** Resolves and dials like the probes; keeps a client per dialled address. */
export class ConnectMapHttpHandler {
  readonly #settings: ConnectMapSettings;
  readonly #clients = new Map<string, Client>();
  /** Resolved addresses by hostname:port, kept for the handler's life as an application's resolver cache would. */
  readonly #resolved = new Map<string, { address: string; dial: HostPort }>();
  /** ALPN protocol of each connection made ("h2" or "http/1.1"). */
  readonly protocols: string[] = [];
  connections = 0;
  // No `metadata.handlerProtocol = 'h2'`: the SDK would then add HTTP/2 pseudo-headers itself,
  // which undici refuses; undici negotiates h2 (or HTTP/1.1) through ALPN on its own.

  constructor(settings: ConnectMapSettings) {
    this.#settings = settings;
  }

  /** Where a hostname:port really goes, through the resolver and the connect map. */
  async dialFor(hostname: string, port: number): Promise<{ address: string; dial: HostPort }> {
    let address = `${hostname}:${port}`;
    if (!(address in this.#settings.connect) && this.#settings.resolver) {
      const answer = await resolveType(parseHostPort(this.#settings.resolver), hostname, 'A');
      const ip = answer.answers.find((record) => record.type === 'A')?.data;
      if (!ip) throw new Error(`${hostname} did not resolve through ${this.#settings.resolver} (${answer.rcode ?? answer.error})`);
      address = `${ip}:${port}`;
    }
    const dial = resolveDial(address, this.#settings.connect, this.#settings.connectOnly);
    if (!dial) throw new Error(`${address} (${hostname}) is not in the connect map and connectOnly forbids dialling it`);
    return { address, dial };
  }

  #client(origin: string, hostname: string, dial: HostPort): Client {
    const key = `${dial.host}:${dial.port}|${hostname}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = new Client(origin, {
        allowH2: true,
        headersTimeout: this.#settings.timeoutMs,
        bodyTimeout: this.#settings.timeoutMs,
        connect: (_options, callback) => {
          const socket: TLSSocket = connectTls({
            host: dial.host,
            port: dial.port,
            servername: hostname,
            ca: this.#settings.ca,
            ALPNProtocols: ['h2', 'http/1.1'],
          });
          socket.once('secureConnect', () => {
            this.connections += 1;
            this.protocols.push(socket.alpnProtocol || 'http/1.1');
            callback(null, socket);
          });
          socket.once('error', (error) => callback(error, null));
        },
      });
      this.#clients.set(key, client);
    }
    return client;
  }

  async handle(
    request: SdkRequest,
    options: { crispTiming?: WireTiming } = {},
  ): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: unknown } }> {
    const port = request.port ?? 443;
    const target = `${request.hostname}:${port}`;
    if (!this.#resolved.has(target)) this.#resolved.set(target, await this.dialFor(request.hostname, port));
    const { dial } = this.#resolved.get(target)!;
    const timing = options.crispTiming;
    // The wire clock starts here, after name resolution, as the TLS probe's starts at the dial.
    if (timing) timing.startedAt = performance.now();
    const client = this.#client(`${request.protocol}//${request.hostname}:${port}`, request.hostname, dial);
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {}))
      for (const item of Array.isArray(value) ? value : value === null ? [] : [value]) query.append(key, item);
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'transfer-encoding', 'connection'].includes(name.toLowerCase())),
    );
    const response = await client.request({
      method: request.method as 'POST',
      path: `${request.path}${query.size > 0 ? `?${query}` : ''}`,
      headers,
      body: request.body as string | Uint8Array | undefined,
    });
    if (timing) timing.headersAt = performance.now();
    const flat = Object.fromEntries(
      Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value ?? '')]),
    );
    // Event streams stay streams (their end is stamped as it happens); any other body is read
    // here, so the wire time ends at its last byte, not when the SDK gets round to parsing it.
    if ((flat['content-type'] ?? '').includes('eventstream')) {
      if (timing) response.body.once('end', () => (timing.endedAt = performance.now()));
      return { response: { statusCode: response.statusCode, headers: flat, body: response.body } };
    }
    const body = await response.body.bytes();
    if (timing) timing.endedAt = performance.now();
    return { response: { statusCode: response.statusCode, headers: flat, body } };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {
    for (const client of this.#clients.values()) void client.destroy();
    this.#clients.clear();
  }
}
