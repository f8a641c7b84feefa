/**
 * An HTTP/1.1 server on 127.0.0.1 (port chosen by the OS) for the control-plane
 * stand-ins. It reads each request body whole before calling the handler:
 * control-plane bodies are small, and the stand-ins must see the body to decide
 * whether to answer or forward.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers one request whose body has been read. */
export type RequestHandler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => Promise<void>;

/** A running stand-in. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Closes the listener and every open connection. Safe to call twice. */
  stop(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Serves `handle` on loopback; a handler that throws answers 500 rather than leaving the client hanging. */
export async function serveOnLoopback(handle: RequestHandler, onStop: () => void = () => {}): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => handle(request, body, response))
      .catch((error: unknown) => {
        if (response.headersSent) return void response.destroy();
        response.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerException' });
        response.end(JSON.stringify({ message: `stand-in failure: ${error instanceof Error ? error.message : String(error)}` }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // SDK clients keep connections alive; close() alone would wait for them.
        server.closeAllConnections();
        onStop();
      })),
  };
}
