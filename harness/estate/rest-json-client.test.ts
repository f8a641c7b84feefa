/**
 * The REST-JSON client (Route 53 Profiles) retries throttling and transient failures as the
 * SDK clients do, each attempt visible to the retry log; an emulator's HTML page for an API it
 * lacks, and client errors, are not retried. Against a loopback server answering in turn.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { RestJsonClient, RestJsonServiceError } from './rest-json-client.ts';

type Answer = { status: number; body: string; headers?: Record<string, string> };

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server answering each request with the next answer; returns the client and the attempts it saw. */
async function clientAnswering(answers: Answer[]) {
  const seen: string[] = [];
  server = createServer((request, response) => {
    seen.push(String(request.headers['amz-sdk-request']));
    const answer = answers.shift() ?? { status: 200, body: '{}' };
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new RestJsonClient({
    service: 'route53profiles',
    region: 'ap-southeast-6',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const attempts: string[] = [];
  client.middlewareStack.addRelativeTo(
    (next) => async (args) => {
      attempts.push(String(args.request.headers['amz-sdk-request']));
      return next(args);
    },
    { relation: 'after', toMiddleware: 'retryMiddleware' },
  );
  return { client, seen, attempts };
}

const throttled: Answer = { status: 400, body: JSON.stringify({ message: 'Rate exceeded' }), headers: { 'x-amzn-errortype': 'ThrottlingException' } };

describe('RestJsonClient retries', () => {
  test('clean: one attempt', async () => {
    const { client, attempts } = await clientAnswering([{ status: 200, body: '{"ProfileAssociations":[]}' }]);
    expect(await client.get('ListProfileAssociations', '/profileassociations', {})).toEqual({ ProfileAssociations: [] });
    expect(attempts).toEqual(['attempt=1; max=4']);
  });

  test('throttled twice, then answered: the answer, with every attempt stamped for the retry log', async () => {
    const { client, seen, attempts } = await clientAnswering([
      throttled,
      { status: 503, body: '' },
      { status: 200, body: '{"ProfileAssociations":[{"Id":"a"}]}' },
    ]);
    expect(await client.get('ListProfileAssociations', '/profileassociations', {})).toEqual({ ProfileAssociations: [{ Id: 'a' }] });
    expect(attempts).toEqual(['attempt=1; max=4', 'attempt=2; max=4', 'attempt=3; max=4']);
    expect(seen).toHaveLength(3);
  });

  test('throttled on every attempt: the error after 4 attempts, saying so in its metadata', async () => {
    const { client, seen } = await clientAnswering([throttled, throttled, throttled, throttled, { status: 200, body: '{}' }]);
    const error = await client.get('ListProfileAssociations', '/profileassociations', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RestJsonServiceError);
    expect(error).toMatchObject({ name: 'ThrottlingException', $metadata: { attempts: 4, httpStatusCode: 400 } });
    expect(seen).toHaveLength(4);
  });

  test('an HTML 500 page (an emulator lacking the API) and an access denial are not retried', async () => {
    const html: Answer = { status: 500, body: '<!doctype html><title>500</title>', headers: { 'content-type': 'text/html' } };
    const denied: Answer = { status: 403, body: JSON.stringify({ message: 'not authorized' }), headers: { 'x-amzn-errortype': 'AccessDeniedException' } };
    for (const answer of [html, denied]) {
      const { client, seen } = await clientAnswering([answer]);
      const error = await client.get('ListProfileAssociations', '/profileassociations', {}).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ $metadata: { attempts: 1, httpStatusCode: answer.status } });
      expect(seen).toHaveLength(1);
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    }
  });
});
