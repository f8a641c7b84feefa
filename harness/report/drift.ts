/**
 * Drift between two runs of the same estate: new and resolved failures, and
 * observations that changed even while their checks still pass (endpoint IPs,
 * zone records, routes, security-group rules, policy documents, SCP
 * attachments). Pure: it compares what two runs recorded.
 */
import type { ObservationOutcome } from '../model/observations.ts';
import type { Finding } from '../model/findings.ts';

export interface FindingChange {
  key: string;
  checkId: string;
  resource: Finding['resource'];
  before?: Finding['status'];
  after?: Finding['status'];
  message: string;
}

export interface ObservationChange {
  key: string;
  kind: string;
  /** What the change is about, for people: "routes", "security-group rules", … */
  facet: string;
  change: 'added' | 'removed' | 'changed';
  /** The first differing paths, with both values. */
  differences: { path: string; before?: unknown; after?: unknown }[];
  /** Checks marked `guard: true` that read this observation. */
  guardedBy: string[];
}

export interface DriftReport {
  newFailures: FindingChange[];
  resolvedFailures: FindingChange[];
  changedObservations: ObservationChange[];
  /** True when the baseline had no observations (a bare results.json). */
  observationsCompared: boolean;
  /** Exit code of `crisp drift`: 1 on a new failure or a guarded change. */
  exitCode: 0 | 1;
}

const FACETS: Record<string, string> = {
  'ec2.vpcs': 'VPCs and CIDRs',
  'ec2.vpcDnsAttributes': 'VPC DNS attributes',
  'ec2.subnets': 'subnets',
  'ec2.routeTables': 'routes',
  'ec2.peeringConnections': 'peering connections',
  'ec2.vpcEndpoints': 'interface endpoints',
  'ec2.securityGroups': 'security-group rules',
  'ec2.networkAcls': 'network ACL entries',
  'ec2.networkInterfaces': 'endpoint IPs',
  'route53.hostedZones': 'hosted zones',
  'route53.vpcZones': 'zone associations',
  'route53.zoneRecords': 'zone records',
  'route53.zoneVpcs': 'zone associations',
  'route53resolver.rules': 'Resolver rules',
  'route53resolver.ruleAssociations': 'Resolver rule associations',
  'route53profiles.vpcAssociations': 'Route 53 Profile associations',
  'route53profiles.resources': 'Route 53 Profile resources',
  'ec2.transitGatewayAttachments': 'transit gateway attachments',
  'ec2.transitGatewayPeeringAttachments': 'transit gateway peerings',
  'ec2.transitGatewayRoutes': 'transit gateway routes',
  'ec2.prefixListEntries': 'prefix list entries',
  'iam.authorizationDetails': 'policy documents',
  'organizations.path': 'SCP and RCP attachments',
  'bedrock.inferenceProfiles': 'inference profiles',
  'probe.dns': 'DNS answers',
  'probe.tls': 'TLS endpoints',
};

const FAILING = new Set<Finding['status']>(['fail', 'error']);

/** Stable identities of findings: check, resource, and the occurrence among equal ones. */
function keyed(findings: readonly Finding[]): Map<string, Finding> {
  const seen = new Map<string, number>();
  const result = new Map<string, Finding>();
  for (const finding of findings) {
    const base = [finding.checkId, finding.resource.type, finding.resource.id, finding.resource.account ?? '', finding.resource.region ?? ''].join('|');
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    result.set(`${base}#${occurrence}`, finding);
  }
  return result;
}

const ID_FIELDS = [
  'VpcId',
  'SubnetId',
  'RouteTableId',
  'GroupId',
  'NetworkAclId',
  'VpcEndpointId',
  'NetworkInterfaceId',
  'VpcPeeringConnectionId',
  'Id',
  'id',
  'arn',
  'Arn',
  'name',
  'Name',
  'RuleNumber',
  'DestinationCidrBlock',
];

/** Sorts lists of resources by their id so that listing order is not drift. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    const idField = ID_FIELDS.find((field) => items.every((item) => item && typeof item === 'object' && field in item));
    if (idField)
      return [...items].sort(
        (a, b) =>
          String((a as Record<string, unknown>)[idField]).localeCompare(String((b as Record<string, unknown>)[idField])) ||
          JSON.stringify(a).localeCompare(JSON.stringify(b)),
      );
    return items;
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, normalise((value as Record<string, unknown>)[key])]),
    );
  return value;
}

/** The part of a probe transcript that is state, not measurement (timings and clocks vary every run). */
function stateOf(kind: string, outcome: ObservationOutcome): unknown {
  if (!outcome.ok) return { failure: outcome.failure.reason };
  const data = outcome.data as Record<string, any>;
  if (kind === 'probe.dns') {
    const answers = (set: any) => ({
      rcode: set?.rcode,
      error: set?.error ? 'no answer' : undefined,
      data: (set?.answers ?? []).map((answer: any) => answer.data).sort(),
    });
    return { a: answers(data.a), aaaa: answers(data.aaaa) };
  }
  // The event history is activity, not configuration: drift compares where inference ran, not which calls were made.
  if (kind === 'cloudtrail.bedrockEvents')
    return { inferenceRegions: [...new Set((data.events ?? []).map((event: any) => event.inferenceRegion ?? '(none)'))].sort() };
  if (kind === 'probe.tls')
    return {
      stage: data.stage,
      error: data.error,
      protocol: data.protocol,
      certificate: data.certificate?.fingerprint256,
      hostnameValid: data.hostnameValid,
      httpStatus: data.httpStatus,
    };
  return data;
}

/** Differences between two JSON values, as paths (at most `limit`). */
export function diffPaths(
  before: unknown,
  after: unknown,
  path = '',
  limit = 20,
  out: ObservationChange['differences'] = [],
): ObservationChange['differences'] {
  if (out.length >= limit) return out;
  if (JSON.stringify(before) === JSON.stringify(after)) return out;
  const bothObjects = before && after && typeof before === 'object' && typeof after === 'object' && Array.isArray(before) === Array.isArray(after);
  if (!bothObjects) {
    out.push({ path: path || '(root)', before, after });
    return out;
  }
  const keys = [...new Set([...Object.keys(before as object), ...Object.keys(after as object)])];
  for (const key of keys)
    diffPaths(
      (before as Record<string, unknown>)[key],
      (after as Record<string, unknown>)[key],
      Array.isArray(before) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
      limit,
      out,
    );
  return out;
}

export interface RunSnapshot {
  findings: Finding[];
  observations?: Record<string, ObservationOutcome>;
}

/** Compares a baseline and a current run; `guards` maps observation keys to the guarded checks that read them. */
export function compareRuns(baseline: RunSnapshot, current: RunSnapshot, guards: ReadonlyMap<string, string[]> = new Map()): DriftReport {
  const before = keyed(baseline.findings);
  const after = keyed(current.findings);
  const change = (key: string, finding: Finding, from?: Finding, to?: Finding): FindingChange => ({
    key,
    checkId: finding.checkId,
    resource: finding.resource,
    before: from?.status,
    after: to?.status,
    message: finding.message,
  });
  const newFailures: FindingChange[] = [];
  const resolvedFailures: FindingChange[] = [];
  for (const [key, finding] of after) {
    const previous = before.get(key);
    if (FAILING.has(finding.status) && (!previous || !FAILING.has(previous.status))) newFailures.push(change(key, finding, previous, finding));
  }
  for (const [key, finding] of before) {
    const next = after.get(key);
    if (FAILING.has(finding.status) && (!next || !FAILING.has(next.status))) resolvedFailures.push(change(key, next ?? finding, finding, next));
  }
  const changedObservations: ObservationChange[] = [];
  const observationsCompared = baseline.observations !== undefined && current.observations !== undefined;
  if (observationsCompared) {
    const keys = [...new Set([...Object.keys(baseline.observations!), ...Object.keys(current.observations!)])].sort();
    for (const key of keys) {
      const kind = key.split('@')[0]!;
      if (kind.startsWith('target.') || kind.startsWith('run.')) continue;
      const old = baseline.observations![key];
      const now = current.observations![key];
      const oldState = old ? normalise(stateOf(kind, old)) : undefined;
      const nowState = now ? normalise(stateOf(kind, now)) : undefined;
      if (JSON.stringify(oldState) === JSON.stringify(nowState)) continue;
      changedObservations.push({
        key,
        kind,
        facet: FACETS[kind] ?? kind,
        change: !old ? 'added' : !now ? 'removed' : 'changed',
        differences: old && now ? diffPaths(oldState, nowState) : [],
        guardedBy: guards.get(key) ?? [],
      });
    }
  }
  const guarded = changedObservations.some((entry) => entry.guardedBy.length > 0);
  return { newFailures, resolvedFailures, changedObservations, observationsCompared, exitCode: newFailures.length > 0 || guarded ? 1 : 0 };
}
