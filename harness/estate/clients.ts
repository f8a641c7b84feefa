/**
 * AWS SDK v3 clients per (service, account, Region), configured for the target:
 * emulators get their endpoint and test credentials (moto picks the account from
 * the `x-moto-account-id` header, LocalStack from a 12-digit access key id); real
 * accounts use the standard credential chain and optionally one role per account.
 * Every client records its calls in the run's CallLog, and each retry the SDK makes
 * (maxAttempts 4: throttling and transient failures, with backoff) as it starts.
 */
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { RestJsonClient } from './rest-json-client.ts';
import type { ApiRetry, CallLog, CallLogEvent } from '../model/call-log.ts';
import { FAILED_CALL } from '../model/permissions.ts';
import { partitionOf, route53ApiRegion } from '../model/partition.ts';
import type { ApiServiceId } from './schema.ts';

type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;

/** How to reach and authenticate against the target's APIs. */
export type ApiAccess = (
  | {
      kind: 'moto' | 'localstack';
      endpoint: string;
      /** Per-account credentials for an emulator that enforces IAM (moto's reset-auth); other accounts use the test key. */
      accounts?: Record<string, { profile?: string; roleArn?: string }>;
    }
  | { kind: 'aws'; accounts: Record<string, { profile?: string; roleArn?: string }> }
) & {
  /** Per-service endpoints (the target's `endpoints:`), overriding `endpoint` for that service. */
  endpoints?: Partial<Record<ApiServiceId, string>>;
};

interface SdkClient {
  middlewareStack: { add: (middleware: any, options: any) => void; addRelativeTo?: (middleware: any, options: any) => void };
  destroy(): void;
}

const EMULATOR_SECRET = 'testing';

/** Builds and caches SDK clients for one run. */
export class AwsClients {
  readonly #access: ApiAccess;
  readonly #callLog: CallLog;
  readonly #clients = new Map<string, SdkClient>();
  readonly #credentials = new Map<string, AwsCredentialIdentityProvider>();

  constructor(access: ApiAccess, callLog: CallLog) {
    this.#access = access;
    this.#callLog = callLog;
  }

  /**
   * Accounts among `accounts` this target has no credentials for: on an `aws` target that lists
   * its accounts, any account it does not list (never a silent fall-back to the default chain).
   * A target without an `accounts` map uses the default chain for one account, and the
   * identity check catches a chain that reaches another.
   */
  unconfiguredAccounts(accounts: Iterable<string>): string[] {
    const access = this.#access;
    if (access.kind !== 'aws' || Object.keys(access.accounts).length === 0) return [];
    return [...new Set(accounts)].filter((account) => !(account in access.accounts)).sort();
  }

  /** EC2 client for an account and Region. */
  ec2(account: string, region: string): EC2Client {
    return this.#client('ec2', account, region, (config) => new EC2Client(config));
  }

  /** Route 53 client for an account; the API Region follows the partition of `region`. */
  route53(account: string, region: string): Route53Client {
    return this.#client('route53', account, route53ApiRegion(partitionOf(region)), (config) => new Route53Client(config));
  }

  /** IAM client for an account (IAM is global; the API Region follows the partition). */
  iam(account: string, region: string): IAMClient {
    return this.#client('iam', account, route53ApiRegion(partitionOf(region)), (config) => new IAMClient(config));
  }

  /** AWS Organizations client for an account (its API lives in the partition's home Region). */
  organizations(account: string, region: string): OrganizationsClient {
    return this.#client('organizations', account, route53ApiRegion(partitionOf(region)), (config) => new OrganizationsClient(config));
  }

  /** Route 53 Resolver client for an account and Region (rules and their VPC associations are Regional). */
  route53Resolver(account: string, region: string): Route53ResolverClient {
    return this.#client('route53resolver', account, region, (config) => new Route53ResolverClient(config));
  }

  /** Route 53 Profiles (no SDK v3 client in this registry: crisp's minimal signed REST-JSON client). */
  route53Profiles(account: string, region: string): RestJsonClient {
    return this.#client(
      'route53profiles',
      account,
      region,
      (config) => new RestJsonClient({ ...(config as Omit<ConstructorParameters<typeof RestJsonClient>[0], 'service'>), service: 'route53profiles' }),
    );
  }

  /** Bedrock control-plane client for an account and Region. */
  bedrock(account: string, region: string): BedrockClient {
    return this.#client('bedrock', account, region, (config) => new BedrockClient(config));
  }

  /** Service Quotas client for an account and Region. */
  serviceQuotas(account: string, region: string): ServiceQuotasClient {
    return this.#client('servicequotas', account, region, (config) => new ServiceQuotasClient(config));
  }

  /**
   * A Bedrock runtime client that sends through `requestHandler` (the probes' DNS and
   * connect path). It never uses an emulator endpoint: emulators lack Converse, so a
   * lab target reaches its stand-in through the connect map instead.
   */
  bedrockRuntime(account: string, region: string, requestHandler: unknown): BedrockRuntimeClient {
    const access = this.#access;
    const credentials =
      access.kind === 'aws'
        ? this.#credentialsFor(account, region)
        : { accessKeyId: access.kind === 'localstack' ? account : EMULATOR_SECRET, secretAccessKey: EMULATOR_SECRET };
    // One attempt per sample: the probe counts throttles itself instead of hiding them in retries.
    const client = new BedrockRuntimeClient({ region, credentials, requestHandler: requestHandler as never, maxAttempts: 1 });
    this.#recordCalls(client, 'bedrock-runtime', account, region);
    return client;
  }

  /** API Gateway (REST APIs, v1) client for an account and Region. */
  apiGateway(account: string, region: string): APIGatewayClient {
    return this.#client('apigateway', account, region, (config) => new APIGatewayClient(config));
  }

  /** Lambda client for an account and Region. */
  lambda(account: string, region: string): LambdaClient {
    return this.#client('lambda', account, region, (config) => new LambdaClient(config));
  }

  /** Secrets Manager client for an account and Region (crisp only describes secrets, never reads a value). */
  secretsManager(account: string, region: string): SecretsManagerClient {
    return this.#client('secretsmanager', account, region, (config) => new SecretsManagerClient(config));
  }

  /** KMS client for an account and Region. */
  kms(account: string, region: string): KMSClient {
    return this.#client('kms', account, region, (config) => new KMSClient(config));
  }

  /** DynamoDB client for an account and Region. */
  dynamoDb(account: string, region: string): DynamoDBClient {
    return this.#client('dynamodb', account, region, (config) => new DynamoDBClient(config));
  }

  /** CloudTrail client for an account and Region. */
  cloudTrail(account: string, region: string): CloudTrailClient {
    return this.#client('cloudtrail', account, region, (config) => new CloudTrailClient(config));
  }

  /** CloudWatch Logs client for an account and Region. */
  logs(account: string, region: string): CloudWatchLogsClient {
    return this.#client('logs', account, region, (config) => new CloudWatchLogsClient(config));
  }

  /** S3 client for an account and Region; path-style on emulators (no per-bucket host names there). */
  s3(account: string, region: string): S3Client {
    const pathStyle = this.#access.kind !== 'aws';
    return this.#client('s3', account, region, (config) => new S3Client({ ...config, ...(pathStyle ? { forcePathStyle: true } : {}) }));
  }

  /** STS client for an account and Region. */
  sts(account: string, region: string): STSClient {
    return this.#client('sts', account, region, (config) => new STSClient(config));
  }

  /**
   * Follows the run's call log: each retry as the SDK starts it, and each call that failed
   * after retries (see CallLog.follow); returns the function that stops following.
   */
  followCalls(listener: (event: CallLogEvent) => void): () => void {
    return this.#callLog.follow(listener);
  }

  /** Closes every socket the clients hold. */
  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  #client<C extends SdkClient>(service: ApiServiceId, account: string, region: string, create: (config: Record<string, unknown>) => C): C {
    const key = `${service}|${account}|${region}`;
    const cached = this.#clients.get(key);
    if (cached) return cached as C;
    const override = this.#access.endpoints?.[service];
    const client = create({ region, maxAttempts: 4, ...this.#connection(account, region), ...(override ? { endpoint: override } : {}) });
    if (this.#access.kind === 'moto') addHeader(client, 'x-moto-account-id', account);
    this.#recordCalls(client, service, account, region);
    this.#clients.set(key, client);
    return client;
  }

  #connection(account: string, region: string): Record<string, unknown> {
    const access = this.#access;
    if (access.kind !== 'aws') {
      // LocalStack treats a 12-digit access key id as the account id.
      const accessKeyId = access.kind === 'localstack' ? account : EMULATOR_SECRET;
      const configured = access.accounts?.[account] ? this.#credentialsFor(account, region) : undefined;
      return {
        endpoint: access.endpoint,
        credentials: configured ?? { accessKeyId, secretAccessKey: EMULATOR_SECRET },
        requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
      };
    }
    return { credentials: this.#credentialsFor(account, region), requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 } };
  }

  #credentialsFor(account: string, region: string): AwsCredentialIdentityProvider {
    const cached = this.#credentials.get(account);
    if (cached) return cached;
    const access = this.#access;
    if (this.unconfiguredAccounts([account]).length > 0)
      throw new Error(`no credentials configured for account ${account}: add it under accounts: in the target file`);
    const settings = access.accounts?.[account] ?? {};
    const base = fromNodeProviderChain(settings.profile ? { profile: settings.profile } : {});
    // On an emulator the role is assumed through the emulator's STS, never AWS's.
    const stsEndpoint = access.kind === 'aws' ? undefined : (access.endpoints?.sts ?? access.endpoint);
    const provider = settings.roleArn
      ? fromTemporaryCredentials({
          masterCredentials: base,
          params: { RoleArn: settings.roleArn, RoleSessionName: 'crisp' },
          clientConfig: { region, ...(stsEndpoint ? { endpoint: stsEndpoint } : {}) },
        })
      : base;
    this.#credentials.set(account, provider);
    return provider;
  }

  #recordCalls(client: SdkClient, service: string, account: string, region: string): void {
    const callLog = this.#callLog;
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<any>, context: { commandName?: string }) => async (args: unknown) => {
        const started = performance.now();
        const operation = operationOf(context);
        const record = (metadata: { attempts?: number; requestId?: string } = {}, error?: string) =>
          callLog.record({
            service,
            operation,
            account,
            region,
            durationMs: performance.now() - started,
            attempts: metadata.attempts ?? 1,
            requestId: metadata.requestId,
            ...(error ? { error } : {}),
          });
        try {
          const output = await next(args);
          record(output?.output?.$metadata);
          return output;
        } catch (error) {
          const metadata = (error as { $metadata?: { attempts?: number; requestId?: string } }).$metadata;
          // The reason a finding gives must say the SDK already retried.
          if ((metadata?.attempts ?? 1) > 1 && error instanceof Error) error.message = `${error.message} (gave up after ${metadata!.attempts} attempts)`;
          record(metadata, (error as Error).name);
          // Which call failed, so a refusal names its one action (collect/failure.ts).
          if (error && typeof error === 'object') Object.defineProperty(error, FAILED_CALL, { value: { service, operation }, configurable: true });
          throw error;
        }
      },
      { step: 'initialize', name: 'crispCallLog', priority: 'high' },
    );
    // Inside the SDK's retry loop, once per attempt: the retry middleware stamps each attempt
    // `amz-sdk-request: attempt=N; max=M`, so a failed attempt followed by another is a retry,
    // recorded as it starts with the error that caused it and the backoff observed. The SDK's
    // own strategy (backoff, retry quota, which errors are retryable) stays untouched.
    client.middlewareStack.addRelativeTo?.(
      (next: (args: any) => Promise<any>, context: { commandName?: string }) => {
        let failed: (Omit<ApiRetry, 'service' | 'operation' | 'account' | 'region' | 'delayMs'> & { at: number }) | undefined;
        return async (args: any) => {
          if (failed) {
            const { at, ...retry } = failed;
            callLog.recordRetry({ service, operation: operationOf(context), account, region, ...retry, delayMs: Math.round(performance.now() - at) });
            failed = undefined;
          }
          const [, attempt = '1', maxAttempts = '1'] = /attempt=(\d+); max=(\d+)/.exec(String(args?.request?.headers?.['amz-sdk-request'] ?? '')) ?? [];
          try {
            return await next(args);
          } catch (error) {
            const candidate = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
            failed = {
              at: performance.now(),
              attempt: Number(attempt),
              maxAttempts: Number(maxAttempts),
              error: candidate.name ?? 'Error',
              ...(candidate.$metadata?.httpStatusCode !== undefined ? { httpStatus: candidate.$metadata.httpStatusCode } : {}),
              ...(typeof candidate.code === 'string' ? { code: candidate.code } : {}),
              ...(candidate.message ? { message: candidate.message.slice(0, 200) } : {}),
            };
            throw error;
          }
        };
      },
      { relation: 'after', toMiddleware: 'retryMiddleware', name: 'crispRetryLog' },
    );
  }
}

const operationOf = (context: { commandName?: string }) => (context.commandName ?? 'Unknown').replace(/Command$/, '');

/** Adds a fixed header to every request of a client (moto's account selector). */
function addHeader(client: SdkClient, name: string, value: string): void {
  client.middlewareStack.add(
    (next: (args: any) => Promise<unknown>) => async (args: any) => {
      args.request.headers[name] = value;
      return next(args);
    },
    { step: 'build', name: `crispHeader-${name}` },
  );
}
