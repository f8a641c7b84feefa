/**
 * A proxy on loopback that records every answer its upstream gives and, switched to
 * replay, gives the same answer to the same request from memory — so a benchmark can
 * take the emulator's own speed out of a figure (moto answers one call at a time; AWS
 * answers many at once) and measure what crisp does with a fixed per-call latency
 * (the fault proxy in front adds it). A request not recorded is forwarded and recorded.
 *
 * A request is the same when its method, path, query, body, operation header, account
 * and SigV4 scope are: the signature and its date are not part of it, and the pager's
 * page tokens are compared without their snapshot id (a new read takes a new snapshot).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { MotoForwarder } from '../controlplane/moto-forwarder.ts';
import { serveOnLoopback, type LoopbackServer } from '../controlplane/loopback-server.ts';
import { identifyCall } from '../faultproxy/wire-call.ts';

export interface RecordingProxy extends LoopbackServer {
  /** `record` forwards everything and keeps the answers; `replay` answers recorded requests itself. */
  setMode(mode: 'record' | 'replay'): void;
  /** Requests answered from the recording, and forwarded, since the last setMode. */
  readonly counts: { replayed: number; forwarded: number };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const PAGE_TOKEN_SNAPSHOT = /crisp-page\.[0-9a-f-]{36}\./g;

function requestKey(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): string {
  const call = identifyCall(method, url, headers, body);
  const text = body.toString('utf8').replace(PAGE_TOKEN_SNAPSHOT, 'crisp-page.*.');
  return [method, url.replace(PAGE_TOKEN_SNAPSHOT, 'crisp-page.*.'), headers['x-amz-target'] ?? '', call.account ?? '', call.service ?? '', call.region ?? '']
    .concat(createHash('sha256').update(text).digest('hex'))
    .join('\u0000');
}

/** Starts the recorder in front of `upstream` (on loopback), in record mode. */
export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const forwarder = new MotoForwarder(upstream);
  const recorded = new Map<string, Answer>();
  let mode: 'record' | 'replay' = 'record';
  const counts = { replayed: 0, forwarded: 0 };
  const server = await serveOnLoopback(
    async (request, body, response) => {
      const method = request.method ?? 'GET';
      const url = request.url ?? '/';
      const key = requestKey(method, url, request.headers, body);
      let answer = mode === 'replay' ? recorded.get(key) : undefined;
      if (answer) counts.replayed += 1;
      else {
        answer = await forwarder.exchange(method, url, request.headers, body);
        recorded.set(key, answer);
        counts.forwarded += 1;
      }
      const { 'content-length': _length, ...headers } = answer.headers;
      response.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
      response.end(answer.body);
    },
    () => forwarder.close(),
  );
  return {
    ...server,
    counts,
    setMode(next) {
      mode = next;
      counts.replayed = 0;
      counts.forwarded = 0;
    },
  };
}
