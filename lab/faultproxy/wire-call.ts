/**
 * What an AWS API request is, read off the wire the way the fault proxy needs it:
 * the protocol (which decides the error shape a fault must answer in), the signing
 * service and Region from the SigV4 credential scope, moto's account header, and the
 * operation — X-Amz-Target for JSON 1.0/1.1, the `Action=` form field for the query
 * protocols (EC2's included), and only the method and path for REST.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The AWS wire protocols crisp's clients speak, as far as error shapes differ. */
export type WireProtocol = 'json' | 'rest-json' | 'query' | 'ec2' | 'rest-xml';

/** One request as the proxy sees it. */
export interface WireCall {
  protocol: WireProtocol;
  /** `1.0` or `1.1` for the JSON protocol (its Content-Type). */
  jsonVersion?: '1.0' | '1.1';
  /** The SigV4 signing name (`ec2`, `iam`, `route53`…), when the request is signed. */
  service?: string;
  /** The SigV4 Region. */
  region?: string;
  /** moto's account selector (`x-moto-account-id`). */
  account?: string;
  /** The operation for JSON and query protocols; absent for REST (match its path). */
  operation?: string;
  method: string;
  /** The path without the query string. */
  path: string;
}

/** Services whose REST protocol answers XML (everything else REST answers JSON). */
const REST_XML_SERVICES = new Set(['route53', 's3', 's3control', 'cloudfront']);

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Reads the protocol, service, Region, account and operation of a request. */
export function identifyCall(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): WireCall {
  const parsed = new URL(url, 'http://proxy');
  const scope = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(header(headers, 'authorization') ?? '');
  const base = {
    method,
    path: parsed.pathname,
    ...(scope ? { region: scope[1]!, service: scope[2]! } : {}),
    ...(header(headers, 'x-moto-account-id') ? { account: header(headers, 'x-moto-account-id')! } : {}),
  };
  const target = header(headers, 'x-amz-target');
  if (target) {
    const jsonVersion = /x-amz-json-1\.0/.test(header(headers, 'content-type') ?? '') ? '1.0' : '1.1';
    return { ...base, protocol: 'json', jsonVersion, operation: target.slice(target.lastIndexOf('.') + 1) };
  }
  const contentType = header(headers, 'content-type') ?? '';
  const form = /application\/x-www-form-urlencoded/.test(contentType) ? new URLSearchParams(body.toString('utf8')) : parsed.searchParams;
  const action = form.get('Action');
  if (action) return { ...base, protocol: base.service === 'ec2' ? 'ec2' : 'query', operation: action };
  return { ...base, protocol: base.service && REST_XML_SERVICES.has(base.service) ? 'rest-xml' : 'rest-json' };
}

/** `service:Operation`, or `service METHOD /path` for REST, for logs and messages. */
export function describeCall(call: WireCall): string {
  const service = call.service ?? 'unsigned';
  return call.operation ? `${service}:${call.operation}` : `${service} ${call.method} ${call.path}`;
}
