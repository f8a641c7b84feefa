/**
 * A loopback stand-in for the deployed proxy (API Gateway + the function): an
 * HTTPS server answering POST /v1/bedrock/invoke-model as the stage URL and the
 * custom domain would. It checks the `x-api-key` header (missing: 401, wrong:
 * 403, nothing forwarded), forwards the model call through an injected `invoke`
 * (the lab passes its Bedrock runtime stand-in), writes an audit item into the
 * estate's DynamoDB table in moto, and answers `{ requestId, output }`. Faults:
 * `dropAudit` (no audit item) and `tlsMinVersion: 'TLSv1'` (a real TLS 1.0
 * handshake is accepted). The API key and the credential are never logged or echoed.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { listenOnLoopback } from '../dataplane/https-stand-in.ts';
import type { AwsClients } from '../../harness/estate/clients.ts';
import type { LabCa } from '../dataplane/ca.ts';
import { writeAuditRecord } from './audit.ts';
import type { GovCloudEstate } from './estate.ts';
import { NAMES } from './shape.ts';

/** What the proxy forwards of a caller's body. */
export interface ProxyInvokeBody {
  messages?: unknown;
  prompt?: unknown;
  maxTokens?: number;
}

/** Calls commercial Bedrock (in the lab: the runtime stand-in) and returns its status and JSON body. */
export type ProxyInvoke = (modelId: string, body: ProxyInvokeBody) => Promise<{ status: number; body: unknown }>;

/** How the stand-in is built. */
export interface ProxyStandInOptions {
  /** SDK clients on the moto holding the estate (the audit table is written through them). */
  clients: AwsClients;
  /** The estate whose API the stand-in plays: hostnames, the API key, the audit table, the method's auth. */
  estate: Pick<GovCloudEstate, 'gov' | 'api' | 'auditTable' | 'shape'>;
  /** Issues the server certificate (for the execute-api hostname and the custom domain). */
  ca: LabCa;
  invoke: ProxyInvoke;
  /** Fault: forward and answer, but write no audit item. */
  dropAudit?: boolean;
  /** The lowest TLS version accepted; `TLSv1` is the fault (default `TLSv1.2`). */
  tlsMinVersion?: 'TLSv1' | 'TLSv1.2';
}

/** What the stand-in has seen, by outcome. */
export interface ProxyCounts {
  requests: number;
  missingKey: number;
  wrongKey: number;
  forwarded: number;
  audited: number;
  auditFailures: number;
}

/** A running stand-in. */
export interface ProxyStandIn {
  /** The stage URL as a GovCloud client would use it: `https://<restApiId>.execute-api.us-gov-west-1.amazonaws.com/prod`. */
  url: string;
  /** The execute-api hostname the certificate is issued for (and the SNI to send). */
  hostname: string;
  /** The loopback port the server listens on (127.0.0.1). */
  port: number;
  /** Dial redirections for crisp's connect map: both hostnames, port 443, to the loopback port. */
  connect: Record<string, string>;
  counts: ProxyCounts;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The caller's model id and the parts of the body the proxy forwards; anything else is dropped. */
function parseInvokeBody(text: string): { modelId: string; body: ProxyInvokeBody } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new HttpError(400, 'Request body must be a JSON object');
  const { modelId, messages, prompt, maxTokens } = parsed as Record<string, unknown>;
  if (typeof modelId !== 'string' || modelId === '') throw new HttpError(400, 'modelId is required');
  if (messages === undefined && prompt === undefined) throw new HttpError(400, 'messages or prompt is required');
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens <= 0))
    throw new HttpError(400, 'maxTokens must be a positive integer');
  return {
    modelId,
    body: { ...(messages !== undefined ? { messages } : {}), ...(prompt !== undefined ? { prompt } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}) },
  };
}

/** Compares keys in constant time (by digest, so lengths leak nothing either). */
function sameKey(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Paths the method answers on: under the stage on the execute-api hostname, at the root on the custom domain. */
function isInvokePath(url: string | undefined, stage: string): boolean {
  const path = (url ?? '').split('?')[0];
  return path === NAMES.invokePath || path === `/${stage}${NAMES.invokePath}`;
}

/** Starts the stand-in on 127.0.0.1 (a free port). */
export async function startProxyStandIn(options: ProxyStandInOptions): Promise<ProxyStandIn> {
  const { estate, clients, invoke } = options;
  const apiKeyRequired = estate.shape.methodAuth === 'api-key';
  const counts: ProxyCounts = { requests: 0, missingKey: 0, wrongKey: 0, forwarded: 0, audited: 0, auditFailures: 0 };
  const hostname = estate.api.executeApiHostname;
  const certificate = await options.ca.issue([hostname, estate.api.customDomain]);
  const legacyTls = options.tlsMinVersion === 'TLSv1';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    counts.requests += 1;
    if (request.method !== 'POST' || !isInvokePath(request.url, estate.api.stageName)) {
      // API Gateway's answer to a route it does not have.
      sendJson(response, 403, { message: 'Missing Authentication Token' });
      return;
    }
    const presented = request.headers['x-api-key'];
    const key = Array.isArray(presented) ? presented[0] : presented;
    let apiKeyId: string | undefined;
    if (apiKeyRequired) {
      if (!key) {
        counts.missingKey += 1;
        sendJson(response, 401, { message: 'Missing API key' });
        return;
      }
      if (!sameKey(key, estate.api.apiKeyValue)) {
        counts.wrongKey += 1;
        sendJson(response, 403, { message: 'Forbidden' });
        return;
      }
      apiKeyId = estate.api.apiKeyId;
    }
    const { modelId, body } = parseInvokeBody(await readBody(request));
    const requestId = randomUUID();
    counts.forwarded += 1;
    const answer = await invoke(modelId, body);
    if (!options.dropAudit) {
      try {
        await writeAuditRecord(
          clients,
          { account: estate.gov.account, region: estate.gov.region, table: estate.auditTable.name },
          { requestId, timestamp: new Date().toISOString(), modelId, status: answer.status, ...(apiKeyId ? { apiKeyId } : {}) },
        );
        counts.audited += 1;
      } catch {
        // Fail closed: a request the proxy cannot audit is not answered with Bedrock's output.
        counts.auditFailures += 1;
        sendJson(response, 500, { requestId, message: 'Audit record could not be written' }, { 'x-request-id': requestId });
        return;
      }
    }
    const ok = answer.status >= 200 && answer.status < 300;
    sendJson(response, ok ? 200 : answer.status, ok ? { requestId, output: answer.body } : { requestId, error: answer.body }, { 'x-request-id': requestId });
  };

  const server = createServer(
    {
      cert: certificate.certPem,
      key: certificate.keyPem,
      // OpenSSL 3 refuses TLS 1.0 at the default security level, so the fault must lower it to really accept a 1.0 handshake.
      ...(legacyTls ? { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' } : { minVersion: 'TLSv1.2' as const }),
    },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        // The message is the stand-in's own (HttpError) or a generic one: never a header or a body echoed back.
        if (response.headersSent) return void response.destroy();
        if (error instanceof HttpError) sendJson(response, error.status, { message: error.message });
        else sendJson(response, 502, { message: 'Bad gateway' });
      });
    },
  );
  const { port, stop } = await listenOnLoopback(server);
  const loopback = `127.0.0.1:${port}`;
  return {
    url: `https://${hostname}/${estate.api.stageName}`,
    hostname,
    port,
    connect: { [`${hostname}:443`]: loopback, [`${estate.api.customDomain}:443`]: loopback },
    counts,
    stop,
  };
}
