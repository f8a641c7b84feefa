/**
 * An IAM stand-in on loopback. IAM speaks the AWS query protocol (form-encoded
 * `Action=…&Version=2010-05-08`, XML answers); this answers
 * ListServiceSpecificCredentials — Bedrock long-term API keys among them — which
 * moto lacks, from a ServiceSpecificCredentialStore, and forwards every other action
 * to moto unchanged (users, roles, policies, access keys…). The account comes from
 * `x-moto-account-id` and the partition from the SigV4 Region, as moto reads them,
 * so a us-gov-west-1 client keeps reaching GovCloud's IAM. No credential secret
 * exists here to log or return.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { partitionOf } from '../../harness/model/partition.ts';
import { callerScopeOf } from './caller-scope.ts';
import { queryParametersOf, queryRequestBody, replyQueryError, replyQueryResult } from './iam-query.ts';
import { listServiceSpecificCredentials, parseListServiceSpecificCredentials } from './list-service-specific-credentials.ts';
import { serveOnLoopback, type LoopbackServer } from './loopback-server.ts';
import { MotoForwarder } from './moto-forwarder.ts';
import type { ServiceSpecificCredentialStore } from './service-specific-credentials.ts';

export {
  ServiceSpecificCredentialStore,
  type NewServiceSpecificCredential,
  type ServiceSpecificCredential,
  type ServiceSpecificCredentialService,
  type ServiceSpecificCredentialStatus,
} from './service-specific-credentials.ts';

/** What the stand-in needs. */
export interface IamStandInOptions {
  /** moto on loopback, which serves every other IAM action. */
  motoEndpoint: string;
  /** The service-specific credentials ListServiceSpecificCredentials answers from. */
  credentials: ServiceSpecificCredentialStore;
}

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

/** Whether moto knows the user, asked with GetUser as the caller (same account, same partition). */
async function userExists(moto: MotoForwarder, request: IncomingMessage, userName: string): Promise<'yes' | 'no' | 'unknown'> {
  try {
    const answer = await moto.ask(request.headers, queryRequestBody('GetUser', { UserName: userName }), { contentType: FORM });
    // moto picks the service from the SigV4 scope: only IAM's own answer counts (unsigned, it would answer as S3).
    if (answer.status === 200 && answer.body.toString('utf8').includes('<GetUserResponse')) return 'yes';
    if (answer.status === 404 && answer.body.toString('utf8').includes('<Code>NoSuchEntity</Code>')) return 'no';
    return 'unknown';
  } catch {
    return 'unknown';
  }
}

async function answerList(options: IamStandInOptions, moto: MotoForwarder, request: IncomingMessage, parameters: URLSearchParams, response: ServerResponse) {
  const parsed = parseListServiceSpecificCredentials(parameters);
  if (!parsed.ok) return replyQueryError(response, parsed.error, parsed.message);
  const { userName } = parsed.value;
  if (userName !== undefined) {
    const exists = await userExists(moto, request, userName);
    if (exists === 'no') return replyQueryError(response, 'NoSuchEntity', `The user with name ${userName} cannot be found.`);
    if (exists === 'unknown') return replyQueryError(response, 'ServiceFailure', 'The IAM stand-in could not ask moto whether the user exists.');
  }
  const { account, region } = callerScopeOf(request.headers);
  const listed = listServiceSpecificCredentials(options.credentials, { account, partition: partitionOf(region) }, parsed.value);
  if (!listed.ok) return replyQueryError(response, listed.error, listed.message);
  replyQueryResult(response, 'ListServiceSpecificCredentials', listed.value.resultXml);
}

/** Starts the stand-in on 127.0.0.1; the partition comes from each request's SigV4 Region, the account from x-moto-account-id. */
export async function startIamStandIn(options: IamStandInOptions): Promise<LoopbackServer> {
  const moto = new MotoForwarder(options.motoEndpoint);
  return serveOnLoopback(
    async (request, body, response) => {
      const parameters = request.method === 'POST' || request.method === 'GET' ? queryParametersOf(request, body) : undefined;
      if (parameters?.get('Action') !== 'ListServiceSpecificCredentials') return moto.forward(request, body, response);
      await answerList(options, moto, request, parameters, response);
    },
    () => moto.close(),
  );
}
