/**
 * A minimal signed client for AWS REST-JSON read APIs that have no SDK v3 client
 * in the registry this project installs from (Route 53 Profiles). It signs with
 * the SDK's own SigV4 signer, sends with the SDK's Node HTTP handler, and offers
 * the same middleware hooks AwsClients uses on SDK clients (the call log, moto's
 * account header), so every call is recorded like any other. Throttling and transient
 * failures are retried like the SDK clients' (4 attempts, jittered backoff), each attempt
 * stamped as the SDK stamps them so the retry log records it. GET only: crisp is read-only.
 */
import { Hash } from '@smithy/hash-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { serviceHostnameIn } from '../model/partition.ts';

/** Credentials as the SDK's signer takes them: static, or a provider. */
type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type CredentialSource = Credentials | (() => Promise<Credentials>);

type Step = 'initialize' | 'build' | 'attempt';
type Handler = (args: { request: HttpRequest }) => Promise<{ output: Record<string, unknown> & { $metadata: Metadata } }>;
type Middleware = (next: Handler, context: { commandName: string }) => Handler;
interface Metadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts: number;
  /** A 500 whose body was not JSON: an emulator's page for an API it lacks, not a transient AWS fault. */
  notJson?: boolean;
}

/** As the SDK clients crisp builds: at most 4 attempts. */
const MAX_ATTEMPTS = 4;
const THROTTLING = /^(Throttling|ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded|SlowDown|RequestThrottled)$/;
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Throttling and transient failures, as the SDK's standard strategy retries them. */
function isRetryable(error: unknown): boolean {
  const candidate = error as { name?: string; code?: string; $metadata?: Metadata };
  const status = candidate.$metadata?.httpStatusCode;
  if (THROTTLING.test(candidate.name ?? '') || status === 429) return true;
  if (status !== undefined) return [500, 502, 503, 504].includes(status) && !candidate.$metadata?.notJson;
  return candidate.name === 'TimeoutError' || TRANSIENT_CODES.has(candidate.code ?? '');
}

/** Full-jitter exponential backoff from 100 ms, capped at 20 s, as the SDK's default. */
const backoffMs = (attempt: number) => Math.random() * Math.min(20_000, 100 * 2 ** attempt);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error shaped like the SDK's, so failure classification treats it the same. */
export class RestJsonServiceError extends Error {
  readonly $metadata: Metadata;

  constructor(name: string, message: string, metadata: Metadata) {
    super(message);
    this.name = name;
    this.$metadata = metadata;
  }
}

export interface RestJsonClientConfig {
  /** The signing name and endpoint prefix, e.g. `route53profiles`. */
  service: string;
  region: string;
  /** An emulator endpoint; else https://<service>.<region>.<partition DNS suffix>. */
  endpoint?: string;
  credentials: CredentialSource;
  requestHandler?: { connectionTimeout?: number; requestTimeout?: number };
}

export class RestJsonClient {
  readonly #config: RestJsonClientConfig;
  readonly #handler: NodeHttpHandler;
  readonly #signer: SignatureV4;
  readonly #middlewares: { middleware: Middleware; step: Step }[] = [];
  /** The hooks AwsClients adds to every client (call log, moto account header, and once per attempt the retry log). */
  readonly middlewareStack = {
    add: (middleware: Middleware, options: { step: Step }) => void this.#middlewares.push({ middleware, step: options.step }),
    /** Only "after retryMiddleware" is known here: the middleware then runs once per attempt, as on SDK clients. */
    addRelativeTo: (middleware: Middleware, options: { relation: 'after'; toMiddleware: string }) => {
      if (options.toMiddleware === 'retryMiddleware') this.#middlewares.push({ middleware, step: 'attempt' });
    },
  };

  constructor(config: RestJsonClientConfig) {
    this.#config = config;
    this.#handler = new NodeHttpHandler(config.requestHandler ?? {});
    this.#signer = new SignatureV4({ service: config.service, region: config.region, credentials: config.credentials, sha256: Hash.bind(null, 'sha256') });
  }

  /** GETs a path with a query string; resolves with the parsed JSON body. */
  async get(operation: string, path: string, query: Record<string, string | undefined>): Promise<Record<string, unknown>> {
    const url = new URL(this.#config.endpoint ?? `https://${serviceHostnameIn(this.#config.service, this.#config.region)}`);
    const request = new HttpRequest({
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      method: 'GET',
      path,
      query: Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      headers: { host: url.host, accept: 'application/json' },
    });
    const send: Handler = async (args) => {
      const signed = await this.#signer.sign(args.request);
      const { response } = await this.#handler.handle(signed as HttpRequest);
      const text = await new Response(response.body as ReadableStream).text().catch(() => '');
      const requestId = response.headers['x-amzn-requestid'];
      const metadata: Metadata = { httpStatusCode: response.statusCode, ...(requestId ? { requestId } : {}), attempts: 1 };
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        // An HTML error page (an emulator that lacks the API) is not JSON.
        if (response.statusCode < 300)
          throw new RestJsonServiceError('Unknown', `${operation} answered ${response.statusCode} with a body that is not JSON`, metadata);
        if (response.statusCode === 500) throw new RestJsonServiceError('Unknown', text.slice(0, 200), { ...metadata, notJson: true });
      }
      if (response.statusCode >= 300) {
        const type = (response.headers['x-amzn-errortype'] ?? String(body.__type ?? body.code ?? 'Unknown')).split(':')[0]!.split('#').pop()!;
        throw new RestJsonServiceError(type || 'Unknown', String(body.message ?? body.Message ?? text.slice(0, 200) ?? ''), metadata);
      }
      return { output: { ...body, $metadata: metadata } };
    };
    const context = { commandName: `${operation}Command` };
    const attempt = this.#middlewares.filter((entry) => entry.step === 'attempt').reduceRight((next, entry) => entry.middleware(next, context), send);
    const retrying: Handler = async (args) => {
      for (let number = 1; ; number += 1) {
        // Stamped as the SDK stamps its attempts, which is how the retry log tells them apart.
        args.request.headers['amz-sdk-request'] = `attempt=${number}; max=${MAX_ATTEMPTS}`;
        try {
          const result = await attempt(args);
          result.output.$metadata.attempts = number;
          return result;
        } catch (error) {
          const metadata = (error as { $metadata?: Metadata }).$metadata;
          if (metadata) metadata.attempts = number;
          if (number >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
          await sleep(backoffMs(number));
        }
      }
    };
    const built = this.#middlewares.filter((entry) => entry.step === 'build').reduceRight((next, entry) => entry.middleware(next, context), retrying);
    const initialized = this.#middlewares.filter((entry) => entry.step === 'initialize').reduceRight((next, entry) => entry.middleware(next, context), built);
    const { output } = await initialized({ request });
    const { $metadata: _metadata, ...body } = output;
    return body;
  }

  destroy(): void {
    this.#handler.destroy();
  }
}
