/**
 * The DNS and TLS probes against the lab's loopback stand-ins: real packets on
 * the wire, every outcome recorded as data.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLabCa } from '../../lab/dataplane/ca.ts';
import { startDnsStandIn } from '../../lab/dataplane/dns-stand-in.ts';
import { startEndpointServer, type HttpsStandIn } from '../../lab/dataplane/https-stand-in.ts';
import { publicBedrockAnswers, type ResolverView } from '../../lab/dataplane/resolver-view.ts';
import { parseHostPort, resolveDial } from './address.ts';
import { probeDns, resolveType } from './dns.ts';
import { probeTls } from './tls.ts';

const HOST = 'bedrock-runtime.ap-southeast-2.amazonaws.com';
const view: ResolverView = {
  zones: [
    {
      name: `${HOST}.`,
      records: [{ Name: `${HOST}.`, Type: 'A', AliasTarget: { DNSName: 'vpce-1-a.example', HostedZoneId: 'Z', EvaluateTargetHealth: false } }],
    },
  ],
  aliasTargets: new Map([['vpce-1-a.example', ['10.1.0.10']]]),
  publicAnswers: publicBedrockAnswers('ap-southeast-2', ['bedrock']),
};

describe('DNS probe', () => {
  test('A and AAAA from the resolver, with rcode, TTL and one UDP attempt each', async () => {
    const resolver = await startDnsStandIn(view);
    try {
      const transcript = await probeDns(parseHostPort(resolver.address), HOST);
      expect(transcript.a).toMatchObject({ rcode: 'NOERROR', truncated: false, answers: [{ type: 'A', data: '10.1.0.10', ttl: 60 }] });
      expect(transcript.a.attempts).toEqual([expect.objectContaining({ transport: 'udp' })]);
      expect(transcript.aaaa).toMatchObject({ rcode: 'NOERROR', answers: [] });
      expect((await resolveType(parseHostPort(resolver.address), 'nope.example', 'A')).rcode).toBe('NXDOMAIN');
    } finally {
      await resolver.stop();
    }
  });

  test('a truncated UDP answer is retried over TCP', async () => {
    const resolver = await startDnsStandIn(view, 'truncate-udp');
    try {
      const set = await resolveType(parseHostPort(resolver.address), HOST, 'A');
      expect(set.attempts.map((attempt) => attempt.transport)).toEqual(['udp', 'tcp']);
      expect(set.answers.map((answer) => answer.data)).toEqual(['10.1.0.10']);
      expect(resolver.queries).toEqual({ udp: 1, tcp: 1 });
    } finally {
      await resolver.stop();
    }
  });

  test('a silent resolver: bounded retries, each attempt recorded, then an error', async () => {
    const resolver = await startDnsStandIn(view, 'silent');
    try {
      const set = await resolveType(parseHostPort(resolver.address), HOST, 'A', { timeoutMs: 100, attempts: 3 });
      expect(set.error).toMatch(/no answer from 127\.0\.0\.1:\d+ after 3 attempts/);
      expect(set.attempts).toHaveLength(3);
      expect(resolver.queries.udp).toBe(3);
    } finally {
      await resolver.stop();
    }
  });
});

describe('TLS probe', () => {
  let server: HttpsStandIn;
  let caPem: string;

  beforeAll(async () => {
    const ca = await createLabCa();
    caPem = ca.caPem;
    const certificate = await ca.issue([HOST]);
    server = await startEndpointServer(new Map([[HOST, certificate]]), certificate);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('records protocol, certificate, verdicts, timings and the HTTP status', async () => {
    const dial = resolveDial('10.1.0.10:443', { '10.1.0.10:443': `127.0.0.1:${server.port}` }, true);
    const transcript = await probeTls('10.1.0.10:443', dial, HOST, { ca: caPem, timeoutMs: 2_000 });
    expect(transcript).toMatchObject({
      stage: 'done',
      dialed: `127.0.0.1:${server.port}`,
      protocol: 'TLSv1.3',
      chainValid: true,
      hostnameValid: true,
      httpStatus: 403,
    });
    expect(transcript.certificate?.subjectAltNames).toEqual([`DNS:${HOST}`]);
    const timings = transcript.timings!;
    expect(timings.connectMs!).toBeLessThanOrEqual(timings.handshakeMs!);
    expect(timings.handshakeMs!).toBeLessThanOrEqual(timings.firstByteMs!);
  });

  test('without the lab CA the chain is untrusted: recorded, not thrown', async () => {
    const transcript = await probeTls('10.1.0.10:443', parseHostPort(`127.0.0.1:${server.port}`), HOST, { timeoutMs: 2_000 });
    expect(transcript).toMatchObject({
      chainValid: false,
      chainError: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER|SELF_SIGNED/),
    });
  });

  test('connectOnly: an unmapped address is never dialled', async () => {
    expect(resolveDial('10.9.9.9:443', {}, true)).toBeUndefined();
    const transcript = await probeTls('10.9.9.9:443', undefined, HOST, { timeoutMs: 2_000 });
    expect(transcript).toMatchObject({ stage: 'not-dialled', error: expect.stringContaining('connectOnly') });
  });
});
