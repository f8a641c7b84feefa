/**
 * The topology the report draws, derived from results alone (so a replayed pack
 * draws the same picture): the app and endpoint VPCs named by the suites' vars,
 * the peering, the endpoints and the private zones, each with the worst status
 * of the findings about it.
 */
import type { Finding, FindingStatus } from '../model/findings.ts';
import type { Results } from '../model/results.ts';

const RANK: Record<FindingStatus, number> = { pass: 0, not_applicable: 1, skipped: 2, error: 3, fail: 4 };

export interface TopologyNode {
  id: string;
  label: string;
  status: FindingStatus;
}

export interface Topology {
  app?: TopologyNode & { region?: string; account?: string };
  endpoint?: TopologyNode & { region?: string; account?: string };
  peerings: TopologyNode[];
  endpoints: TopologyNode[];
  zones: TopologyNode[];
}

function worst(findings: readonly Finding[]): FindingStatus {
  return findings.reduce<FindingStatus>((current, finding) => (RANK[finding.status] > RANK[current] ? finding.status : current), 'pass');
}

/** Builds the picture; undefined when the results hold no network findings. */
export function topologyOf(results: Results): Topology | undefined {
  const network = results.findings.filter((finding) => /^(network|dns|tls)\./.test(finding.checkId));
  if (network.length === 0) return undefined;
  const about = (id: string) => network.filter((finding) => finding.resource.id === id || finding.resource.id.startsWith(`${id}/`));
  const vars = results.suites.find((suite) => 'app_vpc_id' in suite.vars)?.vars ?? {};
  const vpc = (id: unknown, role: string) => {
    if (typeof id !== 'string') return undefined;
    const findings = about(id);
    const resource = findings[0]?.resource;
    return { id, label: `${role} ${resource?.name ?? ''}`.trim(), status: worst(findings), region: resource?.region, account: resource?.account };
  };
  const byType = (type: string, label: (finding: Finding) => string) => {
    const nodes = new Map<string, TopologyNode>();
    for (const finding of network.filter((candidate) => candidate.resource.type === type)) {
      const id = finding.resource.id;
      const findings = network.filter((candidate) => candidate.resource.id === id);
      nodes.set(id, { id, label: label(finding), status: worst(findings) });
    }
    return [...nodes.values()].sort((a, b) => a.label.localeCompare(b.label));
  };
  const service = (finding: Finding) => /com\.amazonaws\.[^.]+\.([a-z-]+)|\(([a-z-]+)\)/.exec(finding.message)?.slice(1).find(Boolean) ?? finding.resource.id;
  return {
    app: vpc(vars.app_vpc_id, 'app VPC'),
    endpoint: vpc(vars.endpoint_vpc_id, 'endpoint VPC'),
    peerings: byType('AWS::EC2::VPCPeeringConnection', (finding) => finding.resource.id),
    endpoints: byType('AWS::EC2::VPCEndpoint', service),
    zones: byType('AWS::Route53::HostedZone', (finding) => finding.resource.name ?? finding.resource.id),
  };
}
