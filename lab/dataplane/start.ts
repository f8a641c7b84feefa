/**
 * Starts the lab's data plane for an estate already in moto: a DNS stand-in
 * answering as the first app VPC's resolver, HTTPS stand-ins for the endpoint
 * interfaces with certificates from a fresh lab CA, and the dataPlane settings
 * (resolver, connect map, CA file) that point crisp's probes at them. Every dial
 * goes to loopback through the connect map; nothing else is ever dialled.
 */
import { DescribeNetworkInterfacesCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import {
  GetHostedZoneCommand,
  ListHostedZonesByVPCCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type VPCRegion,
} from '@aws-sdk/client-route-53';
import { ListResolverRuleAssociationsCommand, ListResolverRulesCommand } from '@aws-sdk/client-route53resolver';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsClients } from '../../harness/estate/clients.ts';
import type { DataPlaneSettings } from '../../harness/estate/schema.ts';
import type { Estate } from '../estate.ts';
import { createLabCa, type IssuedCertificate, type LabCa } from './ca.ts';
import { ConverseStandIn, type ConverseStandInSettings } from './converse-stand-in.ts';
import { startDnsStandIn, type DnsStandIn } from './dns-stand-in.ts';
import { closedPort, startEndpointServer, startTls10OnlyServer, type HttpsStandIn } from './https-stand-in.ts';
import { publicBedrockAnswers, type ResolverView, type RuleSnapshot, type ZoneSnapshot } from './resolver-view.ts';

/** What a data-plane fault breaks. */
export interface DataPlaneFault {
  resolver?: 'silent';
  endpoint?: { service: string; mode: 'wrong-name' | 'expired' | 'tls10-only' | 'port-closed' };
  /** Changes the Bedrock runtime stand-in (throttling, errors, a latency shift). */
  converse?: Partial<ConverseStandInSettings>;
}

export interface LabDataPlane {
  settings: DataPlaneSettings;
  caPem: string;
  dns: DnsStandIn;
  /** The Bedrock runtime stand-in behind the bedrock-runtime endpoint (tests reconfigure it). */
  converse: ConverseStandIn;
  /** The lab CA, for other stand-ins the probes must trust (the GovCloud proxy). */
  ca: LabCa;
  /** The loopback port of the endpoint stand-ins (the Bedrock runtime among them). */
  endpointPort: number;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

/** The private zones associated with a VPC: the VPC owner's own, and the endpoint account's that list the VPC (as moto answers). */
async function associatedZones(clients: AwsClients, estate: Estate, vpcId: string): Promise<ZoneSnapshot[]> {
  const { shape } = estate;
  const zones: ZoneSnapshot[] = [];
  const own = clients.route53(shape.appAccount, shape.appRegion);
  const associated = await own.send(new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: shape.appRegion as VPCRegion }));
  for (const summary of associated.HostedZoneSummaries ?? []) {
    const records = await own.send(new ListResourceRecordSetsCommand({ HostedZoneId: summary.HostedZoneId }));
    zones.push({ name: summary.Name ?? '', records: records.ResourceRecordSets ?? [] });
  }
  if (shape.endpointAccount !== shape.appAccount) {
    const hub = clients.route53(shape.endpointAccount, shape.appRegion);
    for (const zone of (await hub.send(new ListHostedZonesCommand({}))).HostedZones ?? []) {
      if (!zone.Config?.PrivateZone) continue;
      const detail = await hub.send(new GetHostedZoneCommand({ Id: zone.Id }));
      if (!detail.VPCs?.some((vpc) => vpc.VPCId === vpcId)) continue;
      const records = await hub.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.Id }));
      zones.push({ name: zone.Name ?? '', records: records.ResourceRecordSets ?? [] });
    }
  }
  return zones;
}

/** The Resolver rules associated with a VPC. */
async function rulesOf(clients: AwsClients, estate: Estate, vpcId: string): Promise<RuleSnapshot[]> {
  const resolver = clients.route53Resolver(estate.shape.appAccount, estate.shape.appRegion);
  const rules = new Map(((await resolver.send(new ListResolverRulesCommand({}))).ResolverRules ?? []).map((rule) => [rule.Id, rule]));
  const associations = (await resolver.send(new ListResolverRuleAssociationsCommand({}))).ResolverRuleAssociations ?? [];
  return associations
    .filter((association) => association.VPCId === vpcId)
    .map((association) => rules.get(association.ResolverRuleId))
    .filter((rule) => rule !== undefined)
    .map((rule) => ({ domain: (rule.DomainName ?? '').replace(/(.)\.$/, '$1'), type: rule.RuleType ?? 'unknown' }));
}

/** Reads what the first app VPC's resolver would see: its private zones, its Resolver rules and the endpoints' interface IPs. */
export async function readResolverView(clients: AwsClients, estate: Estate): Promise<{ view: ResolverView; ipsByService: Map<string, string[]> }> {
  const { shape } = estate;
  const zones = await associatedZones(clients, estate, estate.apps[0]!.vpcId);
  const rules = await rulesOf(clients, estate, estate.apps[0]!.vpcId);
  const hub = clients.ec2(shape.endpointAccount, shape.endpointRegion);
  const endpoints = (await hub.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [];
  const interfaces = new Map(
    ((await hub.send(new DescribeNetworkInterfacesCommand({}))).NetworkInterfaces ?? []).map((eni) => [eni.NetworkInterfaceId, eni.PrivateIpAddress ?? '']),
  );
  const aliasTargets = new Map<string, string[]>();
  const ipsByService = new Map<string, string[]>();
  for (const endpoint of endpoints.filter((candidate) => candidate.VpcId === estate.endpointVpcId && candidate.State?.toLowerCase() !== 'deleted')) {
    const ips = (endpoint.NetworkInterfaceIds ?? []).map((id) => interfaces.get(id)).filter((ip): ip is string => Boolean(ip));
    for (const entry of endpoint.DnsEntries ?? []) aliasTargets.set((entry.DnsName ?? '').toLowerCase().replace(/\.$/, ''), ips);
    const service = (endpoint.ServiceName ?? '').split('.').pop()!;
    ipsByService.set(service, [...(ipsByService.get(service) ?? []), ...ips]);
  }
  return { view: { zones, rules, aliasTargets, publicAnswers: publicBedrockAnswers(shape.endpointRegion, shape.services) }, ipsByService };
}

/** Starts the stand-ins; the caller must stop() them. */
export async function startLabDataPlane(clients: AwsClients, estate: Estate, fault: DataPlaneFault = {}): Promise<LabDataPlane> {
  const { view, ipsByService } = await readResolverView(clients, estate);
  const ca = await createLabCa();
  const hostname = (service: string) => `${service}.${estate.shape.endpointRegion}.amazonaws.com`;
  const certificates = new Map<string, IssuedCertificate>();
  for (const service of estate.shape.services) certificates.set(hostname(service), await ca.issue([hostname(service)]));
  const faulty = fault.endpoint;
  if (faulty?.mode === 'wrong-name') certificates.set(hostname(faulty.service), await ca.issue(['wrong-name.crisp-lab.invalid']));
  if (faulty?.mode === 'expired') {
    const now = Date.now();
    certificates.set(
      hostname(faulty.service),
      await ca.issue([hostname(faulty.service)], { notBefore: new Date(now - 60 * DAY_MS), notAfter: new Date(now - DAY_MS) }),
    );
  }
  const servers: HttpsStandIn[] = [];
  const started: { dns?: DnsStandIn; dir?: string } = {};
  try {
    const converse = new ConverseStandIn(fault.converse ?? {});
    const main = await startEndpointServer(certificates, certificates.get(hostname(estate.shape.services[0]!))!, converse);
    servers.push(main);
    let faultPort: number | undefined;
    if (faulty?.mode === 'tls10-only') {
      const legacy = await startTls10OnlyServer(certificates.get(hostname(faulty.service))!);
      servers.push(legacy);
      faultPort = legacy.port;
    }
    if (faulty?.mode === 'port-closed') faultPort = (await closedPort()).port;
    const connect: Record<string, string> = {};
    for (const [service, ips] of ipsByService) {
      const port = faulty && faultPort !== undefined && service === faulty.service ? faultPort : main.port;
      for (const ip of ips) connect[`${ip}:443`] = `127.0.0.1:${port}`;
    }
    started.dns = await startDnsStandIn(view, fault.resolver === 'silent' ? 'silent' : 'normal');
    started.dir = await mkdtemp(join(tmpdir(), 'crisp-lab-ca-'));
    const caFile = join(started.dir, 'lab-ca.pem');
    await writeFile(caFile, ca.caPem);
    const dns = started.dns;
    const dir = started.dir;
    return {
      settings: { vantage: 'inside-app-vpc', resolver: dns.address, connect, connectOnly: true, caFile },
      caPem: ca.caPem,
      dns,
      converse,
      ca,
      endpointPort: main.port,
      stop: async () => {
        await Promise.all([dns.stop(), ...servers.map((server) => server.stop())]);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all([started.dns?.stop(), ...servers.map((server) => server.stop())]);
    if (started.dir) await rm(started.dir, { recursive: true, force: true });
    throw error;
  }
}
