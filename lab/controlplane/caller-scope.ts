/**
 * Who a request to a stand-in is from, read the way moto reads it (docs/ARCHITECTURE.md §14):
 * the Region from the SigV4 credential scope, the account from `x-moto-account-id`.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** moto's account when a request names none. */
export const DEFAULT_MOTO_ACCOUNT = '123456789012';
/** moto's Region when a request carries no SigV4 scope. */
export const DEFAULT_MOTO_REGION = 'us-east-1';

/** The (account, Region) a request is made in. */
export interface CallerScope {
  account: string;
  region: string;
}

// Authorization: AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=…, Signature=…
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/[a-z0-9-]+\/aws4_request/;

/** The caller's account and Region; moto's defaults where the request does not say. */
export function callerScopeOf(headers: IncomingHttpHeaders): CallerScope {
  const region = CREDENTIAL_SCOPE.exec(headers.authorization ?? '')?.[1] ?? DEFAULT_MOTO_REGION;
  const account = headers['x-moto-account-id'];
  return { account: typeof account === 'string' && account !== '' ? account : DEFAULT_MOTO_ACCOUNT, region };
}
