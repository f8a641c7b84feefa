/**
 * The GovCloud proxy estate, provisioned into a real moto and read back the way
 * crisp will read it: every resource in us-gov-west-1 with arn:aws-us-gov ARNs,
 * the commercial user in the commercial partition only, and each shape knob
 * changing exactly what it should. IAM is read through the IAM stand-in, as crisp's
 * lab target reads it: the commercial Bedrock API key lives in its store.
 */
import {
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetBasePathMappingsCommand,
  GetDomainNameCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeContinuousBackupsCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListServiceSpecificCredentialsCommand,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand } from '@aws-sdk/client-kms';
import { GetFunctionCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AwsClients } from '../../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { CallLog } from '../../harness/model/call-log.ts';
import { InputError } from '../../harness/model/errors.ts';
import { ServiceSpecificCredentialStore, startIamStandIn } from '../controlplane/iam-stand-in.ts';
import type { LoopbackServer } from '../controlplane/loopback-server.ts';
import { defaultGovCloudShape, govCloudVars, provisionGovCloud, type GovCloudEstate, type GovCloudShape } from './estate.ts';
import { functionPackage } from './function.ts';
import {
  ALLOWED_MODEL_IDS,
  COMMERCIAL_ACCOUNT,
  COMMERCIAL_REGION,
  FAKE_COMMERCIAL_ACCESS_KEY_ID,
  FAKE_COMMERCIAL_BEDROCK_API_KEY,
  FAKE_COMMERCIAL_SECRET_ACCESS_KEY,
  GOV_ACCOUNT,
  GOV_REGION,
  NAMES,
} from './shape.ts';

const MODEL_ARN = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0';

const DAY_MS = 86_400_000;

let moto: MotoServer;
let iamStandIn: LoopbackServer;
const serviceCredentials = new ServiceSpecificCredentialStore();
let clients: AwsClients;
let estate: GovCloudEstate;

/** Clears moto and the credential store, and builds the estate with `change` applied to the clean shape. */
async function provisionFresh(change: Partial<GovCloudShape> = {}): Promise<GovCloudEstate> {
  await moto.reset();
  serviceCredentials.clear();
  return provisionGovCloud(clients, { ...defaultGovCloudShape(), ...change }, { serviceCredentials });
}

/** Whole days between a date and now (IAM and moto dates have second precision; a run takes seconds). */
const daysAgo = (date: Date | undefined) => Math.round((Date.now() - (date?.getTime() ?? Number.NaN)) / DAY_MS);

/** The commercial user's Bedrock API keys, through the IAM stand-in (moto lacks the listing). */
async function bedrockApiKeys() {
  const answer = await clients
    .iam(COMMERCIAL_ACCOUNT, COMMERCIAL_REGION)
    .send(new ListServiceSpecificCredentialsCommand({ UserName: NAMES.commercialUser, ServiceName: 'bedrock.amazonaws.com' }));
  return answer.ServiceSpecificCredentials ?? [];
}

/** IAM returns policy documents URL-encoded, as on AWS. */
const decodePolicy = (document: string | undefined) => JSON.parse(decodeURIComponent(document ?? '{}'));

const gov = {
  apiGateway: () => clients.apiGateway(GOV_ACCOUNT, GOV_REGION),
  dynamoDb: () => clients.dynamoDb(GOV_ACCOUNT, GOV_REGION),
  iam: () => clients.iam(GOV_ACCOUNT, GOV_REGION),
  kms: () => clients.kms(GOV_ACCOUNT, GOV_REGION),
  lambda: () => clients.lambda(GOV_ACCOUNT, GOV_REGION),
  logs: () => clients.logs(GOV_ACCOUNT, GOV_REGION),
  secrets: () => clients.secretsManager(GOV_ACCOUNT, GOV_REGION),
};

beforeAll(async () => {
  moto = await startMotoServer();
  iamStandIn = await startIamStandIn({ motoEndpoint: moto.endpoint, credentials: serviceCredentials });
  clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint, endpoints: { iam: iamStandIn.endpoint } }, new CallLog());
  estate = await provisionGovCloud(clients, defaultGovCloudShape(), { serviceCredentials });
});
afterAll(async () => {
  clients?.destroy();
  await iamStandIn?.stop();
  await moto?.stop();
});

describe('the clean estate, read back from moto', () => {
  test('the CMK: GovCloud ARN, customer-managed, rotation on, key policy naming only the account root', async () => {
    const kms = gov.kms();
    const described = await kms.send(new DescribeKeyCommand({ KeyId: estate.key.keyId }));
    expect(described.KeyMetadata).toMatchObject({ Arn: `arn:aws-us-gov:kms:us-gov-west-1:${GOV_ACCOUNT}:key/${estate.key.keyId}`, KeyManager: 'CUSTOMER' });
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: estate.key.keyId }))).KeyRotationEnabled).toBe(true);
    // moto answers NotFound without PolicyName, although AWS defaults it.
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: estate.key.keyId, PolicyName: 'default' }))).Policy!);
    expect(policy.Statement).toEqual([
      { Sid: 'AccountRootOnly', Effect: 'Allow', Principal: { AWS: `arn:aws-us-gov:iam::${GOV_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    ]);
    const aliases = await kms.send(new ListAliasesCommand({ KeyId: estate.key.keyId }));
    expect(aliases.Aliases?.map((alias) => alias.AliasName)).toEqual([NAMES.keyAlias]);
  });

  test('the secret: GovCloud ARN, the CMK by ARN, the fake credential as its value', async () => {
    const described = await gov.secrets().send(new DescribeSecretCommand({ SecretId: NAMES.secret }));
    expect(described.ARN).toMatch(
      new RegExp(`^arn:aws-us-gov:secretsmanager:us-gov-west-1:${GOV_ACCOUNT}:secret:bedrock-proxy/commercial-credential-[A-Za-z0-9]{6}$`),
    );
    expect(described.ARN).toBe(estate.secret.arn);
    expect(described.KmsKeyId).toBe(estate.key.keyArn);
    const value = JSON.parse((await gov.secrets().send(new GetSecretValueCommand({ SecretId: NAMES.secret }))).SecretString!);
    expect(value).toEqual({
      bedrockApiKey: FAKE_COMMERCIAL_BEDROCK_API_KEY,
      accessKeyId: FAKE_COMMERCIAL_ACCESS_KEY_ID,
      secretAccessKey: FAKE_COMMERCIAL_SECRET_ACCESS_KEY,
      region: 'us-east-1',
    });
    expect(FAKE_COMMERCIAL_ACCESS_KEY_ID).toHaveLength(20);
    expect(FAKE_COMMERCIAL_SECRET_ACCESS_KEY).toHaveLength(40);
    // A Bedrock long-term API key: ABSK + base64 of "BedrockAPIKey-…-at-<account>:<secret>".
    expect(Buffer.from(FAKE_COMMERCIAL_BEDROCK_API_KEY.slice(4), 'base64').toString()).toMatch(new RegExp(`^BedrockAPIKey-\\w{4}-at-${COMMERCIAL_ACCOUNT}:`));
  });

  test('the audit table: hash key requestId, SSE with the CMK, deletion protection, PITR read from its description', async () => {
    const table = (await gov.dynamoDb().send(new DescribeTableCommand({ TableName: NAMES.auditTable }))).Table!;
    expect(table.TableArn).toBe(`arn:aws-us-gov:dynamodb:us-gov-west-1:${GOV_ACCOUNT}:table/${NAMES.auditTable}`);
    expect(table.KeySchema).toEqual([{ AttributeName: 'requestId', KeyType: 'HASH' }]);
    expect(table.SSEDescription).toMatchObject({ Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: estate.key.keyArn });
    expect(table.DeletionProtectionEnabled).toBe(true);
    const backups = (await gov.dynamoDb().send(new DescribeContinuousBackupsCommand({ TableName: NAMES.auditTable }))).ContinuousBackupsDescription!;
    expect(backups.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('ENABLED');
  });

  test('the function role: GovCloud ARN, trusted by Lambda, scoped to the secret, the table and its logs', async () => {
    const role = (await gov.iam().send(new GetRoleCommand({ RoleName: NAMES.role }))).Role!;
    expect(role.Arn).toBe(`arn:aws-us-gov:iam::${GOV_ACCOUNT}:role/${NAMES.role}`);
    expect(decodePolicy(role.AssumeRolePolicyDocument).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const policy = decodePolicy((await gov.iam().send(new GetRolePolicyCommand({ RoleName: NAMES.role, PolicyName: NAMES.rolePolicy }))).PolicyDocument);
    const bySid = Object.fromEntries(policy.Statement.map((statement: { Sid: string }) => [statement.Sid, statement]));
    expect(bySid.ReadCommercialCredential).toMatchObject({ Action: 'secretsmanager:GetSecretValue', Resource: estate.secret.arn });
    expect(bySid.WriteAuditItems).toMatchObject({ Action: 'dynamodb:PutItem', Resource: estate.auditTable.arn });
    expect(bySid.WriteLogs).toMatchObject({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:aws-us-gov:logs:us-gov-west-1:${GOV_ACCOUNT}:log-group:${NAMES.functionLogGroup}:*`,
    });
    expect(bySid.DecryptCredentialViaSecretsManager).toMatchObject({ Action: 'kms:Decrypt', Resource: estate.key.keyArn });
    // IAM is split by partition: the GovCloud role does not exist for a commercial-partition client.
    await expect(clients.iam(GOV_ACCOUNT, 'us-east-1').send(new GetRoleCommand({ RoleName: NAMES.role }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
  });

  test('the function: GovCloud ARN, nodejs20.x, 25 s timeout, reserved concurrency 10, the wiring in its environment, API Gateway allowed to invoke', async () => {
    const fn = await gov.lambda().send(new GetFunctionCommand({ FunctionName: NAMES.function }));
    expect(fn.Configuration).toMatchObject({
      FunctionArn: `arn:aws-us-gov:lambda:us-gov-west-1:${GOV_ACCOUNT}:function:${NAMES.function}`,
      Runtime: 'nodejs20.x',
      Timeout: 25,
      Role: estate.fn.roleArn,
      Environment: { Variables: { SECRET_ID: NAMES.secret, AUDIT_TABLE: NAMES.auditTable, COMMERCIAL_REGION: 'us-east-1' } },
    });
    expect(Object.keys(fn.Configuration!.Environment!.Variables!).sort()).toEqual(['AUDIT_TABLE', 'COMMERCIAL_REGION', 'SECRET_ID']);
    expect(fn.Concurrency?.ReservedConcurrentExecutions).toBe(10);
    expect(fn.Configuration?.CodeSize).toBe(functionPackage().length);
    const policy = JSON.parse((await gov.lambda().send(new GetPolicyCommand({ FunctionName: NAMES.function }))).Policy!);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'apigateway.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Condition: {
          ArnLike: { 'AWS:SourceArn': `arn:aws-us-gov:execute-api:us-gov-west-1:${GOV_ACCOUNT}:${estate.api.restApiId}/*/POST${NAMES.invokePath}` },
        },
      }),
    ]);
  });

  test('the API: resource policy, the POST method needing an API key, the AWS_PROXY integration to the function', async () => {
    const api = gov.apiGateway();
    const restApiId = estate.api.restApiId;
    const rest = await api.send(new GetRestApiCommand({ restApiId }));
    expect(JSON.parse(rest.policy!).Statement).toEqual([
      expect.objectContaining({ Principal: { AWS: `arn:aws-us-gov:iam::${GOV_ACCOUNT}:root` }, Action: 'execute-api:Invoke' }),
    ]);
    const resources = (await api.send(new GetResourcesCommand({ restApiId }))).items ?? [];
    expect(resources.map((resource) => resource.path).sort()).toEqual(['/', '/v1', '/v1/bedrock', '/v1/bedrock/invoke-model']);
    const method = await api.send(new GetMethodCommand({ restApiId, resourceId: estate.api.invokeResourceId, httpMethod: 'POST' }));
    expect(method).toMatchObject({ authorizationType: 'NONE', apiKeyRequired: true });
    const integration = await api.send(new GetIntegrationCommand({ restApiId, resourceId: estate.api.invokeResourceId, httpMethod: 'POST' }));
    expect(integration).toMatchObject({
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: `arn:aws-us-gov:apigateway:us-gov-west-1:lambda:path/2015-03-31/functions/${estate.fn.functionArn}/invocations`,
    });
  });

  test('the stage: throttling 50/100 on */*, access logs to an existing log group', async () => {
    const stage = await gov.apiGateway().send(new GetStageCommand({ restApiId: estate.api.restApiId, stageName: 'prod' }));
    expect(stage.methodSettings?.['*/*']).toMatchObject({ throttlingRateLimit: 50, throttlingBurstLimit: 100 });
    expect(stage.accessLogSettings?.destinationArn).toBe(`arn:aws-us-gov:logs:us-gov-west-1:${GOV_ACCOUNT}:log-group:${NAMES.accessLogGroup}`);
    expect(JSON.parse(stage.accessLogSettings!.format!)).toMatchObject({ apiKeyId: '$context.identity.apiKeyId' });
    const groups = await gov.logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: NAMES.accessLogGroup }));
    expect(groups.logGroups?.map((group) => group.logGroupArn)).toEqual([stage.accessLogSettings?.destinationArn]);
  });

  test('the API key and usage plan: the value only with includeValues, the key in the plan with the stage and throttle', async () => {
    const api = gov.apiGateway();
    const keys = await api.send(new GetApiKeysCommand({}));
    expect(keys.items?.map((key) => key.name)).toEqual([NAMES.apiKey]);
    expect(keys.items?.[0]).not.toHaveProperty('value');
    expect((await api.send(new GetApiKeyCommand({ apiKey: estate.api.apiKeyId }))).value).toBeUndefined();
    const withValues = await api.send(new GetApiKeysCommand({ includeValues: true }));
    expect(withValues.items?.[0]?.value).toBe(estate.api.apiKeyValue);
    const plans = await api.send(new GetUsagePlansCommand({ keyId: estate.api.apiKeyId }));
    expect(plans.items).toEqual([
      expect.objectContaining({
        id: estate.api.usagePlanId,
        apiStages: [expect.objectContaining({ apiId: estate.api.restApiId, stage: 'prod' })],
        throttle: { rateLimit: 50, burstLimit: 100 },
      }),
    ]);
    const planKeys = await api.send(new GetUsagePlanKeysCommand({ usagePlanId: estate.api.usagePlanId }));
    expect(planKeys.items?.map((key) => [key.id, key.type])).toEqual([[estate.api.apiKeyId, 'API_KEY']]);
  });

  test('the custom domain: TLS_1_2, mapped at its root to the API stage', async () => {
    const api = gov.apiGateway();
    const domain = await api.send(new GetDomainNameCommand({ domainName: NAMES.customDomain }));
    expect(domain).toMatchObject({ domainName: NAMES.customDomain, securityPolicy: 'TLS_1_2', endpointConfiguration: { types: ['REGIONAL'] } });
    expect(domain.regionalDomainName).toMatch(/\.execute-api\.us-gov-west-1\.amazonaws\.com$/);
    const mappings = await api.send(new GetBasePathMappingsCommand({ domainName: NAMES.customDomain }));
    expect(mappings.items).toEqual([{ basePath: '(none)', restApiId: estate.api.restApiId, stage: 'prod' }]);
  });

  test('the commercial user: arn:aws, only the allowed model, one access key and one Bedrock API key, both new, invisible from GovCloud', async () => {
    const iam = clients.iam(COMMERCIAL_ACCOUNT, 'us-east-1');
    const user = (await iam.send(new GetUserCommand({ UserName: NAMES.commercialUser }))).User!;
    expect(user.Arn).toBe(`arn:aws:iam::${COMMERCIAL_ACCOUNT}:user/${NAMES.commercialUser}`);
    const policy = decodePolicy(
      (await iam.send(new GetUserPolicyCommand({ UserName: NAMES.commercialUser, PolicyName: NAMES.commercialUserPolicy }))).PolicyDocument,
    );
    expect(policy.Statement).toEqual([
      { Sid: 'InvokeAllowedModels', Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: [MODEL_ARN] },
      { Sid: 'BearerToken', Effect: 'Allow', Action: 'bedrock:CallWithBearerToken', Resource: '*' },
    ]);
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: NAMES.commercialUser }))).AccessKeyMetadata ?? [];
    expect(keys.map((key) => [key.AccessKeyId, key.Status])).toEqual([[estate.credential.accessKeyId, 'Active']]);
    expect(Date.now() - keys[0]!.CreateDate!.getTime()).toBeLessThan(10 * 60_000);
    const apiKeys = await bedrockApiKeys();
    expect(apiKeys).toEqual([
      expect.objectContaining({ ServiceSpecificCredentialId: estate.credential.bedrockApiKey?.id, UserName: NAMES.commercialUser, Status: 'Active' }),
    ]);
    expect(daysAgo(apiKeys[0]?.CreateDate)).toBe(0);
    expect(apiKeys[0]?.CreateDate).toEqual(estate.credential.bedrockApiKey?.created);
    await expect(clients.iam(COMMERCIAL_ACCOUNT, GOV_REGION).send(new GetUserCommand({ UserName: NAMES.commercialUser }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
  });

  test('the suite variables name everything and carry no secret; serialising the estate leaves the API key value out', () => {
    expect(govCloudVars(estate)).toEqual({
      gov_account_id: GOV_ACCOUNT,
      gov_region: GOV_REGION,
      rest_api_id: estate.api.restApiId,
      stage_name: 'prod',
      function_name: NAMES.function,
      secret_id: NAMES.secret,
      audit_table: NAMES.auditTable,
      commercial_account_id: COMMERCIAL_ACCOUNT,
      commercial_region: 'us-east-1',
      bedrock_credential_user: NAMES.commercialUser,
      allowed_model_ids: [...ALLOWED_MODEL_IDS],
    });
    expect(govCloudVars(estate, 'https://x.example/prod').proxy_url).toBe('https://x.example/prod');
    expect(estate.api.apiKeyValue).toMatch(/^[A-Za-z0-9]{20,}$/);
    const serialised = JSON.stringify(estate) + JSON.stringify(govCloudVars(estate));
    for (const secret of [estate.api.apiKeyValue, FAKE_COMMERCIAL_SECRET_ACCESS_KEY, FAKE_COMMERCIAL_ACCESS_KEY_ID, FAKE_COMMERCIAL_BEDROCK_API_KEY])
      expect(serialised).not.toContain(secret);
  });
});

describe('shape knobs', () => {
  // These rebuild the estate into a reset moto; the clean estate's tests above have run by then.
  test("methodAuth 'none': the method needs no API key and has no authorizer", async () => {
    const built = await provisionFresh({ methodAuth: 'none' });
    const method = await gov
      .apiGateway()
      .send(new GetMethodCommand({ restApiId: built.api.restApiId, resourceId: built.api.invokeResourceId, httpMethod: 'POST' }));
    expect(method).toMatchObject({ authorizationType: 'NONE', apiKeyRequired: false });
  });

  test("secretKey 'aws-managed': the secret names no KmsKeyId, the audit table still uses the CMK", async () => {
    const built = await provisionFresh({ secretKey: 'aws-managed' });
    const described = await gov.secrets().send(new DescribeSecretCommand({ SecretId: NAMES.secret }));
    expect(described).not.toHaveProperty('KmsKeyId');
    expect(built.secret.kmsKeyId).toBeUndefined();
    const table = (await gov.dynamoDb().send(new DescribeTableCommand({ TableName: NAMES.auditTable }))).Table!;
    expect(table.SSEDescription?.KMSMasterKeyArn).toBe(built.key.keyArn);
  });

  test('lambdaEnvironmentCredential: the fake credential appears in the function environment', async () => {
    await provisionFresh({ lambdaEnvironmentCredential: true });
    const variables = (await gov.lambda().send(new GetFunctionCommand({ FunctionName: NAMES.function }))).Configuration?.Environment?.Variables;
    expect(variables).toMatchObject({
      SECRET_ID: NAMES.secret,
      COMMERCIAL_ACCESS_KEY_ID: FAKE_COMMERCIAL_ACCESS_KEY_ID,
      COMMERCIAL_SECRET_ACCESS_KEY: FAKE_COMMERCIAL_SECRET_ACCESS_KEY,
    });
    expect(variables?.COMMERCIAL_SECRET_ACCESS_KEY).toMatch(/^[A-Za-z0-9/+]{40}$/);
  });

  test('roleSecretsWildcard: secretsmanager:* on * replaces the one-secret grant', async () => {
    await provisionFresh({ roleSecretsWildcard: true });
    const policy = decodePolicy((await gov.iam().send(new GetRolePolicyCommand({ RoleName: NAMES.role, PolicyName: NAMES.rolePolicy }))).PolicyDocument);
    const secrets = policy.Statement.filter((statement: { Action: string }) => String(statement.Action).startsWith('secretsmanager:'));
    expect(secrets).toEqual([{ Sid: 'ReadCommercialCredential', Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }]);
  });

  test('pointInTimeRecovery false: PITR DISABLED, while moto still says ContinuousBackupsStatus ENABLED', async () => {
    await provisionFresh({ pointInTimeRecovery: false });
    const backups = (await gov.dynamoDb().send(new DescribeContinuousBackupsCommand({ TableName: NAMES.auditTable }))).ContinuousBackupsDescription!;
    expect(backups.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('DISABLED');
    expect(backups.ContinuousBackupsStatus).toBe('ENABLED');
  });

  test("domainSecurityPolicy 'TLS_1_0': the custom domain accepts TLS 1.0", async () => {
    await provisionFresh({ domainSecurityPolicy: 'TLS_1_0' });
    const domain = await gov.apiGateway().send(new GetDomainNameCommand({ domainName: NAMES.customDomain }));
    expect(domain.securityPolicy).toBe('TLS_1_0');
  });

  test('credentialAgeDays: the Bedrock API key is dated N days back, the access key and the secret now — no clock moved', async () => {
    const built = await provisionFresh({ credentialAgeDays: 120 });
    const apiKeys = await bedrockApiKeys();
    expect(apiKeys.map((key) => [key.ServiceSpecificCredentialId, key.Status])).toEqual([[built.credential.bedrockApiKey?.id, 'Active']]);
    expect(daysAgo(apiKeys[0]?.CreateDate)).toBe(120);
    expect(daysAgo(built.credential.bedrockApiKey?.created)).toBe(120);
    const keys = (await clients.iam(COMMERCIAL_ACCOUNT, COMMERCIAL_REGION).send(new ListAccessKeysCommand({ UserName: NAMES.commercialUser })))
      .AccessKeyMetadata;
    expect(daysAgo(keys?.[0]?.CreateDate)).toBe(0);
    const secret = await gov.secrets().send(new DescribeSecretCommand({ SecretId: NAMES.secret }));
    expect(daysAgo(secret.LastChangedDate)).toBe(0);
  });

  test('credentialAgeDays without the credential store, or not a whole number of days, is refused before anything is built', async () => {
    await moto.reset();
    serviceCredentials.clear();
    await expect(provisionGovCloud(clients, { ...defaultGovCloudShape(), credentialAgeDays: 120 })).rejects.toBeInstanceOf(InputError);
    await expect(provisionGovCloud(clients, { ...defaultGovCloudShape(), credentialAgeDays: 1.5 }, { serviceCredentials })).rejects.toBeInstanceOf(InputError);
    await expect(provisionGovCloud(clients, { ...defaultGovCloudShape(), credentialAgeDays: -1 }, { serviceCredentials })).rejects.toBeInstanceOf(InputError);
    const keys = await gov.kms().send(new ListAliasesCommand({}));
    expect(keys.Aliases?.map((alias) => alias.AliasName)).not.toContain(NAMES.keyAlias);
  });

  test('without a store the user has only its access key; a store not cleared with moto is refused', async () => {
    await moto.reset();
    serviceCredentials.clear();
    const built = await provisionGovCloud(clients, defaultGovCloudShape());
    expect(built.credential.bedrockApiKey).toBeUndefined();
    expect(await bedrockApiKeys()).toEqual([]);
    await moto.reset();
    await provisionGovCloud(clients, defaultGovCloudShape(), { serviceCredentials });
    // moto forgets the user; a store kept across the reset still holds its key.
    await moto.reset();
    await expect(provisionGovCloud(clients, defaultGovCloudShape(), { serviceCredentials })).rejects.toThrow(/clear the store when moto is reset/);
  });
});
