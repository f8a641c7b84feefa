/**
 * A CloudTrail stand-in on loopback. CloudTrail speaks AWS JSON 1.1 (POST / with
 * X-Amz-Target naming the operation); this answers LookupEvents, which moto lacks,
 * from an InferenceEventLog and forwards every other operation to moto (trails,
 * trail status, event selectors…).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { callerScopeOf } from './caller-scope.ts';
import type { InferenceEventLog } from './inference-events.ts';
import { serveOnLoopback, type LoopbackServer } from './loopback-server.ts';
import { lookupEvents } from './lookup-events.ts';
import { MotoForwarder } from './moto-forwarder.ts';

/** What the stand-in needs. */
export interface CloudTrailStandInOptions {
  /** moto on loopback, which serves every other CloudTrail operation. */
  motoEndpoint: string;
  /** The Bedrock runtime events LookupEvents returns. */
  events: InferenceEventLog;
}

// The SDK v3 sends "CloudTrail_20131101.<Op>"; boto3 and the API reference use the fully qualified form.
const TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/;

/** The operation an X-Amz-Target header names, if it is a CloudTrail one. */
export function cloudTrailOperationOf(target: string | string[] | undefined): string | undefined {
  return typeof target === 'string' ? TARGET.exec(target)?.[1] : undefined;
}

function reply(response: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), ...extraHeaders });
  response.end(JSON.stringify(body));
}

/** AWS JSON 1.1 errors name their type in __type; CloudTrail's error shapes carry `Message`. */
function replyError(response: ServerResponse, errorType: string, message: string): void {
  reply(response, 400, { __type: errorType, Message: message }, { 'x-amzn-errortype': errorType });
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** Starts the stand-in on 127.0.0.1; the Region comes from each request's SigV4 scope, the account from x-moto-account-id. */
export async function startCloudTrailStandIn(options: CloudTrailStandInOptions): Promise<LoopbackServer> {
  const moto = new MotoForwarder(options.motoEndpoint);
  return serveOnLoopback(
    async (request, body, response) => {
      if (request.method !== 'POST' || cloudTrailOperationOf(request.headers['x-amz-target']) !== 'LookupEvents') return moto.forward(request, body, response);
      const input = parseJson(body);
      if (!input.ok) return replyError(response, 'SerializationException', 'The request body is not valid JSON.');
      const outcome = lookupEvents(options.events, callerScopeOf(request.headers), input.value);
      if (outcome.ok) reply(response, 200, outcome.body);
      else replyError(response, outcome.error, outcome.message);
    },
    () => moto.close(),
  );
}
