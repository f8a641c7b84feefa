/**
 * The topology the report draws, derived from results alone (so a replayed pack draws the
 * same picture): the app VPCs the suites name, the endpoint VPC, the peering, the
 * endpoints, the private zones and the live DNS and TLS probes — each in one of three
 * states. Observed and passed, observed and failed, or not observed: an element no finding
 * judged, or one whose findings could not observe it, is never drawn as passing.
 */
import type { Finding, FindingStatus } from '../model/findings.ts';
import type { Results } from '../model/results.ts';
import type { FindingGroup } from './instances.ts';

/** What the findings say about one element. */
export type Observed = 'pass' | 'fail' | 'unobserved';

export interface TopologyNode {
  id: string;
  label: string;
  state: Observed;
  /** The findings behind the state, counted: "4 findings: 3 passed, 1 could not observe". */
  detail: string;
}

export interface VpcNode extends TopologyNode {
  region?: string;
  account?: string;
}

export interface Topology {
  app: VpcNode;
  endpoint?: VpcNode;
  /** The peering between them: found, found missing (a failing peering check), or not observed; or the transit gateway path. */
  link: TopologyNode;
  /** What joins the two VPCs, as the suite's `topology` variable says. */
  linkKind: 'VPC peering' | 'transit gateway';
  endpoints: TopologyNode[];
  zones: TopologyNode[];
  /** The live probes from the app VPC's vantage. */
  dns: TopologyNode;
  tls: TopologyNode;
}

/** One app VPC the suites name, with the suite instances that judge it. */
export interface AppVpcScope {
  vpcId: string;
  /** Indexes in `results.suites`. */
  suites: number[];
  endpointVpcId?: string;
  /** The suite's `topology` variable: `peering`, `transit-gateway` or `any`. */
  topology?: string;
}

const WORDS: Record<FindingStatus, string> = {
  pass: 'passed',
  fail: 'failed',
  error: 'could not observe',
  skipped: 'skipped',
  not_applicable: 'not applicable',
};

/** The state of an element from the findings about it: any fail fails; any error, or no pass at all, is not observed. */
export function observedState(findings: readonly Finding[]): Observed {
  if (findings.some((finding) => finding.status === 'fail')) return 'fail';
  if (findings.some((finding) => finding.status === 'error')) return 'unobserved';
  return findings.some((finding) => finding.status === 'pass') ? 'pass' : 'unobserved';
}

/** "4 findings: 3 passed, 1 could not observe", or "no finding". */
export function detailOf(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no finding judged it';
  const counts = new Map<FindingStatus, number>();
  for (const finding of findings) counts.set(finding.status, (counts.get(finding.status) ?? 0) + 1);
  return `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${[...counts].map(([status, count]) => `${count} ${WORDS[status]}`).join(', ')}`;
}

/** The app VPCs named by the suites' vars, in first-seen order, with the instances naming each. */
export function appVpcsOf(results: Results): AppVpcScope[] {
  const scopes = new Map<string, AppVpcScope>();
  results.suites.forEach((suite, index) => {
    const vpcId = suite.vars.app_vpc_id;
    if (typeof vpcId !== 'string') return;
    const scope = scopes.get(vpcId) ?? {
      vpcId,
      suites: [],
      ...(typeof suite.vars.endpoint_vpc_id === 'string' ? { endpointVpcId: suite.vars.endpoint_vpc_id } : {}),
      ...(typeof suite.vars.topology === 'string' ? { topology: suite.vars.topology } : {}),
    };
    scope.suites.push(index);
    scopes.set(vpcId, scope);
  });
  return [...scopes.values()];
}

const isNetwork = (finding: Finding) => /^(network|dns|tls)\./.test(finding.checkId);

/** The indexes of the groups each suite instance reported, built once for a whole fleet. */
export function groupsBySuite(groups: readonly FindingGroup[]): Map<number, number[]> {
  const index = new Map<number, number[]>();
  groups.forEach((group, position) => {
    for (const suite of group.suites) {
      const list = index.get(suite);
      if (list) list.push(position);
      else index.set(suite, [position]);
    }
  });
  return index;
}

/**
 * The distinct network, DNS and TLS findings about one app VPC: those its suite instances
 * produced, in report order. Without instance attribution (results joined by merge) every
 * one is in scope.
 */
export function networkFindingsOf(
  results: Results,
  groups: readonly FindingGroup[],
  scope?: AppVpcScope,
  bySuite: Map<number, number[]> = groupsBySuite(groups),
): Finding[] {
  const all = () => groups.map((group) => results.findings[group.finding]!).filter(isNetwork);
  if (!scope || bySuite.size === 0) return all();
  const positions = new Set(scope.suites.flatMap((suite) => bySuite.get(suite) ?? []));
  return [...positions]
    .sort((a, b) => a - b)
    .map((position) => results.findings[groups[position]!.finding]!)
    .filter(isNetwork);
}

function node(id: string, label: string, findings: readonly Finding[]): TopologyNode {
  return { id, label, state: observedState(findings), detail: detailOf(findings) };
}

/** The picture of one app VPC's path; undefined when the results name no app VPC or hold no network finding. */
export function topologyOf(results: Results, groups: readonly FindingGroup[], scope: AppVpcScope | undefined = appVpcsOf(results)[0]): Topology | undefined {
  if (!scope) return undefined;
  const network = networkFindingsOf(results, groups, scope);
  if (network.length === 0 && !results.target.unreachable) return undefined;
  const about = (id: string) => network.filter((finding) => finding.resource.id === id || finding.resource.id.startsWith(`${id}/`));
  const vpc = (id: string, role: string): VpcNode => {
    const findings = about(id);
    const resource = findings[0]?.resource;
    return {
      ...node(id, `${role}${resource?.name ? ` ${resource.name}` : ''}`, findings),
      ...(resource?.region ? { region: resource.region } : {}),
      ...(resource?.account ? { account: resource.account } : {}),
    };
  };
  const byType = (type: string, label: (finding: Finding) => string) => {
    const members = new Map<string, Finding[]>();
    for (const finding of network.filter((candidate) => candidate.resource.type === type)) members.set(finding.resource.id, []);
    for (const finding of network) members.get(finding.resource.id)?.push(finding);
    return [...members.entries()]
      .map(([id, findings]) => node(id, label(findings.find((finding) => finding.resource.type === type)!), findings))
      .sort((a, b) => a.label.localeCompare(b.label));
  };
  const service = (finding: Finding) =>
    /com\.amazonaws\.[^.]+\.([a-z-]+)|\(([a-z-]+)[,)]/.exec(finding.message)?.slice(1).find(Boolean) ?? finding.resource.name ?? finding.resource.id;
  const peerings = byType('AWS::EC2::VPCPeeringConnection', (finding) => finding.resource.id);
  const peeringChecks = network.filter((finding) => finding.checkId === 'network.peering-active');
  const routes = network.filter((finding) => finding.checkId === 'network.app-routes-to-endpoints' || finding.checkId === 'network.endpoint-routes-to-app');
  const transit = scope.topology === 'transit-gateway' && peerings.length === 0;
  const link: TopologyNode = transit
    ? { id: 'transit-gateway', label: 'routes through the transit gateway', state: observedState(routes), detail: detailOf(routes) }
    : peerings.length > 0
      ? { ...peerings[0]!, label: peerings.length > 1 ? `${peerings[0]!.label} (+${peerings.length - 1})` : peerings[0]!.label }
      : observedState(peeringChecks) === 'fail'
        ? { id: 'peering', label: 'no active peering', state: 'fail', detail: detailOf(peeringChecks) }
        : { id: 'peering', label: 'peering not observed', state: 'unobserved', detail: detailOf(peeringChecks) };
  const probe = (checkId: string, label: string) =>
    node(
      checkId,
      label,
      network.filter((finding) => finding.checkId === checkId),
    );
  return {
    app: vpc(scope.vpcId, 'app VPC'),
    ...(scope.endpointVpcId ? { endpoint: vpc(scope.endpointVpcId, 'endpoint VPC') } : {}),
    link,
    linkKind: transit ? 'transit gateway' : 'VPC peering',
    endpoints: byType('AWS::EC2::VPCEndpoint', service),
    zones: byType('AWS::Route53::HostedZone', (finding) => finding.resource.name ?? finding.resource.id),
    dns: probe('dns.private-resolution', 'live DNS from the app VPC'),
    tls: probe('tls.endpoint-reachability', 'live TLS to the endpoints'),
  };
}
