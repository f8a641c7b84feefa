/**
 * The fault proxy in front of a real moto, driven by the real SDK clients crisp uses:
 * untouched calls are moto's own answers; throttles and errors parse as each protocol's
 * real error (name and HTTP status); resets, cut bodies and a killed emulator are
 * transport failures; rules pick calls by operation, path, service, Region and account,
 * and count them (after, first, every, a seeded probability).
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { startFaultProxy, type FaultProxy, type FaultRule } from './fault-proxy.ts';

let moto: MotoServer;
let proxy: FaultProxy;

beforeAll(async () => {
  moto = await startMotoServer();
  proxy = await startFaultProxy({ upstream: moto.endpoint, seed: 7 });
});

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const config = (endpoint: string, region = 'ap-southeast-2', maxAttempts = 1) => ({
  region,
  endpoint,
  maxAttempts,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});

/** The error a send rejects with (or `ok`). */
async function outcomeOf(send: () => Promise<unknown>): Promise<{ name: string; status?: number; code?: string; attempts?: number }> {
  try {
    await send();
    return { name: 'ok' };
  } catch (error) {
    const candidate = error as { name: string; code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
    return {
      name: candidate.name,
      ...(candidate.$metadata?.httpStatusCode !== undefined ? { status: candidate.$metadata.httpStatusCode } : {}),
      ...(candidate.code ? { code: candidate.code } : {}),
    };
  }
}

/** One call of each protocol crisp speaks, through `endpoint`. */
function protocolCalls(endpoint: string) {
  const c = config(endpoint);
  return {
    'ec2 (EC2 query)': () => new EC2Client(c).send(new DescribeVpcsCommand({})),
    'iam (query)': () => new IAMClient(c).send(new ListRolesCommand({})),
    'sts (query)': () => new STSClient(c).send(new GetCallerIdentityCommand({})),
    'dynamodb (JSON 1.0)': () => new DynamoDBClient(c).send(new ListTablesCommand({})),
    'kms (JSON 1.1)': () => new KMSClient(c).send(new ListKeysCommand({})),
    'lambda (REST-JSON)': () => new LambdaClient(c).send(new ListFunctionsCommand({})),
    'route53 (REST-XML)': () => new Route53Client(c).send(new ListHostedZonesCommand({})),
    's3 (REST-XML)': () => new S3Client({ ...c, forcePathStyle: true }).send(new ListBucketsCommand({})),
  };
}

async function outcomes(rules: FaultRule[]): Promise<Record<string, Awaited<ReturnType<typeof outcomeOf>>>> {
  proxy.setRules(rules);
  const result: Record<string, Awaited<ReturnType<typeof outcomeOf>>> = {};
  for (const [name, send] of Object.entries(protocolCalls(proxy.endpoint))) result[name] = await outcomeOf(send);
  proxy.setRules([]);
  return result;
}

describe('the fault proxy', () => {
  test('without rules every call is moto’s own answer', async () => {
    expect(Object.values(await outcomes([])).every((outcome) => outcome.name === 'ok')).toBe(true);
    const direct = await new EC2Client(config(moto.endpoint)).send(new DescribeVpcsCommand({}));
    const proxied = await new EC2Client(config(proxy.endpoint)).send(new DescribeVpcsCommand({}));
    expect(proxied.Vpcs).toEqual(direct.Vpcs);
  });

  test('throttles in each protocol’s own error shape, as each service really answers', async () => {
    expect(await outcomes([{ fault: { kind: 'throttle' } }])).toEqual({
      'ec2 (EC2 query)': { name: 'RequestLimitExceeded', status: 503 },
      'iam (query)': { name: 'Throttling', status: 400 },
      'sts (query)': { name: 'Throttling', status: 400 },
      'dynamodb (JSON 1.0)': { name: 'ThrottlingException', status: 400 },
      'kms (JSON 1.1)': { name: 'ThrottlingException', status: 400 },
      'lambda (REST-JSON)': { name: 'ThrottlingException', status: 429 },
      'route53 (REST-XML)': { name: 'Throttling', status: 400 },
      's3 (REST-XML)': { name: 'SlowDown', status: 503 },
    });
  });

  test('status and code can be forced (400 Throttling in EC2’s shape, 503 RequestLimitExceeded in JSON), and 500s use each protocol’s internal error', async () => {
    const forced = await outcomes([
      { match: { service: 'ec2' }, fault: { kind: 'throttle', status: 400, code: 'Throttling' } },
      { match: { protocol: 'json' }, fault: { kind: 'error', status: 503, code: 'RequestLimitExceeded' } },
    ]);
    expect(forced['ec2 (EC2 query)']).toEqual({ name: 'Throttling', status: 400 });
    expect(forced['dynamodb (JSON 1.0)']).toEqual({ name: 'RequestLimitExceeded', status: 503 });
    expect(forced['iam (query)']).toEqual({ name: 'ok' });
    const internal = await outcomes([{ fault: { kind: 'error', status: 500 } }]);
    expect(Object.fromEntries(Object.entries(internal).map(([name, outcome]) => [name, `${outcome.status} ${outcome.name}`]))).toEqual({
      'ec2 (EC2 query)': '500 InternalError',
      // IAM models ServiceFailure as ServiceFailureException.
      'iam (query)': '500 ServiceFailureException',
      'sts (query)': '500 ServiceFailure',
      'dynamodb (JSON 1.0)': '500 InternalFailure',
      'kms (JSON 1.1)': '500 InternalFailure',
      'lambda (REST-JSON)': '500 InternalFailure',
      'route53 (REST-XML)': '500 InternalError',
      's3 (REST-XML)': '500 InternalError',
    });
  });

  test('a reset and a cut body are transport failures (ECONNRESET), never an answer', async () => {
    const reset = await outcomes([{ fault: { kind: 'reset' } }]);
    expect(Object.values(reset).every((outcome) => outcome.code === 'ECONNRESET')).toBe(true);
    const cut = await outcomes([{ fault: { kind: 'truncate' } }]);
    expect(Object.values(cut).every((outcome) => outcome.code === 'ECONNRESET')).toBe(true);
    expect(proxy.calls.slice(-8).map((call) => call.outcome)).toEqual(Array(8).fill('truncated'));
  });

  test('a cut body keeps the status, headers and Content-Length, and sends only part of the body', async () => {
    proxy.setRules([{ fault: { kind: 'truncate', keep: 0.25 } }]);
    const url = new URL(proxy.endpoint);
    const received = await new Promise<{ status?: number; length: number; got: number; error?: string }>((resolve) => {
      const outgoing = httpRequest({ hostname: url.hostname, port: url.port, path: '/moto-api/data.json' }, (response) => {
        let got = 0;
        response.on('data', (chunk: Buffer) => (got += chunk.length));
        const done = (error?: Error) =>
          resolve({ status: response.statusCode, length: Number(response.headers['content-length']), got, ...(error ? { error: error.message } : {}) });
        response.once('error', done);
        response.once('end', () => done());
      });
      outgoing.once('error', (error) => resolve({ length: 0, got: 0, error: error.message }));
      outgoing.end();
    });
    proxy.setRules([]);
    expect(received.status).toBe(200);
    expect(received.length).toBeGreaterThan(100);
    expect(received.got).toBe(Math.floor(received.length * 0.25));
    expect(received.error).toBeDefined();
  });

  test('rules count their matching calls: after, first, every, and a seeded probability', async () => {
    const ec2 = new EC2Client(config(proxy.endpoint));
    const pattern = async (rules: FaultRule[], calls = 9) => {
      proxy.setRules(rules);
      const marks: string[] = [];
      for (let index = 0; index < calls; index += 1) marks.push((await outcomeOf(() => ec2.send(new DescribeVpcsCommand({})))).name === 'ok' ? '.' : 'x');
      proxy.setRules([]);
      return marks.join('');
    };
    const throttle = { kind: 'throttle' } as const;
    expect(await pattern([{ when: { first: 2 }, fault: throttle }])).toBe('xx.......');
    expect(await pattern([{ when: { after: 2, first: 3 }, fault: throttle }])).toBe('..xxx....');
    expect(await pattern([{ when: { every: 3 }, fault: throttle }])).toBe('..x..x..x');
    // A rule whose match does not select the call does not count it.
    expect(await pattern([{ match: { operation: 'DescribeSubnets' }, fault: throttle }])).toBe('.........');
    const seeded = await pattern([{ when: { probability: 0.5 }, fault: throttle }], 40);
    expect(await pattern([{ when: { probability: 0.5 }, fault: throttle }], 40)).toBe(seeded);
    expect(seeded.split('x').length - 1).toBeGreaterThan(8);
    expect(seeded.split('x').length - 1).toBeLessThan(32);
    const other = await startFaultProxy({ upstream: moto.endpoint, seed: 8, rules: [{ when: { probability: 0.5 }, fault: throttle }] });
    const otherMarks: string[] = [];
    const otherEc2 = new EC2Client(config(other.endpoint));
    for (let index = 0; index < 40; index += 1) otherMarks.push((await outcomeOf(() => otherEc2.send(new DescribeVpcsCommand({})))).name === 'ok' ? '.' : 'x');
    await other.stop();
    expect(otherMarks.join('')).not.toBe(seeded);
  });

  test('rules select by operation, REST path, service, Region and account', async () => {
    const sydney = new EC2Client(config(proxy.endpoint));
    const auckland = new EC2Client(config(proxy.endpoint, 'ap-southeast-6'));
    const other = new EC2Client(config(proxy.endpoint));
    other.middlewareStack.add(
      (next: (args: any) => Promise<any>) => async (args: any) => {
        args.request.headers['x-moto-account-id'] = '222222222222';
        return next(args);
      },
      { step: 'build' },
    );
    const route53 = new Route53Client(config(proxy.endpoint));
    const throttle = { kind: 'throttle' } as const;
    proxy.setRules([
      { match: { region: 'ap-southeast-6', operation: /^Describe/ }, fault: throttle },
      { match: { account: '222222222222' }, fault: throttle },
      { match: { service: 'route53', path: '/2013-04-01/hostedzone' }, fault: throttle },
    ]);
    const results = {
      sydney: (await outcomeOf(() => sydney.send(new DescribeVpcsCommand({})))).name,
      auckland: (await outcomeOf(() => auckland.send(new DescribeVpcsCommand({})))).name,
      otherAccount: (await outcomeOf(() => other.send(new DescribeVpcsCommand({})))).name,
      route53: (await outcomeOf(() => route53.send(new ListHostedZonesCommand({})))).name,
    };
    proxy.setRules([]);
    expect(results).toEqual({ sydney: 'ok', auckland: 'RequestLimitExceeded', otherAccount: 'RequestLimitExceeded', route53: 'Throttling' });
    expect(proxy.calls.slice(-4).map((entry) => [entry.call.operation ?? entry.call.path, entry.call.region, entry.call.account ?? '-', entry.faults])).toEqual(
      [
        ['DescribeVpcs', 'ap-southeast-2', '-', []],
        ['DescribeVpcs', 'ap-southeast-6', '-', ['throttle']],
        ['DescribeVpcs', 'ap-southeast-2', '222222222222', ['throttle']],
        ['/2013-04-01/hostedzone', 'ap-southeast-2', '-', ['throttle']],
      ],
    );
  });

  test('the SDK retries a throttle it gets from the proxy, and the retried call succeeds', async () => {
    proxy.setRules([{ match: { operation: 'ListTables' }, when: { first: 1 }, fault: { kind: 'throttle' } }]);
    const output = await new DynamoDBClient(config(proxy.endpoint, 'ap-southeast-2', 4)).send(new ListTablesCommand({}));
    proxy.setRules([]);
    expect(output.$metadata.attempts).toBe(2);
  });

  test('slow answers: a per-call latency and a delay rule, both before the call is answered', async () => {
    const ec2 = new EC2Client(config(proxy.endpoint));
    const timed = async () => {
      const started = performance.now();
      await ec2.send(new DescribeVpcsCommand({}));
      return performance.now() - started;
    };
    await timed();
    proxy.setLatency(120);
    expect(await timed()).toBeGreaterThanOrEqual(119);
    proxy.setLatency(0);
    proxy.setRules([{ match: { operation: 'DescribeVpcs' }, fault: { kind: 'delay', ms: 150 } }]);
    expect(await timed()).toBeGreaterThanOrEqual(149);
    proxy.setRules([]);
  });

  test('a hook runs at the call it matches, before the call goes on to the emulator', async () => {
    const seen: string[] = [];
    proxy.setRules([{ match: { service: 'sts' }, fault: { kind: 'hook', run: (call) => void seen.push(`${call.operation} in ${call.region}`) } }]);
    const output = await new STSClient(config(proxy.endpoint)).send(new GetCallerIdentityCommand({}));
    proxy.setRules([]);
    expect(output.Account).toBe('123456789012');
    expect(seen).toEqual(['GetCallerIdentity in ap-southeast-2']);
  });

  test('an emulator killed behind the proxy: the client’s connection is reset, as without the proxy', async () => {
    const doomed = await startMotoServer();
    const front = await startFaultProxy({ upstream: doomed.endpoint });
    try {
      const ec2 = new EC2Client(config(front.endpoint));
      expect((await outcomeOf(() => ec2.send(new DescribeVpcsCommand({})))).name).toBe('ok');
      await doomed.stop();
      expect(await outcomeOf(() => ec2.send(new DescribeVpcsCommand({})))).toMatchObject({ code: 'ECONNRESET' });
      expect(front.calls.at(-1)!.outcome).toBe('upstream-down');
    } finally {
      await front.stop();
      await doomed.stop();
    }
  });
});
