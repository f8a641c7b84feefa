/**
 * The GovCloud proxy collectors against a real moto server in us-gov-west-1,
 * through crisp's own clients and collect(): a REST API (its resource policy plain,
 * AWS-escaped and unreadable), resources and methods, a stage's throttling and
 * access logs, usage plans (key counts only), custom domains (TLS policy set and
 * unset), Lambda functions (environment names only, a planted credential flagged),
 * secrets with and without a customer key, a rotating customer KMS key, tables with
 * and without PITR, deletion protection and a CMK, and an IAM user's access keys —
 * and service-specific credentials, which moto lacks, coming back skipped. No key
 * value, access key id, environment value or secret string reaches the observations.
 */
import { crc32 } from 'node:zlib';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetMethodCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateTableCommand, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import { CreateFunctionCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { CreateSecretCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseRestApiPolicy } from '../harness/collect/apigateway.ts';
import { collect } from '../harness/collect/collect.ts';
import type { CollectContext } from '../harness/collect/context.ts';
import { isEmulatorHtmlError } from '../harness/collect/failure.ts';
import { environmentOf } from '../harness/collect/lambda.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { CallLog } from '../harness/model/call-log.ts';
import {
  Observations,
  type ObservationCatalog,
  type ObservationKind,
  type ObservationOutcome,
  type ObservationRequest,
} from '../harness/model/observations.ts';

const ACCOUNT = '777777777777';
const GOV = 'us-gov-west-1';
const VIRGINIA = 'us-east-1';

/** Values that must never appear in an observation. */
const PLANTED_ACCESS_KEY = 'AKIAQ3EGRTXJW7PLANTD';
const PLANTED_PASSWORD = 'correct-horse-battery-staple';
const SECRET_STRING = '{"upstream":"s3cr3t-upstream-value"}';

/** A REST API resource policy, as a GovCloud proxy would have it. */
const POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `arn:aws-us-gov:execute-api:${GOV}:${ACCOUNT}:*/*`,
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
    },
  ],
};

/** The policy as AWS returns it: quotes escaped, slashes as `\/`. */
const AWS_ESCAPED_POLICY = JSON.stringify(POLICY).replaceAll('"', '\\"').replaceAll('/', '\\/');

/** A zip holding one stored file (moto never runs the code; it only needs an archive). */
function zipOf(name: string, content: string): Uint8Array {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

let moto: MotoServer;
let clients: AwsClients;
let context: CollectContext;
/** Everything the estate below made that the assertions name. */
const made = {
  restApiId: '',
  escapedApiId: '',
  brokenApiId: '',
  bareApiId: '',
  invokeResourceId: '',
  apiKeyValue: '',
  planWithKeyId: '',
  planWithoutKeyId: '',
  keyId: '',
  keyArn: '',
  roleArn: '',
  accessKeyIds: [] as string[],
  secretAccessKeys: [] as string[],
};

/** Every request the suite asks, collected once in beforeAll. */
const requests: ObservationRequest[] = [];
let observations: Observations;

function ask(kind: ObservationKind, args?: Record<string, string>, region = GOV): ObservationRequest {
  const request: ObservationRequest = { kind, account: ACCOUNT, region, ...(args ? { args } : {}) };
  requests.push(request);
  return request;
}

/** The stored outcome of a request. */
function outcomeOf<K extends ObservationKind>(request: ObservationRequest<K>): ObservationOutcome<ObservationCatalog[K]> {
  const attempt = observations.attempt(request);
  return 'data' in attempt ? { ok: true, data: attempt.data } : { ok: false, failure: attempt.failure };
}

/** The data of a request that must have succeeded. */
function dataOf<K extends ObservationKind>(request: ObservationRequest<K>): ObservationCatalog[K] {
  const outcome = outcomeOf(request);
  if (!outcome.ok) throw new Error(`${request.kind} failed: ${outcome.failure.reason}`);
  return outcome.data;
}

async function provisionApiGateway(): Promise<void> {
  const api = clients.apiGateway(ACCOUNT, GOV);
  const rest = await api.send(
    new CreateRestApiCommand({ name: 'bedrock-proxy', policy: JSON.stringify(POLICY), endpointConfiguration: { types: ['PRIVATE'] } }),
  );
  made.restApiId = rest.id!;
  made.escapedApiId = (await api.send(new CreateRestApiCommand({ name: 'escaped', policy: AWS_ESCAPED_POLICY }))).id!;
  made.brokenApiId = (await api.send(new CreateRestApiCommand({ name: 'broken', policy: '{"Version": "2012-10-17", "Statement": [' }))).id!;
  made.bareApiId = (await api.send(new CreateRestApiCommand({ name: 'bare', endpointConfiguration: { types: ['REGIONAL'] } }))).id!;

  const rootId = (await api.send(new GetResourcesCommand({ restApiId: made.restApiId }))).items!.find((item) => item.path === '/')!.id!;
  const invoke = await api.send(new CreateResourceCommand({ restApiId: made.restApiId, parentId: rootId, pathPart: 'invoke' }));
  const health = await api.send(new CreateResourceCommand({ restApiId: made.restApiId, parentId: rootId, pathPart: 'health' }));
  made.invokeResourceId = invoke.id!;
  const lambdaUri = `arn:aws-us-gov:apigateway:${GOV}:lambda:path/2015-03-31/functions/arn:aws-us-gov:lambda:${GOV}:${ACCOUNT}:function:proxy/invocations`;
  for (const [resourceId, httpMethod, apiKeyRequired, authorizationType] of [
    [invoke.id!, 'POST', true, 'AWS_IAM'],
    [health.id!, 'GET', false, 'NONE'],
  ] as const) {
    await api.send(new PutMethodCommand({ restApiId: made.restApiId, resourceId, httpMethod, authorizationType, apiKeyRequired }));
    await api.send(
      new PutIntegrationCommand({ restApiId: made.restApiId, resourceId, httpMethod, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri }),
    );
  }
  await api.send(new CreateDeploymentCommand({ restApiId: made.restApiId, stageName: 'prod' }));
  await api.send(
    new UpdateStageCommand({
      restApiId: made.restApiId,
      stageName: 'prod',
      patchOperations: [
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: '200' },
        { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
        { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
        { op: 'replace', path: '/~1invoke/POST/throttling/rateLimit', value: '20' },
        { op: 'replace', path: '/accessLogSettings/destinationArn', value: `arn:aws-us-gov:logs:${GOV}:${ACCOUNT}:log-group:/aws/apigw/access` },
        { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
        { op: 'replace', path: '/tracingEnabled', value: 'true' },
      ],
    }),
  );
  await api.send(new CreateDeploymentCommand({ restApiId: made.restApiId, stageName: 'dev' }));

  const key = await api.send(new CreateApiKeyCommand({ name: 'partner', enabled: true }));
  made.apiKeyValue = key.value!;
  const plan = await api.send(
    new CreateUsagePlanCommand({
      name: 'partners',
      apiStages: [{ apiId: made.restApiId, stage: 'prod' }],
      throttle: { rateLimit: 50, burstLimit: 100 },
      quota: { limit: 10_000, period: 'DAY' },
    }),
  );
  made.planWithKeyId = plan.id!;
  await api.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }));
  made.planWithoutKeyId = (await api.send(new CreateUsagePlanCommand({ name: 'empty', apiStages: [{ apiId: made.restApiId, stage: 'dev' }] }))).id!;

  const certificate = `arn:aws-us-gov:acm:${GOV}:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
  await api.send(
    new CreateDomainNameCommand({
      domainName: 'bedrock.gov.example.com',
      regionalCertificateArn: certificate,
      endpointConfiguration: { types: ['REGIONAL'] },
      securityPolicy: 'TLS_1_2',
    }),
  );
  await api.send(
    new CreateDomainNameCommand({ domainName: 'legacy.gov.example.com', regionalCertificateArn: certificate, endpointConfiguration: { types: ['REGIONAL'] } }),
  );
  await api.send(new CreateBasePathMappingCommand({ domainName: 'bedrock.gov.example.com', basePath: 'v1', restApiId: made.restApiId, stage: 'prod' }));
  await api.send(new CreateBasePathMappingCommand({ domainName: 'legacy.gov.example.com', restApiId: made.restApiId, stage: 'dev' }));
}

async function provisionKeysSecretsTables(): Promise<void> {
  const kms = clients.kms(ACCOUNT, GOV);
  const key = (await kms.send(new CreateKeyCommand({ Description: 'proxy audit' }))).KeyMetadata!;
  made.keyId = key.KeyId!;
  made.keyArn = key.Arn!;
  await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId! }));
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/proxy-audit', TargetKeyId: key.KeyId! }));

  const secrets = clients.secretsManager(ACCOUNT, GOV);
  await secrets.send(new CreateSecretCommand({ Name: 'proxy/upstream', SecretString: SECRET_STRING, KmsKeyId: made.keyArn }));
  await secrets.send(new RotateSecretCommand({ SecretId: 'proxy/upstream', RotationRules: { AutomaticallyAfterDays: 30 } }));
  await secrets.send(new CreateSecretCommand({ Name: 'proxy/plain', SecretString: SECRET_STRING }));

  const dynamo = clients.dynamoDb(ACCOUNT, GOV);
  const table = {
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
    BillingMode: 'PAY_PER_REQUEST' as const,
  };
  await dynamo.send(
    new CreateTableCommand({
      ...table,
      TableName: 'audit',
      SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: made.keyArn },
      DeletionProtectionEnabled: true,
    }),
  );
  await dynamo.send(new UpdateContinuousBackupsCommand({ TableName: 'audit', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  await dynamo.send(new CreateTableCommand({ ...table, TableName: 'scratch' }));
}

async function provisionIamAndLambda(): Promise<void> {
  const iam = clients.iam(ACCOUNT, GOV);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  made.roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'proxy-fn', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
  await iam.send(new CreateUserCommand({ UserName: 'proxy-svc' }));
  for (let index = 0; index < 2; index += 1) {
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'proxy-svc' }))).AccessKey!;
    made.accessKeyIds.push(key.AccessKeyId!);
    made.secretAccessKeys.push(key.SecretAccessKey!);
  }
  await iam.send(new UpdateAccessKeyCommand({ UserName: 'proxy-svc', AccessKeyId: made.accessKeyIds[1]!, Status: 'Inactive' }));

  const lambda = clients.lambda(ACCOUNT, GOV);
  const code = { ZipFile: zipOf('index.py', 'def handler(event, context):\n    return {}\n') };
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'proxy',
      Runtime: 'python3.12',
      Role: made.roleArn,
      Handler: 'index.handler',
      Code: code,
      Timeout: 29,
      MemorySize: 512,
      Environment: {
        Variables: {
          UPSTREAM_KEY: PLANTED_ACCESS_KEY,
          DB_PASSWORD: PLANTED_PASSWORD,
          SECRET_ID: `arn:aws-us-gov:secretsmanager:${GOV}:${ACCOUNT}:secret:proxy/upstream-AbCdEf`,
          AUDIT_TABLE: 'audit',
          MAX_TOKENS: '4096',
        },
      },
    }),
  );
  await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'proxy', ReservedConcurrentExecutions: 10 }));
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'bare', Runtime: 'python3.12', Role: made.roleArn, Handler: 'index.handler', Code: code }));
}

const asked = {} as Record<string, ObservationRequest>;

beforeAll(async () => {
  moto = await startMotoServer();
  clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  context = { clients, targetKind: 'moto', targetLabel: `moto at ${moto.endpoint}`, progress: () => {} };
  await Promise.all([provisionApiGateway(), provisionKeysSecretsTables(), provisionIamAndLambda()]);

  Object.assign(asked, {
    restApi: ask('apigateway.restApi', { restApiId: made.restApiId }),
    escapedApi: ask('apigateway.restApi', { restApiId: made.escapedApiId }),
    brokenApi: ask('apigateway.restApi', { restApiId: made.brokenApiId }),
    bareApi: ask('apigateway.restApi', { restApiId: made.bareApiId }),
    resources: ask('apigateway.resources', { restApiId: made.restApiId }),
    stage: ask('apigateway.stage', { restApiId: made.restApiId, stageName: 'prod' }),
    devStage: ask('apigateway.stage', { restApiId: made.restApiId, stageName: 'dev' }),
    usagePlans: ask('apigateway.usagePlans'),
    domains: ask('apigateway.domains'),
    proxyFunction: ask('lambda.function', { functionName: 'proxy' }),
    bareFunction: ask('lambda.function', { functionName: 'bare' }),
    cmkSecret: ask('secretsmanager.secret', { secretId: 'proxy/upstream' }),
    plainSecret: ask('secretsmanager.secret', { secretId: 'proxy/plain' }),
    keyById: ask('kms.key', { keyId: made.keyId }),
    keyByAlias: ask('kms.key', { keyId: 'alias/proxy-audit' }),
    auditTable: ask('dynamodb.table', { tableName: 'audit' }),
    scratchTable: ask('dynamodb.table', { tableName: 'scratch' }),
    accessKeys: ask('iam.accessKeys', { userName: 'proxy-svc' }),
    commercialAccessKeys: ask('iam.accessKeys', { userName: 'proxy-svc' }, VIRGINIA),
    serviceCredentials: ask('iam.serviceSpecificCredentials', { userName: 'proxy-svc' }),
  });
  observations = await collect(context, requests);
});

afterAll(async () => {
  clients?.destroy();
  await moto?.stop();
});

describe('apigateway', () => {
  test('restApi: the policy parsed whether moto returns it plain or AWS-escaped; unreadable text is policyUnreadable, never "no policy"', () => {
    expect(dataOf(asked.restApi as ObservationRequest<'apigateway.restApi'>)).toEqual({
      id: made.restApiId,
      name: 'bedrock-proxy',
      policy: POLICY,
      endpointTypes: ['PRIVATE'],
      disableExecuteApiEndpoint: false,
    });
    expect(dataOf(asked.escapedApi as ObservationRequest<'apigateway.restApi'>)).toMatchObject({ policy: POLICY });
    const broken = dataOf(asked.brokenApi as ObservationRequest<'apigateway.restApi'>);
    expect(broken.policy).toBeUndefined();
    expect(broken.policyUnreadable).toMatch(/not JSON/);
    const bare = dataOf(asked.bareApi as ObservationRequest<'apigateway.restApi'>);
    expect(bare).not.toHaveProperty('policy');
    expect(bare).not.toHaveProperty('policyUnreadable');
    expect(bare.endpointTypes).toEqual(['REGIONAL']);
  });

  test('resources: every method with its authorization and API key requirement', () => {
    const { resources } = dataOf(asked.resources as ObservationRequest<'apigateway.resources'>);
    const byPath = Object.fromEntries(resources.map((resource) => [resource.path, resource.methods]));
    expect(byPath).toEqual({
      '/': [],
      '/invoke': [{ httpMethod: 'POST', authorizationType: 'AWS_IAM', apiKeyRequired: true }],
      '/health': [{ httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false }],
    });
  });

  test('resources on AWS: a method the listing names without its authorization is read with GetMethod; one GetMethod cannot describe is an error', async () => {
    const scripted = (method: Record<string, unknown>) => {
      const client = new APIGatewayClient({ region: GOV });
      client.send = (async (command: unknown) => {
        if (command instanceof GetResourcesCommand) return { items: [{ id: 'r1', path: '/invoke', resourceMethods: { POST: {} } }] };
        if (command instanceof GetMethodCommand) return method;
        throw new Error(`unexpected ${(command as object).constructor.name}`);
      }) as typeof client.send;
      return { ...context, clients: { apiGateway: () => client } as unknown as AwsClients };
    };
    const request: ObservationRequest = { kind: 'apigateway.resources', account: ACCOUNT, region: GOV, args: { restApiId: 'abc' } };
    const described = await collect(scripted({ httpMethod: 'POST', authorizationType: 'CUSTOM', authorizerId: 'auth1', apiKeyRequired: false }), [request]);
    expect(described.get(request as ObservationRequest<'apigateway.resources'>)).toEqual({
      resources: [{ id: 'r1', path: '/invoke', methods: [{ httpMethod: 'POST', authorizationType: 'CUSTOM', apiKeyRequired: false, authorizerId: 'auth1' }] }],
    });
    const undescribed = await collect(scripted({ httpMethod: 'POST' }), [request]);
    expect(undescribed.attempt(request)).toEqual({
      failure: { status: 'error', reason: expect.stringContaining('has no authorizationType even in GetMethod') },
    });
  });

  test('stage: throttling keyed as API Gateway keys it (moto keeps the ~1 escape), access log destination in the gov partition, tracing', () => {
    const stage = dataOf(asked.stage as ObservationRequest<'apigateway.stage'>);
    expect(stage).toMatchObject({
      stageName: 'prod',
      accessLogDestination: `arn:aws-us-gov:logs:${GOV}:${ACCOUNT}:log-group:/aws/apigw/access`,
      tracingEnabled: true,
    });
    expect(stage.deploymentId).toEqual(expect.any(String));
    expect(stage.methodSettings['*/*']).toEqual({ throttlingRateLimit: 100, throttlingBurstLimit: 200, loggingLevel: 'INFO', metricsEnabled: true });
    expect(stage.methodSettings['~1invoke/POST']).toMatchObject({ throttlingRateLimit: 20 });
    const dev = dataOf(asked.devStage as ObservationRequest<'apigateway.stage'>);
    expect(dev).toMatchObject({ stageName: 'dev', methodSettings: {} });
    expect(dev).not.toHaveProperty('accessLogDestination');
  });

  test('usagePlans: stages, throttle, quota and how many keys — never a key', () => {
    const { plans } = dataOf(asked.usagePlans as ObservationRequest<'apigateway.usagePlans'>);
    expect(plans.find((plan) => plan.id === made.planWithKeyId)).toEqual({
      id: made.planWithKeyId,
      name: 'partners',
      apiStages: [{ apiId: made.restApiId, stage: 'prod' }],
      throttle: { rateLimit: 50, burstLimit: 100 },
      quota: { limit: 10_000, period: 'DAY' },
      keyCount: 1,
    });
    expect(plans.find((plan) => plan.id === made.planWithoutKeyId)).toMatchObject({ name: 'empty', keyCount: 0 });
  });

  test('domains: TLS_1_2 kept, an unset security policy left absent (no default), mappings with moto’s "(none)" base path', () => {
    const { domains } = dataOf(asked.domains as ObservationRequest<'apigateway.domains'>);
    const byName = Object.fromEntries(domains.map((domain) => [domain.domainName, domain]));
    expect(byName['bedrock.gov.example.com']).toEqual({
      domainName: 'bedrock.gov.example.com',
      securityPolicy: 'TLS_1_2',
      endpointTypes: ['REGIONAL'],
      mappings: [{ basePath: 'v1', restApiId: made.restApiId, stage: 'prod' }],
    });
    expect(byName['legacy.gov.example.com']).not.toHaveProperty('securityPolicy');
    expect(byName['legacy.gov.example.com']!.mappings).toEqual([{ basePath: '(none)', restApiId: made.restApiId, stage: 'dev' }]);
  });
});

test('lambda.function: gov ARNs, timeout, memory, reserved concurrency, and environment names with the credentials flagged', () => {
  expect(dataOf(asked.proxyFunction as ObservationRequest<'lambda.function'>)).toEqual({
    arn: `arn:aws-us-gov:lambda:${GOV}:${ACCOUNT}:function:proxy`,
    role: made.roleArn,
    timeoutSeconds: 29,
    memorySize: 512,
    reservedConcurrency: 10,
    environment: [
      { name: 'AUDIT_TABLE' },
      { name: 'DB_PASSWORD', suspicious: 'name says PASSWORD and the value is not a reference' },
      { name: 'MAX_TOKENS' },
      { name: 'SECRET_ID' },
      { name: 'UPSTREAM_KEY', suspicious: 'value looks like an AWS access key id' },
    ],
  });
  expect(made.roleArn.startsWith('arn:aws-us-gov:iam::')).toBe(true);
  const bare = dataOf(asked.bareFunction as ObservationRequest<'lambda.function'>);
  expect(bare).toMatchObject({ timeoutSeconds: 3, environment: [] });
  expect(bare).not.toHaveProperty('reservedConcurrency');
});

test('environmentOf: names sorted, values judged and dropped, a credential-shaped name masked to its last four characters', () => {
  const environment = environmentOf({ AKIAIOSFODNN7EXAMPLE: 'x', TABLE: 'audit', TOKEN: PLANTED_PASSWORD });
  expect(environment).toEqual([
    { name: '(credential-shaped name ending MPLE)', suspicious: 'the name itself looks like a credential' },
    { name: 'TABLE' },
    { name: 'TOKEN', suspicious: 'name says TOKEN and the value is not a reference' },
  ]);
  expect(JSON.stringify(environment)).not.toContain('AKIAIOSFODNN7');
  expect(environmentOf(undefined)).toEqual([]);
});

test('secretsmanager.secret: the customer key as given, rotation; no KmsKeyId means the AWS-managed key', () => {
  const cmk = dataOf(asked.cmkSecret as ObservationRequest<'secretsmanager.secret'>);
  expect(cmk).toMatchObject({ name: 'proxy/upstream', kmsKeyId: made.keyArn, rotationEnabled: true, rotationDays: 30 });
  expect(cmk.arn).toMatch(new RegExp(`^arn:aws-us-gov:secretsmanager:${GOV}:${ACCOUNT}:secret:proxy/upstream-`));
  expect(cmk.lastChangedDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  const plain = dataOf(asked.plainSecret as ObservationRequest<'secretsmanager.secret'>);
  expect(plain).toMatchObject({ name: 'proxy/plain', rotationEnabled: false });
  expect(plain).not.toHaveProperty('kmsKeyId');
  expect(plain).not.toHaveProperty('rotationDays');
});

test('kms.key: by id and by alias, a rotating customer key with its default policy parsed (gov root principal)', () => {
  const expected = {
    keyId: made.keyId,
    arn: made.keyArn,
    keyManager: 'CUSTOMER',
    keyState: 'Enabled',
    rotationEnabled: true,
    policy: expect.objectContaining({ Statement: [expect.objectContaining({ Principal: { AWS: `arn:aws-us-gov:iam::${ACCOUNT}:root` } })] }),
  };
  expect(dataOf(asked.keyById as ObservationRequest<'kms.key'>)).toEqual(expected);
  expect(dataOf(asked.keyByAlias as ObservationRequest<'kms.key'>)).toEqual(expected);
  expect(made.keyArn.startsWith(`arn:aws-us-gov:kms:${GOV}:`)).toBe(true);
});

test('dynamodb.table: CMK, deletion protection and PITR from its own status (moto says ContinuousBackupsStatus ENABLED for both)', () => {
  expect(dataOf(asked.auditTable as ObservationRequest<'dynamodb.table'>)).toEqual({
    name: 'audit',
    arn: `arn:aws-us-gov:dynamodb:${GOV}:${ACCOUNT}:table/audit`,
    sseType: 'KMS',
    kmsKeyArn: made.keyArn,
    deletionProtection: true,
    pointInTimeRecovery: 'ENABLED',
  });
  expect(dataOf(asked.scratchTable as ObservationRequest<'dynamodb.table'>)).toEqual({
    name: 'scratch',
    arn: `arn:aws-us-gov:dynamodb:${GOV}:${ACCOUNT}:table/scratch`,
    deletionProtection: false,
    pointInTimeRecovery: 'DISABLED',
  });
});

describe('iam', () => {
  test('accessKeys: last four characters, status and creation time; the user lives in the gov partition only', () => {
    const { user, keys } = dataOf(asked.accessKeys as ObservationRequest<'iam.accessKeys'>);
    expect(user).toBe('proxy-svc');
    expect(keys.map(({ idSuffix, status }) => ({ idSuffix, status })).sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { idSuffix: made.accessKeyIds[0]!.slice(-4), status: 'Active' },
      { idSuffix: made.accessKeyIds[1]!.slice(-4), status: 'Inactive' },
    ]);
    for (const key of keys) expect(new Date(key.createDate).toISOString()).toBe(key.createDate);
    expect(outcomeOf(asked.commercialAccessKeys as ObservationRequest<'iam.accessKeys'>)).toMatchObject({
      ok: false,
      failure: { status: 'error', reason: expect.stringContaining('NoSuchEntity') },
    });
  });

  test('serviceSpecificCredentials: moto lacks the listing, so it is skipped as "target lacks …", never an empty list', () => {
    expect(outcomeOf(asked.serviceCredentials as ObservationRequest<'iam.serviceSpecificCredentials'>)).toEqual({
      ok: false,
      failure: { status: 'skipped', reason: expect.stringMatching(/^target lacks iam:ListServiceSpecificCredentials/) },
    });
  });

  test('an emulator’s HTML error page is recognised from the raw response, whatever the XML parser says of it', async () => {
    const parseError = Object.assign(new Error('Deserialization error: unexpected end of input'), {
      $metadata: { httpStatusCode: 500 },
      $response: {
        statusCode: 500,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>',
      },
    });
    expect(isEmulatorHtmlError(parseError, 'moto')).toBe(true);
    expect(isEmulatorHtmlError(parseError, 'aws')).toBe(false);
    expect(isEmulatorHtmlError({ ...parseError, $response: { statusCode: 500, headers: {}, body: '<ErrorResponse/>' } }, 'moto')).toBe(false);
    const failing = { send: async () => Promise.reject(parseError) };
    const fake = { ...context, clients: { iam: () => failing } as unknown as AwsClients };
    const outcome = (await collect(fake, [{ kind: 'iam.serviceSpecificCredentials', account: ACCOUNT, region: GOV, args: { userName: 'x' } }])).toJSON();
    expect(Object.values(outcome)).toEqual([
      { ok: false, failure: { status: 'skipped', reason: expect.stringMatching(/^target lacks iam:ListServiceSpecificCredentials/) } },
    ]);
    const onAws = (
      await collect({ ...fake, targetKind: 'aws' }, [{ kind: 'iam.serviceSpecificCredentials', account: ACCOUNT, region: GOV, args: { userName: 'x' } }])
    ).toJSON();
    expect(Object.values(onAws)).toEqual([
      { ok: false, failure: { status: 'error', reason: expect.stringContaining('iam:ListServiceSpecificCredentials failed') } },
    ]);
  });
});

test('no secret leaves: API key value, access key ids and secrets, environment values and secret strings are nowhere in the observations', () => {
  const everything = JSON.stringify(observations.toJSON());
  expect(Object.keys(observations.toJSON())).toHaveLength(requests.length);
  const forbidden = [
    made.apiKeyValue,
    ...made.accessKeyIds,
    ...made.secretAccessKeys,
    PLANTED_ACCESS_KEY,
    PLANTED_PASSWORD,
    SECRET_STRING,
    's3cr3t-upstream-value',
  ];
  expect(forbidden.every((value) => value.length >= 8)).toBe(true);
  for (const value of forbidden) expect(everything).not.toContain(value);
});

test('parseRestApiPolicy: plain, AWS-escaped, quoted once more, absent, unreadable', () => {
  expect(parseRestApiPolicy(JSON.stringify(POLICY))).toEqual({ policy: POLICY });
  expect(parseRestApiPolicy(AWS_ESCAPED_POLICY)).toEqual({ policy: POLICY });
  expect(parseRestApiPolicy(JSON.stringify(JSON.stringify(POLICY)))).toEqual({ policy: POLICY });
  // Escaped quotes around raw line breaks, which a JSON string literal may not hold: only the quote unescaping reads it.
  expect(parseRestApiPolicy('{\n  \\"Version\\": \\"2012-10-17\\",\n  \\"Statement\\": []\n}')).toEqual({ policy: { Version: '2012-10-17', Statement: [] } });
  expect(parseRestApiPolicy(undefined)).toEqual({});
  expect(parseRestApiPolicy('  ')).toEqual({});
  expect(parseRestApiPolicy('"just a string"')).toMatchObject({ policyUnreadable: expect.stringContaining('not JSON') });
  expect(parseRestApiPolicy('[1, 2]')).toMatchObject({ policyUnreadable: expect.any(String) });
});
