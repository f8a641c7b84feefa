/**
 * The proxy stand-in against a real moto holding the estate: the API key gate
 * (nothing forwarded, nothing audited), a forwarded call audited into the
 * DynamoDB table, the dropAudit fault, and the TLS floor — a client offering only
 * TLS 1.0 is refused by default and really accepted under the fault.
 */
import { request as httpsRequest } from 'node:https';
import { connect as connectTls } from 'node:tls';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { AwsClients } from '../../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { CallLog } from '../../harness/model/call-log.ts';
import { createLabCa, type LabCa } from '../dataplane/ca.ts';
import { defaultGovCloudShape, provisionGovCloud, type GovCloudEstate } from './estate.ts';
import { startProxyStandIn, type ProxyInvokeBody, type ProxyStandIn, type ProxyStandInOptions } from './proxy-stand-in.ts';
import { ALLOWED_MODEL_IDS, FAKE_COMMERCIAL_SECRET_ACCESS_KEY, GOV_ACCOUNT, GOV_REGION, NAMES } from './shape.ts';

const MODEL_ID = ALLOWED_MODEL_IDS[0]!;
const CALL = { modelId: MODEL_ID, messages: [{ role: 'user', content: 'hello' }], maxTokens: 64 };

let moto: MotoServer;
let clients: AwsClients;
let estate: GovCloudEstate;
let ca: LabCa;
const running: ProxyStandIn[] = [];
/** What the injected Bedrock call received, in order. */
const forwarded: { modelId: string; body: ProxyInvokeBody }[] = [];

const invoke: ProxyStandInOptions['invoke'] = async (modelId, body) => {
  forwarded.push({ modelId, body });
  return { status: 200, body: { text: 'hi from commercial Bedrock', usage: { inputTokens: 3, outputTokens: 5 } } };
};

async function start(options: Partial<ProxyStandInOptions> = {}): Promise<ProxyStandIn> {
  const proxy = await startProxyStandIn({ clients, estate, ca, invoke, ...options });
  running.push(proxy);
  return proxy;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/** POSTs to the stand-in as a client of `servername` would, dialling the loopback port (the connect map's job in crisp). */
function post(proxy: ProxyStandIn, path: string, body: unknown, headers: Record<string, string> = {}, servername = proxy.hostname): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const request = httpsRequest(
      {
        host: '127.0.0.1',
        port: proxy.port,
        servername,
        ca: ca.caPem,
        method: 'POST',
        path,
        headers: { host: servername, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text), text });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** One handshake offering only TLS 1.0: the negotiated protocol, or the error that ended it. */
function handshakeTls10(proxy: ProxyStandIn): Promise<{ protocol?: string | null; error?: string }> {
  return new Promise((resolve) => {
    const socket = connectTls({
      host: '127.0.0.1',
      port: proxy.port,
      servername: proxy.hostname,
      ca: ca.caPem,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      // Node 24's OpenSSL will not offer TLS 1.0 at its default security level.
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    socket.once('secureConnect', () => {
      const protocol = socket.getProtocol();
      socket.destroy();
      resolve({ protocol });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

const table = () => clients.dynamoDb(GOV_ACCOUNT, GOV_REGION);
const auditItemCount = async () => (await table().send(new ScanCommand({ TableName: NAMES.auditTable, Select: 'COUNT' }))).Count ?? 0;
const invokePath = `/prod${NAMES.invokePath}`;

beforeAll(async () => {
  moto = await startMotoServer();
  clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  estate = await provisionGovCloud(clients, defaultGovCloudShape());
  ca = await createLabCa();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((proxy) => proxy.stop()));
  forwarded.length = 0;
});
afterAll(async () => {
  clients?.destroy();
  await moto?.stop();
});

describe('the API key gate', () => {
  test('no x-api-key: 401 Missing API key, nothing forwarded, nothing audited', async () => {
    const proxy = await start();
    const before = await auditItemCount();
    const answer = await post(proxy, invokePath, CALL);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: 'Missing API key' });
    expect(forwarded).toEqual([]);
    expect(proxy.counts).toMatchObject({ requests: 1, missingKey: 1, forwarded: 0, audited: 0 });
    expect(await auditItemCount()).toBe(before);
  });

  test('a wrong key: 403 Forbidden, nothing forwarded, nothing audited, the presented key not echoed', async () => {
    const proxy = await start();
    const before = await auditItemCount();
    const wrong = `${estate.api.apiKeyValue.slice(0, -1)}X`;
    const answer = await post(proxy, invokePath, CALL, { 'x-api-key': wrong });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ message: 'Forbidden' });
    expect(answer.text).not.toContain(wrong);
    expect(forwarded).toEqual([]);
    expect(proxy.counts).toMatchObject({ wrongKey: 1, forwarded: 0, audited: 0 });
    expect(await auditItemCount()).toBe(before);
  });
});

describe('a call with the key', () => {
  test('is forwarded, answered 200 with x-request-id and the output, and audited in DynamoDB by key id only', async () => {
    const proxy = await start();
    const answer = await post(proxy, invokePath, { ...CALL, unexpected: 'dropped' }, { 'x-api-key': estate.api.apiKeyValue });
    expect(answer.status).toBe(200);
    const requestId = answer.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body).toEqual({ requestId, output: { text: 'hi from commercial Bedrock', usage: { inputTokens: 3, outputTokens: 5 } } });
    // Only modelId, messages|prompt and maxTokens travel on.
    expect(forwarded).toEqual([{ modelId: MODEL_ID, body: { messages: CALL.messages, maxTokens: 64 } }]);
    const item = (await table().send(new GetItemCommand({ TableName: NAMES.auditTable, Key: { requestId: { S: String(requestId) } }, ConsistentRead: true })))
      .Item;
    expect(item).toEqual({
      requestId: { S: requestId },
      timestamp: { S: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
      modelId: { S: MODEL_ID },
      status: { N: '200' },
      apiKeyId: { S: estate.api.apiKeyId },
    });
    expect(JSON.stringify(item)).not.toContain(estate.api.apiKeyValue);
    expect(proxy.counts).toMatchObject({ requests: 1, forwarded: 1, audited: 1, auditFailures: 0 });
  });

  test('answers on the custom domain too, at its root (the base path mapping), with the same certificate', async () => {
    const proxy = await start();
    const answer = await post(proxy, NAMES.invokePath, { modelId: MODEL_ID, prompt: 'hello' }, { 'x-api-key': estate.api.apiKeyValue }, NAMES.customDomain);
    expect(answer.status).toBe(200);
    expect(forwarded).toEqual([{ modelId: MODEL_ID, body: { prompt: 'hello' } }]);
    expect(proxy.connect).toEqual({ [`${proxy.hostname}:443`]: `127.0.0.1:${proxy.port}`, [`${NAMES.customDomain}:443`]: `127.0.0.1:${proxy.port}` });
    expect(proxy.url).toBe(`https://${estate.api.restApiId}.execute-api.us-gov-west-1.amazonaws.com/prod`);
  });

  test("passes Bedrock's refusal through with its status, and audits that status", async () => {
    const proxy = await start({ invoke: async () => ({ status: 429, body: { message: 'Too many requests' } }) });
    const answer = await post(proxy, invokePath, CALL, { 'x-api-key': estate.api.apiKeyValue });
    expect(answer.status).toBe(429);
    const requestId = String(answer.headers['x-request-id']);
    expect(answer.body).toEqual({ requestId, error: { message: 'Too many requests' } });
    const item = (await table().send(new GetItemCommand({ TableName: NAMES.auditTable, Key: { requestId: { S: requestId } } }))).Item;
    expect(item?.status).toEqual({ N: '429' });
  });

  test('a malformed body is 400 and not forwarded; an unknown route is API Gateway’s 403', async () => {
    const proxy = await start();
    const key = { 'x-api-key': estate.api.apiKeyValue };
    expect((await post(proxy, invokePath, 'not json', key)).status).toBe(400);
    expect((await post(proxy, invokePath, { messages: [] }, key)).body).toEqual({ message: 'modelId is required' });
    expect((await post(proxy, invokePath, { modelId: MODEL_ID, prompt: 'x', maxTokens: -1 }, key)).status).toBe(400);
    expect((await post(proxy, '/prod/v1/other', CALL, key)).body).toEqual({ message: 'Missing Authentication Token' });
    expect(forwarded).toEqual([]);
  });

  test('the dropAudit fault: answered 200, but no audit item', async () => {
    const proxy = await start({ dropAudit: true });
    const before = await auditItemCount();
    const answer = await post(proxy, invokePath, CALL, { 'x-api-key': estate.api.apiKeyValue });
    expect(answer.status).toBe(200);
    const requestId = String(answer.headers['x-request-id']);
    expect((await table().send(new GetItemCommand({ TableName: NAMES.auditTable, Key: { requestId: { S: requestId } } }))).Item).toBeUndefined();
    expect(await auditItemCount()).toBe(before);
    expect(proxy.counts).toMatchObject({ forwarded: 1, audited: 0 });
  });

  test('fails closed when the audit item cannot be written: 500, no output', async () => {
    const proxy = await start({ estate: { ...estate, api: estate.api, auditTable: { name: 'no-such-table', arn: 'unused' } } });
    const answer = await post(proxy, invokePath, CALL, { 'x-api-key': estate.api.apiKeyValue });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ requestId: answer.headers['x-request-id'], message: 'Audit record could not be written' });
    expect(proxy.counts).toMatchObject({ forwarded: 1, audited: 0, auditFailures: 1 });
  });

  test("with methodAuth 'none' the stand-in, like the method, forwards without a key (and audits no key id)", async () => {
    const proxy = await start({ estate: { ...estate, api: estate.api, shape: { ...estate.shape, methodAuth: 'none' } } });
    const answer = await post(proxy, invokePath, CALL);
    expect(answer.status).toBe(200);
    const item = (await table().send(new GetItemCommand({ TableName: NAMES.auditTable, Key: { requestId: { S: String(answer.headers['x-request-id']) } } })))
      .Item;
    expect(item).toBeDefined();
    expect(item).not.toHaveProperty('apiKeyId');
  });

  test('never writes the API key or the credential to the console', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level));
    try {
      const proxy = await start({ invoke: async () => Promise.reject(new Error(`upstream refused ${FAKE_COMMERCIAL_SECRET_ACCESS_KEY}`)) });
      const answer = await post(proxy, invokePath, CALL, { 'x-api-key': estate.api.apiKeyValue });
      expect(answer.status).toBe(502);
      expect(answer.text).not.toContain(FAKE_COMMERCIAL_SECRET_ACCESS_KEY);
      await post(proxy, invokePath, CALL, { 'x-api-key': 'wrong' });
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('TLS', () => {
  test('by default a client offering only TLS 1.0 is refused', async () => {
    const proxy = await start();
    const result = await handshakeTls10(proxy);
    expect(result.protocol).toBeUndefined();
    // The server's protocol_version alert: the refusal is the server's, not the client's.
    expect(result.error).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
  });

  test("the tlsMinVersion 'TLSv1' fault really completes a TLS 1.0 handshake, with the certificate for the execute-api hostname", async () => {
    const proxy = await start({ tlsMinVersion: 'TLSv1' });
    expect(await handshakeTls10(proxy)).toEqual({ protocol: 'TLSv1' });
    // A modern client still gets a modern protocol from the faulty server.
    const answer = await post(proxy, invokePath, CALL, { 'x-api-key': estate.api.apiKeyValue });
    expect(answer.status).toBe(200);
  });
});
