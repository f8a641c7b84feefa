/**
 * A minimal signed client for AWS REST-JSON read APIs that have no SDK v3 client
 * in the registry this project installs from (Route 53 Profiles). It signs with
 * the SDK's own SigV4 signer, sends with the SDK's Node HTTP handler, and offers
 * the same middleware hooks AwsClients uses on SDK clients (the call log, moto's
 * account header), so every call is recorded like any other. GET only: crisp is
 * read-only.
 */
import { Hash } from '@smithy/hash-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { serviceHostnameIn } from '../model/partition.ts';

/** Credentials as the SDK's signer takes them: static, or a provider. */
type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type CredentialSource = Credentials | (() => Promise<Credentials>);

type Step = 'initialize' | 'build';
type Handler = (args: { request: HttpRequest }) => Promise<{ output: Record<string, unknown> & { $metadata: Metadata } }>;
type Middleware = (next: Handler, context: { commandName: string }) => Handler;
interface Metadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts: number;
}

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
  /** The hooks AwsClients adds to every client (call log, moto account header). */
  readonly middlewareStack = {
    add: (middleware: Middleware, options: { step: Step }) => void this.#middlewares.push({ middleware, step: options.step }),
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
      }
      if (response.statusCode >= 300) {
        const type = (response.headers['x-amzn-errortype'] ?? String(body.__type ?? body.code ?? 'Unknown')).split(':')[0]!.split('#').pop()!;
        throw new RestJsonServiceError(type || 'Unknown', String(body.message ?? body.Message ?? text.slice(0, 200) ?? ''), metadata);
      }
      return { output: { ...body, $metadata: metadata } };
    };
    const built = this.#middlewares
      .filter((entry) => entry.step === 'build')
      .reduceRight((next, entry) => entry.middleware(next, { commandName: `${operation}Command` }), send);
    const initialized = this.#middlewares
      .filter((entry) => entry.step === 'initialize')
      .reduceRight((next, entry) => entry.middleware(next, { commandName: `${operation}Command` }), built);
    const { output } = await initialized({ request });
    const { $metadata: _metadata, ...body } = output;
    return body;
  }

  destroy(): void {
    this.#handler.destroy();
  }
}
