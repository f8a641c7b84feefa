/**
 * HTTP probe: one request to a URL through the data plane — the target's
 * resolver and connect map (hostname:port keys included), TLS verified against
 * the target's CA — with the response kept raw for the caller to sanitise. A
 * refused connection or a TLS failure is data, never a throw.
 */
import { ConnectMapHttpHandler } from './connect-map-handler.ts';

/** The raw exchange; the collector masks anything credential-looking before it is stored. */
export interface RawHttpExchange {
  status?: number;
  headers: Record<string, string>;
  body: string;
  error?: string;
  durationMs: number;
}

/** Sends one request; `handler` carries the data-plane settings. */
export async function probeHttp(
  handler: ConnectMapHttpHandler,
  url: string,
  request: { method: string; headers: Record<string, string>; body?: string },
): Promise<RawHttpExchange> {
  const target = new URL(url);
  const started = performance.now();
  try {
    const { response } = await handler.handle({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port ? Number(target.port) : 443,
      method: request.method,
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { ...request.headers, host: target.host },
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    const body = response.body instanceof Uint8Array ? Buffer.from(response.body).toString('utf8') : '';
    return { status: response.statusCode, headers: response.headers, body, durationMs: performance.now() - started };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as { cause?: NodeJS.ErrnoException }).cause?.code;
    return { headers: {}, body: '', error: code ? `${code}: ${(error as Error).message}` : (error as Error).message, durationMs: performance.now() - started };
  }
}
