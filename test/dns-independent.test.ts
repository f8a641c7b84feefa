/**
 * dns.private-resolution fed answers it did not compute. The lab's resolver
 * stand-in derives its answers from the same listings the checks read, so the
 * detection matrix alone would be circular; here a resolver written in this test
 * (dns-packet over UDP on loopback) answers from a table the test sets by hand —
 * the endpoint interface IPs the test looked up itself for the clean case, and
 * wrong answers for the faults.
 */
import { createSocket, type Socket } from 'node:dgram';
import { DescribeNetworkInterfacesCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import * as dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkCatalog } from '../harness/checks/registry.ts';
import { runChecks } from '../harness/engine/engine.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { CallLog } from '../harness/model/call-log.ts';
import type { Finding } from '../harness/model/findings.ts';
import { loadSuite } from '../harness/suite/loader.ts';
import { provisionLab, type ProvisionedLab } from '../lab/open-lab.ts';
import { CONNECTIVITY_SUITE } from './support/lab-scenario.ts';

/** hostname → { rcode, A answers } */
type Table = Map<string, { rcode: number; a: string[] }>;

/** A UDP resolver on loopback that answers A questions from the table (AAAA: empty). */
async function startTableResolver(table: Table): Promise<{ address: string; socket: Socket }> {
  const socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    const query = dnsPacket.decode(message);
    const question = query.questions![0]!;
    const entry = table.get(question.name.toLowerCase());
    const answers = question.type === 'A' ? (entry?.a ?? []).map((data) => ({ type: 'A' as const, name: question.name, ttl: 30, data })) : [];
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_AVAILABLE | (entry ? entry.rcode : 3),
      questions: query.questions,
      answers,
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${socket.address().port}`, socket };
}

let moto: MotoServer;
let lab: ProvisionedLab;
/** The interface IPs of each service's endpoint of app VPC 0, looked up by this test. */
const ipsByService = new Map<string, string[]>();

beforeAll(async () => {
  moto = await startMotoServer();
  lab = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1 });
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  try {
    const hub = clients.ec2(lab.estate.shape.endpointAccount, lab.estate.shape.endpointRegion);
    const endpoints = (await hub.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: Object.values(lab.estate.apps[0]!.endpointIds) }))).VpcEndpoints ?? [];
    for (const endpoint of endpoints) {
      const enis = await hub.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: endpoint.NetworkInterfaceIds }));
      ipsByService.set(
        endpoint.ServiceName!.split('.').pop()!,
        (enis.NetworkInterfaces ?? []).map((eni) => eni.PrivateIpAddress!),
      );
    }
  } finally {
    clients.destroy();
  }
});

afterAll(async () => {
  await moto?.stop();
});

/** Runs dns.private-resolution alone, asking the given resolver from inside the app VPC. */
async function resolveWith(table: Table): Promise<Finding[]> {
  const resolver = await startTableResolver(table);
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  try {
    const suite = await loadSuite(CONNECTIVITY_SUITE, lab.varSets[0]!, checkCatalog());
    const instances = suite.checks.filter((instance) => instance.check.id === 'dns.private-resolution');
    const { findings } = await runChecks(instances, {
      clients,
      targetKind: 'moto',
      targetLabel: 'moto',
      dataPlane: { vantage: 'inside-app-vpc', resolver: resolver.address, connect: {}, connectOnly: true },
      progress: () => {},
    });
    return findings;
  } finally {
    clients.destroy();
    resolver.socket.close();
  }
}

const hostname = (service: string) => `${service}.${lab.estate.shape.endpointRegion}.amazonaws.com`;
const correct = (): Table => new Map([...ipsByService].map(([service, ips]) => [hostname(service), { rcode: 0, a: ips }]));

describe('dns.private-resolution against a resolver configured independently', () => {
  test('clean: the resolver answers each name with its own endpoint interfaces', async () => {
    const findings = await resolveWith(correct());
    expect(findings.map((finding) => finding.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  test('fault: runtime answered with the control-plane endpoint’s IPs', async () => {
    const table = correct();
    table.set(hostname('bedrock-runtime'), { rcode: 0, a: ipsByService.get('bedrock')! });
    const findings = await resolveWith(table);
    const runtime = findings.find((finding) => finding.resource.id === hostname('bedrock-runtime'))!;
    expect(runtime).toMatchObject({ status: 'fail', message: expect.stringContaining('(the bedrock endpoint)') });
    expect(findings.filter((finding) => finding.status === 'fail')).toHaveLength(1);
  });

  test('fault: a public answer and an NXDOMAIN', async () => {
    const table = correct();
    table.set(hostname('bedrock-agent'), { rcode: 0, a: ['52.95.120.7'] });
    table.set(hostname('bedrock'), { rcode: 3, a: [] });
    const findings = await resolveWith(table);
    expect(findings.find((finding) => finding.resource.id === hostname('bedrock-agent'))!.message).toContain('resolves to public address 52.95.120.7');
    expect(findings.find((finding) => finding.resource.id === hostname('bedrock'))!.message).toContain('answers NXDOMAIN');
  });

  test('fault: one right address missing, one stranger added', async () => {
    const table = correct();
    const ips = ipsByService.get('bedrock-agent-runtime')!;
    table.set(hostname('bedrock-agent-runtime'), { rcode: 0, a: [ips[0]!, '10.1.99.99'] });
    const finding = (await resolveWith(table)).find((candidate) => candidate.resource.id === hostname('bedrock-agent-runtime'))!;
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('10.1.99.99') });
  });
});
