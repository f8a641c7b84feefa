/**
 * A Bedrock control-plane stand-in on loopback. It answers the inference-profile
 * reads moto lacks — ListInferenceProfiles (GET /inference-profiles) and
 * GetInferenceProfile (GET /inference-profiles/{id or URL-encoded ARN}) — in
 * Bedrock's REST-JSON, from the lab's routing facts, and forwards every other
 * request to moto (invocation-logging configuration, custom models, tags…).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { callerScopeOf } from './caller-scope.ts';
import { serveOnLoopback, type LoopbackServer } from './loopback-server.ts';
import { MotoForwarder } from './moto-forwarder.ts';
import { pageOf } from './page-token.ts';
import type { RoutingFacts, SystemInferenceProfile } from './routing-facts.ts';

/** What the stand-in needs. */
export interface BedrockControlPlaneOptions {
  /** moto on loopback, which serves every other Bedrock operation. */
  motoEndpoint: string;
  /** Which system-defined profiles exist where (RoutingFacts.lab() for the lab's). */
  routing: RoutingFacts;
}

/** Bedrock's bounds for ListInferenceProfiles maxResults; absent → one page of all. */
const MAX_RESULTS = { min: 1, max: 1000 };
const PROFILE_TYPES = ['SYSTEM_DEFINED', 'APPLICATION'];

type BedrockError = 'ResourceNotFoundException' | 'ValidationException';
const ERROR_STATUS: Record<BedrockError, number> = { ResourceNotFoundException: 404, ValidationException: 400 };

/** The InferenceProfileSummary / GetInferenceProfileResponse shape (the SDK reads both alike). */
function inferenceProfileJson(profile: SystemInferenceProfile) {
  return {
    inferenceProfileName: profile.name,
    description: profile.description,
    createdAt: profile.createdAt.toISOString(),
    updatedAt: profile.updatedAt.toISOString(),
    inferenceProfileArn: profile.arn,
    models: profile.modelArns.map((modelArn) => ({ modelArn })),
    inferenceProfileId: profile.id,
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
  };
}

function replyJson(response: ServerResponse, status: number, body: unknown, error?: BedrockError): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    ...(error ? { 'x-amzn-errortype': error } : {}),
  });
  response.end(JSON.stringify(body));
}

function replyError(response: ServerResponse, error: BedrockError, message: string): void {
  replyJson(response, ERROR_STATUS[error], { message }, error);
}

function listInferenceProfiles(routing: RoutingFacts, request: IncomingMessage, url: URL, response: ServerResponse): void {
  const { account, region } = callerScopeOf(request.headers);
  const maxResultsParameter = url.searchParams.get('maxResults');
  const maxResults = maxResultsParameter === null ? MAX_RESULTS.max : Number(maxResultsParameter);
  if (!Number.isInteger(maxResults) || maxResults < MAX_RESULTS.min || maxResults > MAX_RESULTS.max)
    return replyError(response, 'ValidationException', `maxResults must be an integer from ${MAX_RESULTS.min} to ${MAX_RESULTS.max}`);
  const type = url.searchParams.get('type') ?? undefined;
  if (type !== undefined && !PROFILE_TYPES.includes(type))
    return replyError(response, 'ValidationException', `type must be one of ${PROFILE_TYPES.join(', ')}`);
  // Only system-defined profiles exist here: application profiles are created through moto, which lacks them.
  const profiles = type === 'APPLICATION' ? [] : routing.profilesFor(account, region);
  const page = pageOf(profiles, (profile) => profile.id, {
    maxResults,
    nextToken: url.searchParams.get('nextToken') ?? undefined,
    query: { operation: 'ListInferenceProfiles', account, region, type },
  });
  if (!page) return replyError(response, 'ValidationException', 'The provided nextToken is not valid.');
  replyJson(response, 200, { inferenceProfileSummaries: page.page.map(inferenceProfileJson), ...(page.nextToken ? { nextToken: page.nextToken } : {}) });
}

function getInferenceProfile(routing: RoutingFacts, request: IncomingMessage, encodedIdentifier: string, response: ServerResponse): void {
  const { account, region } = callerScopeOf(request.headers);
  let identifier: string;
  try {
    identifier = decodeURIComponent(encodedIdentifier);
  } catch {
    return replyError(response, 'ValidationException', 'inferenceProfileIdentifier is not a valid URL-encoded value');
  }
  const profile = routing.findProfile(account, region, identifier);
  if (!profile) return replyError(response, 'ResourceNotFoundException', `Inference profile ${identifier} not found in ${region} for account ${account}.`);
  replyJson(response, 200, inferenceProfileJson(profile));
}

/** Starts the stand-in on 127.0.0.1; the Region comes from each request's SigV4 scope, the account from x-moto-account-id. */
export async function startBedrockControlPlane(options: BedrockControlPlaneOptions): Promise<LoopbackServer> {
  const moto = new MotoForwarder(options.motoEndpoint);
  return serveOnLoopback(
    async (request, body, response) => {
      // The base only completes origin-form paths; the forwarder passes request.url on untouched.
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const segments = url.pathname.split('/').slice(1);
      if (request.method === 'GET' && segments[0] === 'inference-profiles') {
        if (segments.length === 1) return listInferenceProfiles(options.routing, request, url, response);
        if (segments.length === 2 && segments[1]) return getInferenceProfile(options.routing, request, segments[1], response);
      }
      await moto.forward(request, body, response);
    },
    () => moto.close(),
  );
}
