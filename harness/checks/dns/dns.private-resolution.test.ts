/**
 * Table test for dns.private-resolution on the AWS-shaped estate fixture with DNS
 * probe transcripts as the probe writes them (crisp inside the app VPC, so the
 * resolver is the app VPC's base + 2, 10.0.0.2:53): clean (each hostname answers
 * its own endpoint's interface IPs), the wrong answers resolution can give, a
 * resolver that did not answer, and the outside vantage with no resolver.
 */
import { describe, expect, test } from 'vitest';
import type { DataPlaneObservation, DnsAnswerSet, DnsTranscript, ObservationOutcome, ObservationRequest } from '../../model/observations.ts';
import {
  APP,
  cleanEstate,
  ENDPOINT,
  judge,
  NETWORK_PARAMS,
  observationsOf,
  SERVICES,
  statuses,
  type EstateData,
} from '../../../test/support/estate-fixture.ts';
import { dnsProbeRequest } from '../live.ts';
import check from './dns.private-resolution.ts';

const scope = check.params.parse(NETWORK_PARAMS);
const RESOLVER = '10.0.0.2:53';
const INSIDE: DataPlaneObservation = { targetKind: 'aws', vantage: 'inside-app-vpc', connect: {}, connectOnly: false };
const hostnameOf = (service: string) => `${service}.${ENDPOINT.region}.amazonaws.com`;
const RUNTIME = hostnameOf('bedrock-runtime');

/** The interface IPs of each service's endpoint, from the estate (in DescribeVpcEndpoints order). */
function ipsOf(data: EstateData, service: string): string[] {
  const ips = new Map(data.endpoint.networkInterfaces.map((eni) => [eni.NetworkInterfaceId, eni.PrivateIpAddress!]));
  const endpoint = data.endpoint.vpcEndpoints.find((candidate) => candidate.ServiceName === `com.amazonaws.${ENDPOINT.region}.${service}`)!;
  return endpoint.NetworkInterfaceIds!.map((id) => ips.get(id)!);
}

/** An answer set as the probe records it. */
const answerSet = (type: 'A' | 'AAAA', hostname: string, data: string[], rcode = 'NOERROR'): DnsAnswerSet => ({
  type,
  rcode,
  authoritative: false,
  answers: data.map((value) => ({ name: hostname, type, ttl: 60, data: value })),
  attempts: [{ transport: 'udp', durationMs: 1.4 }],
});

/** The clean estate with a transcript per hostname answering its own interface IPs; `answers` replaces a hostname's A set. */
function resolved(answers: Record<string, (hostname: string) => DnsAnswerSet> = {}, dataPlane = INSIDE, data = cleanEstate()) {
  data.dataPlane = dataPlane;
  const transcripts = SERVICES.map((service): [ObservationRequest, ObservationOutcome] => {
    const hostname = hostnameOf(service);
    const transcript: DnsTranscript = {
      hostname,
      resolver: RESOLVER,
      a: answers[hostname]?.(hostname) ?? answerSet('A', hostname, ipsOf(data, service)),
      aaaa: answerSet('AAAA', hostname, []),
    };
    return [dnsProbeRequest(scope, hostname, RESOLVER), { ok: true, data: transcript }];
  });
  return observationsOf(data, transcripts);
}

/** Judges with one hostname's answer replaced; the other three still pass. */
function judgeRuntime(answer: (hostname: string) => DnsAnswerSet) {
  const findings = judge(check, NETWORK_PARAMS, resolved({ [RUNTIME]: answer }));
  expect(statuses(findings)).toEqual(['pass', expect.any(String), 'pass', 'pass']);
  expect(findings[1]!.resource).toMatchObject({ type: 'crisp::DnsName', id: RUNTIME, account: APP.account, region: APP.region });
  return findings[1]!;
}

describe(check.id, () => {
  test('clean: every hostname resolves through the VPC resolver to its own endpoint interfaces', () => {
    const observations = resolved();
    expect(check.probes!(scope, observations).map((request) => request.args)).toEqual(
      SERVICES.map((service) => ({ hostname: hostnameOf(service), resolver: RESOLVER })),
    );
    const findings = judge(check, NETWORK_PARAMS, observations);
    expect(statuses(findings)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(findings[1]!.message).toBe(
      `${RUNTIME} resolves via ${RESOLVER} to 10.1.1.11, 10.1.17.11, the interfaces of vpce-01000000000000000 (bedrock-runtime).`,
    );
  });

  test('fault: a public answer fails, naming the public address', () => {
    const finding = judgeRuntime((hostname) => answerSet('A', hostname, ['203.0.113.10']));
    expect(finding).toMatchObject({ status: 'fail', actual: { rcode: 'NOERROR', a: ['203.0.113.10'] } });
    expect(finding.message).toBe(
      `${RUNTIME} via ${RESOLVER} resolves to public address 203.0.113.10: Bedrock traffic would leave over the internet; associate the private zone with the app VPC.`,
    );
  });

  test('fault: NXDOMAIN fails, saying the zone needs an A record at its apex', () => {
    const finding = judgeRuntime((hostname) => answerSet('A', hostname, [], 'NXDOMAIN'));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `${RUNTIME} via ${RESOLVER} answers NXDOMAIN; the private zone must hold an A record at its apex.`,
    });
  });

  test('fault: an empty NOERROR answer (NODATA) fails, asking for the alias record', () => {
    const finding = judgeRuntime((hostname) => answerSet('A', hostname, []));
    expect(finding).toMatchObject({ status: 'fail', message: `${RUNTIME} via ${RESOLVER} has no A record (NODATA); add the alias A record to the endpoint.` });
  });

  test("fault: another service's interface IPs fail, naming the endpoint they belong to", () => {
    const finding = judgeRuntime((hostname) => answerSet('A', hostname, ['10.1.1.12', '10.1.17.12']));
    expect(finding.status).toBe('fail');
    expect(finding.message).toBe(
      `${RUNTIME} via ${RESOLVER} resolves to 10.1.1.12 (the bedrock-agent endpoint), 10.1.17.12 (the bedrock-agent endpoint), not to the bedrock-runtime endpoint interfaces (10.1.1.11, 10.1.17.11); point the alias at the bedrock-runtime endpoint.`,
    );
  });

  // AWS lets a VPC use 100.64.0.0/10 (RFC 6598) and other non-RFC 1918 ranges; an endpoint interface there still
  // has a private IP inside its VPC, and resolving to it is exactly right. The check calls it a public address.
  test('clean: an endpoint VPC addressed from 100.64.0.0/16 resolves to its own interface IPs and passes', () => {
    const data = cleanEstate();
    data.endpoint.vpcs[0]!.CidrBlock = '100.64.0.0/16';
    for (const eni of data.endpoint.networkInterfaces) {
      eni.PrivateIpAddress = eni.PrivateIpAddress!.replace(/^10\.1\./, '100.64.');
      eni.PrivateIpAddresses = [{ PrivateIpAddress: eni.PrivateIpAddress, Primary: true }];
    }
    const findings = judge(check, NETWORK_PARAMS, resolved({}, INSIDE, data));
    expect(statuses(findings)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  test('error: a resolver that did not answer is an error naming the resolver and why, never a pass', () => {
    const finding = judgeRuntime(() => ({
      type: 'A',
      answers: [],
      attempts: [
        { transport: 'udp', durationMs: 2000, error: 'timeout' },
        { transport: 'tcp', durationMs: 2000, error: 'timeout' },
      ],
      error: 'no answer after 2 attempts (timeout)',
    }));
    expect(finding).toMatchObject({
      status: 'error',
      message: `The resolver ${RESOLVER} did not answer for ${RUNTIME}: no answer after 2 attempts (timeout).`,
    });
  });

  test('skipped: outside the app VPC with no resolver named, nothing is probed and the vantage is the reason', () => {
    const outside: DataPlaneObservation = { targetKind: 'aws', vantage: 'outside', connect: {}, connectOnly: false };
    const observations = resolved({}, outside);
    expect(check.probes!(scope, observations)).toEqual([]);
    expect(judge(check, NETWORK_PARAMS, observations)).toEqual([
      expect.objectContaining({
        status: 'skipped',
        resource: expect.objectContaining({ type: 'crisp::Vantage' }),
        message: expect.stringContaining('names no resolver'),
      }),
    ]);
    // Outside but with the resolver named (an SSM port forward to it), resolution is judged.
    expect(statuses(judge(check, NETWORK_PARAMS, resolved({}, { ...outside, resolver: RESOLVER })))).toEqual(['pass', 'pass', 'pass', 'pass']);
  });
});
