/**
 * Opaque pagination tokens for the stand-ins. A token holds the id of the last item
 * returned and is bound to the query it continues, so a token replayed with other
 * filters (or another account or Region) is refused, as AWS refuses it.
 */
import { createHash } from 'node:crypto';

function fingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

/** A token that resumes after `lastId` for exactly this query. */
export function encodePageToken(lastId: string, query: unknown): string {
  return Buffer.from(JSON.stringify({ after: lastId, query: fingerprint(query) }), 'utf8').toString('base64url');
}

/** The id to resume after, or undefined when the token is malformed or belongs to another query. */
export function decodePageToken(token: string, query: unknown): string | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null) return undefined;
    const { after, query: bound } = decoded as Record<string, unknown>;
    return typeof after === 'string' && bound === fingerprint(query) ? after : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page of `items` (already in order) after the token's item: undefined when the
 * token is invalid or its item is gone; nextToken only when more items follow.
 */
export function pageOf<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  options: { maxResults: number; nextToken?: string; query: unknown },
): { page: T[]; nextToken?: string } | undefined {
  let start = 0;
  if (options.nextToken !== undefined) {
    const after = decodePageToken(options.nextToken, options.query);
    const index = after === undefined ? -1 : items.findIndex((item) => idOf(item) === after);
    if (index < 0) return undefined;
    start = index + 1;
  }
  const page = items.slice(start, start + options.maxResults);
  const more = start + page.length < items.length && page.length > 0;
  return more ? { page, nextToken: encodePageToken(idOf(page.at(-1)!), options.query) } : { page };
}
