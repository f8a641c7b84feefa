/**
 * A proxy on loopback in front of moto that answers listings in pages of a lab-chosen
 * size, so crisp's pagination runs against an emulator that would otherwise return
 * every list whole (moto ignores EC2's MaxResults and several IAM and Route 53 page
 * sizes). Listings moto pages correctly get their size lowered; listings it does not
 * are fetched whole once — a snapshot, consistent across the pages as a real
 * paginated read — and handed out in pages under the pager's own tokens. Every other
 * call is forwarded unchanged (paged-operations.ts lists which are paged and how).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { MotoForwarder } from '../controlplane/moto-forwarder.ts';
import { serveOnLoopback, type LoopbackServer } from '../controlplane/loopback-server.ts';
import { identifyCall } from '../faultproxy/wire-call.ts';
import { pagedListing, type ClampedListing, type SlicedListing } from './paged-operations.ts';
import { XmlSnapshot } from './xml-pages.ts';

export interface SmallPagesProxy extends LoopbackServer {
  readonly pageSize: number;
  /** Pages answered per paged operation (`service:Operation` or `service METHOD /path`). */
  readonly pages: ReadonlyMap<string, number>;
}

/** Snapshots kept at once; a paginated read that outlives this many newer ones starts again from a fresh read. */
const MAX_SNAPSHOTS = 512;
const TOKEN = /^crisp-page\.([0-9a-f-]{36})\.(\d+)$/;

/** The request's parameters where the listing carries them: the form body, or the query string. */
function parametersOf(listing: ClampedListing | SlicedListing, url: URL, body: Buffer): URLSearchParams {
  return listing.where === 'form' ? new URLSearchParams(body.toString('utf8')) : url.searchParams;
}

/** The request rebuilt with its parameters changed. */
function rewritten(listing: ClampedListing | SlicedListing, url: URL, body: Buffer, parameters: URLSearchParams): { path: string; body: Buffer } {
  if (listing.where === 'form') return { path: `${url.pathname}${url.search}`, body: Buffer.from(parameters.toString()) };
  const query = parameters.toString();
  return { path: `${url.pathname}${query ? `?${query}` : ''}`, body };
}

/** Starts the pager in front of `upstream` (a loopback emulator); every listing it pages holds at most `pageSize` entries. */
export async function startSmallPagesProxy(upstream: string, pageSize: number): Promise<SmallPagesProxy> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pager: the page size must be a whole number of at least 1, not ${pageSize}`);
  const forwarder = new MotoForwarder(upstream);
  const snapshots = new Map<string, XmlSnapshot>();
  const pages = new Map<string, number>();

  const reply = (response: ServerResponse, status: number, headers: IncomingHttpHeaders, body: Buffer | string) => {
    const { 'content-length': _length, 'content-encoding': _encoding, ...rest } = headers;
    response.writeHead(status, { ...rest, 'content-length': String(Buffer.byteLength(body)) });
    response.end(body);
  };

  const clamp = async (request: IncomingMessage, url: URL, body: Buffer, response: ServerResponse, listing: ClampedListing) => {
    let path = `${url.pathname}${url.search}`;
    let sent = body;
    if (listing.where === 'json') {
      const input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      const asked = typeof input[listing.sizeParam] === 'number' ? (input[listing.sizeParam] as number) : Infinity;
      sent = Buffer.from(JSON.stringify({ ...input, [listing.sizeParam]: Math.min(asked, pageSize) }));
    } else {
      const parameters = parametersOf(listing, url, body);
      const asked = Number(parameters.get(listing.sizeParam) ?? Infinity);
      parameters.set(listing.sizeParam, String(Math.min(Number.isFinite(asked) ? asked : Infinity, pageSize)));
      ({ path, body: sent } = rewritten(listing, url, body, parameters));
    }
    const answer = await forwarder.exchange(request.method ?? 'GET', path, request.headers, sent);
    reply(response, answer.status, answer.headers, answer.body);
  };

  const slice = async (request: IncomingMessage, url: URL, body: Buffer, response: ServerResponse, listing: SlicedListing, label: string) => {
    const parameters = parametersOf(listing, url, body);
    if (listing.explicitIds && [...parameters.keys()].some((key) => listing.explicitIds!.test(key))) {
      const answer = await forwarder.exchange(request.method ?? 'GET', `${url.pathname}${url.search}`, request.headers, body);
      return reply(response, answer.status, answer.headers, answer.body);
    }
    const asked = Number(parameters.get(listing.sizeParam) ?? Infinity);
    const size = Math.min(Number.isFinite(asked) && asked > 0 ? asked : Infinity, pageSize);
    const token = TOKEN.exec(parameters.get(listing.tokenParam) ?? '');
    parameters.delete(listing.tokenParam);
    parameters.delete(listing.sizeParam);
    let id = token?.[1];
    let offset = token ? Number(token[2]) : 0;
    let snapshot = id ? snapshots.get(id) : undefined;
    let headers: IncomingHttpHeaders = { 'content-type': 'text/xml' };
    if (!snapshot) {
      const whole = rewritten(listing, url, body, parameters);
      const answer = await forwarder.exchange(request.method ?? 'GET', whole.path, request.headers, whole.body);
      headers = answer.headers;
      snapshot = answer.status === 200 ? XmlSnapshot.parse(answer.body.toString('utf8'), listing.listing) : undefined;
      // An error, or an answer without the lists, goes back as moto gave it.
      if (!snapshot) return reply(response, answer.status, answer.headers, answer.body);
      // A token whose snapshot is gone (evicted) reads afresh and carries on at its offset.
      id = randomUUID();
      snapshots.set(id, snapshot);
      if (snapshots.size > MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value!);
    }
    const next = offset + size < snapshot.size ? `crisp-page.${id}.${offset + size}` : undefined;
    if (!next) snapshots.delete(id!);
    pages.set(label, (pages.get(label) ?? 0) + 1);
    reply(response, 200, { ...headers, 'content-type': headers['content-type'] ?? 'text/xml' }, snapshot.page(offset, size, next));
  };

  const server = await serveOnLoopback(
    async (request, body, response) => {
      const url = new URL(request.url ?? '/', 'http://pager');
      const call = identifyCall(request.method ?? 'GET', request.url ?? '/', request.headers, body);
      const listing = pagedListing(call);
      if (!listing) return forwarder.forward(request, body, response);
      const label = call.operation ? `${call.service}:${call.operation}` : `${call.service} ${call.method} ${call.path}`;
      if (listing.how === 'slice') return slice(request, url, body, response, listing, label);
      pages.set(label, (pages.get(label) ?? 0) + 1);
      return clamp(request, url, body, response, listing);
    },
    () => forwarder.close(),
  );
  return { ...server, pageSize, pages };
}
