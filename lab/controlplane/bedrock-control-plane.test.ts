/** The Bedrock control-plane stand-in, spoken to by the real SDK client, with moto behind it. */
import {
  BedrockClient,
  CreateInferenceProfileCommand,
  GetInferenceProfileCommand,
  GetModelInvocationLoggingConfigurationCommand,
  ListInferenceProfilesCommand,
  paginateListInferenceProfiles,
  PutModelInvocationLoggingConfigurationCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { startBedrockControlPlane } from './bedrock-control-plane.ts';
import type { LoopbackServer } from './loopback-server.ts';
import { RoutingFacts } from './routing-facts.ts';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const ACCOUNT = '111122223333';
const modelArn = (region: string, model = SONNET) => `arn:aws:bedrock:${region}::foundation-model/${model}`;

let moto: MotoServer;
let plane: LoopbackServer;
const clients: BedrockClient[] = [];

beforeAll(async () => {
  moto = await startMotoServer();
  plane = await startBedrockControlPlane({ motoEndpoint: moto.endpoint, routing: RoutingFacts.lab() });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await plane?.stop();
  await moto?.stop();
});

/** A Bedrock client for one account and Region, the way crisp builds one for a moto target. */
function bedrock(region: string, account = ACCOUNT): BedrockClient {
  const client = new BedrockClient({
    region,
    endpoint: plane.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'motoAccount' },
  );
  clients.push(client);
  return client;
}

describe('ListInferenceProfiles', () => {
  test('pages through the Sydney profiles with an opaque token, in the caller account', async () => {
    const pages = [];
    for await (const page of paginateListInferenceProfiles({ client: bedrock('ap-southeast-2'), pageSize: 3 }, {})) pages.push(page);
    expect(pages.map((page) => page.inferenceProfileSummaries?.length)).toEqual([3, 1]);
    expect(pages[0]!.nextToken).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(pages[1]!.nextToken).toBeUndefined();
    const summaries = pages.flatMap((page) => page.inferenceProfileSummaries ?? []);
    expect(summaries.map((summary) => summary.inferenceProfileId)).toEqual([`au.${HAIKU}`, `au.${SONNET}`, `global.${HAIKU}`, `global.${SONNET}`]);
    expect(summaries[1]).toEqual({
      inferenceProfileName: 'AU Anthropic Claude Sonnet 4.5',
      description: 'Routes requests to Anthropic Claude Sonnet 4.5 in ap-southeast-2 and ap-southeast-4.',
      createdAt: new Date('2025-09-29T00:00:00Z'),
      updatedAt: new Date('2025-09-29T00:00:00Z'),
      inferenceProfileArn: `arn:aws:bedrock:ap-southeast-2:${ACCOUNT}:inference-profile/au.${SONNET}`,
      models: [{ modelArn: modelArn('ap-southeast-2') }, { modelArn: modelArn('ap-southeast-4') }],
      inferenceProfileId: `au.${SONNET}`,
      status: 'ACTIVE',
      type: 'SYSTEM_DEFINED',
    });
  });

  test('Auckland routes AU to -6, -2 and -4; global includes the Region-less model ARN', async () => {
    const { inferenceProfileSummaries = [] } = await bedrock('ap-southeast-6').send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }));
    const byId = new Map(inferenceProfileSummaries.map((summary) => [summary.inferenceProfileId, summary]));
    expect(byId.get(`au.${SONNET}`)?.models?.map((model) => model.modelArn)).toEqual(
      ['ap-southeast-6', 'ap-southeast-2', 'ap-southeast-4'].map((r) => modelArn(r)),
    );
    expect(byId.get(`global.${HAIKU}`)?.models?.map((model) => model.modelArn)).toEqual(
      expect.arrayContaining([modelArn('us-east-1', HAIKU), modelArn('eu-west-1', HAIKU), `arn:aws:bedrock:::foundation-model/${HAIKU}`]),
    );
  });

  test('no profiles where the data lists none, and none of type APPLICATION', async () => {
    expect((await bedrock('eu-central-1').send(new ListInferenceProfilesCommand({}))).inferenceProfileSummaries).toEqual([]);
    expect((await bedrock('ap-southeast-2').send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }))).inferenceProfileSummaries).toEqual([]);
  });

  test('a token is refused in another Region, and maxResults outside 1..1000 is a ValidationException', async () => {
    const first = await bedrock('ap-southeast-2').send(new ListInferenceProfilesCommand({ maxResults: 1 }));
    await expect(bedrock('ap-southeast-6').send(new ListInferenceProfilesCommand({ nextToken: first.nextToken }))).rejects.toBeInstanceOf(ValidationException);
    await expect(bedrock('ap-southeast-2').send(new ListInferenceProfilesCommand({ maxResults: 1001 }))).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('GetInferenceProfile', () => {
  test('by id and by ARN in Sydney: AU routes to -2 and -4', async () => {
    const client = bedrock('ap-southeast-2');
    const arn = `arn:aws:bedrock:ap-southeast-2:${ACCOUNT}:inference-profile/au.${SONNET}`;
    const byId = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: `au.${SONNET}` }));
    const byArn = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: arn }));
    expect(byId.inferenceProfileArn).toBe(arn);
    expect(byId.models).toEqual([{ modelArn: modelArn('ap-southeast-2') }, { modelArn: modelArn('ap-southeast-4') }]);
    expect({ ...byArn, $metadata: undefined }).toEqual({ ...byId, $metadata: undefined });
  });

  test('by ARN in Auckland: AU routes to -6, -2 and -4', async () => {
    const arn = `arn:aws:bedrock:ap-southeast-6:${ACCOUNT}:inference-profile/au.${HAIKU}`;
    const profile = await bedrock('ap-southeast-6').send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: arn }));
    expect(profile.models?.map((model) => model.modelArn)).toEqual(['ap-southeast-6', 'ap-southeast-2', 'ap-southeast-4'].map((r) => modelArn(r, HAIKU)));
  });

  test('an unknown id, or a profile ARN of another account, is a 404 ResourceNotFoundException', async () => {
    const client = bedrock('ap-southeast-2');
    const unknown = client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'au.no-such-model' }));
    await expect(unknown).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(unknown).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 }, message: expect.stringContaining('au.no-such-model') });
    const foreign = `arn:aws:bedrock:ap-southeast-2:999999999999:inference-profile/au.${SONNET}`;
    await expect(client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: foreign }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('forwarded to moto', () => {
  test('Put/GetModelInvocationLoggingConfiguration reach moto, per account and Region', async () => {
    const loggingConfig = {
      cloudWatchConfig: { logGroupName: '/aws/bedrock/invocations', roleArn: `arn:aws:iam::${ACCOUNT}:role/bedrock-logging` },
      textDataDeliveryEnabled: true,
      imageDataDeliveryEnabled: false,
      embeddingDataDeliveryEnabled: false,
    };
    await bedrock('ap-southeast-2').send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig }));
    expect((await bedrock('ap-southeast-2').send(new GetModelInvocationLoggingConfigurationCommand({}))).loggingConfig).toEqual(loggingConfig);
    // moto's "unset" answer, from another account and another Region.
    expect((await bedrock('ap-southeast-2', '444455556666').send(new GetModelInvocationLoggingConfigurationCommand({}))).loggingConfig).toEqual({});
    expect((await bedrock('ap-southeast-6').send(new GetModelInvocationLoggingConfigurationCommand({}))).loggingConfig).toEqual({});
  });

  test("an operation moto lacks gets moto's own 500 page back", async () => {
    const create = bedrock('ap-southeast-2').send(
      new CreateInferenceProfileCommand({ inferenceProfileName: 'app', modelSource: { copyFrom: modelArn('ap-southeast-2') } }),
    );
    await expect(create).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    const raw = await fetch(`${plane.endpoint}/inference-profiles`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(raw.status).toBe(500);
    expect(raw.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await raw.text()).toContain('Internal Server Error');
  });

  test("moto's own paths answer through the stand-in as they do directly", async () => {
    const [direct, forwarded] = await Promise.all(
      [moto.endpoint, plane.endpoint].map(async (endpoint) => (await fetch(`${endpoint}/moto-api/data.json`)).json()),
    );
    expect(forwarded).toEqual(direct);
  });
});
