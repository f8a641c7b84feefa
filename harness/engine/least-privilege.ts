/**
 * The least-privilege IAM policies a plan needs (`crisp policy`): the suites' check
 * instances → their round-1 requests and the requests their probes can derive →
 * the actions each kind's collector calls (model/permissions.ts) → one policy per
 * account role: a reader per account the suites name (GovCloud and commercial for
 * the proxy suite), the organization's management account, and any other account a
 * derived read may lead to. Data-plane calls (budgeted invocations, the audit-item
 * poll) are stated apart; so is the proxy probe, which uses no AWS credentials.
 */
import type { CheckInstance } from '../suite/loader.ts';
import { missingCapability, type TargetKind } from '../model/capabilities.ts';
import type { ObservationKind, ObservationRequest } from '../model/observations.ts';
import { partitionOf } from '../model/partition.ts';
import {
  actionsFor,
  grantsFor,
  IDENTITY_ACTION,
  KIND_PERMISSIONS,
  type KindAction,
  type KindPermissions,
  type PolicyCondition,
  type ResourceGrant,
} from '../model/permissions.ts';

/** Where a derived request is asked, relative to the instance that derives it. */
export interface DerivedKind {
  kind: ObservationKind;
  /**
   * Asked in the accounts and Regions of the instance's own round-1 requests of these
   * kinds (`ec2.*` matches every EC2 kind).
   */
  like?: readonly string[];
  /** Asked where the parameters say (when no round-1 request of the instance is there). */
  where?: (params: any) => { account: string; region: string }[];
  /** Arguments known from the parameters before anything is observed. */
  args?: (params: any) => Record<string, string>;
  /** May also be asked of an account the estate leads to (a zone's, a transit gateway's, a Resolver rule's owner). */
  anyAccount?: true;
  /** Derived only on these target kinds. */
  onlyOn?: readonly TargetKind[];
}

const TRANSIT: DerivedKind[] = [
  { kind: 'ec2.prefixListEntries', like: ['ec2.*'] },
  { kind: 'ec2.transitGatewayAttachments', like: ['ec2.*'], anyAccount: true },
  { kind: 'ec2.transitGatewayPeeringAttachments', like: ['ec2.*'], anyAccount: true },
  { kind: 'ec2.transitGatewayRoutes', like: ['ec2.*'], anyAccount: true },
];
/** Security-group references are resolved through either side's groups and interfaces. */
const REFERENCES: DerivedKind[] = [
  { kind: 'ec2.prefixListEntries', like: ['ec2.*'] },
  { kind: 'ec2.securityGroups', like: ['ec2.*'] },
  { kind: 'ec2.networkInterfaces', like: ['ec2.*'] },
];

/**
 * What each check's probes() can ask, by check id. Kept true by test/least-privilege.test.ts,
 * which derives every request of fixture estates (transit gateways, prefix lists, foreign
 * zones, customer keys) and of a lab run and finds each one here.
 */
export const DERIVED_REQUESTS: Readonly<Record<string, readonly DerivedKind[]>> = {
  'network.app-routes-to-endpoints': TRANSIT,
  'network.endpoint-routes-to-app': TRANSIT,
  'network.static-path': [...TRANSIT, ...REFERENCES],
  'network.endpoint-sg-admits-app': REFERENCES,
  'network.endpoint-policy-allows-bedrock': [
    { kind: 'organizations.membership', where: (scope) => [{ account: scope.app.account, region: scope.app.region }] },
  ],
  'network.private-zone-per-service': [{ kind: 'route53.zoneVpcs', like: ['route53.hostedZones'] }],
  'network.zone-alias-to-endpoint': [
    { kind: 'route53.zoneVpcs', like: ['route53.hostedZones'] },
    { kind: 'route53.zoneRecords', like: ['route53.*'], anyAccount: true },
  ],
  'dns.resolver-rules-do-not-shadow': [
    { kind: 'route53profiles.resources', like: ['route53profiles.vpcAssociations'] },
    { kind: 'route53resolver.rules', like: ['route53resolver.*'], anyAccount: true },
  ],
  'dns.private-resolution': [{ kind: 'probe.dns', like: ['target.dataPlane'] }],
  'tls.endpoint-reachability': [{ kind: 'probe.tls', like: ['target.dataPlane'] }],
  'coherence.source-region': [{ kind: 'probe.dns', like: ['target.dataPlane'] }],
  'iam.profile-only-invocation': [{ kind: 'iam.simulation', like: ['iam.authorizationDetails'], onlyOn: ['aws'] }],
  'residency.cloudtrail-records-bedrock': [{ kind: 's3.bucketRegion', like: ['cloudtrail.trails'] }],
  'residency.invocation-logging': [
    { kind: 'logs.logGroup', like: ['bedrock.invocationLogging'] },
    { kind: 's3.bucketRegion', like: ['bedrock.invocationLogging'] },
  ],
  'proxy.audit-table-protected': [{ kind: 'kms.key', like: ['dynamodb.table'] }],
  'proxy.secret-protected': [{ kind: 'kms.key', like: ['secretsmanager.secret'] }],
  'proxy.kms-keys-hygiene': [{ kind: 'kms.key', like: ['secretsmanager.secret', 'dynamodb.table'] }],
  'proxy.live-invoke-audited': [
    { kind: 'probe.auditItem', like: ['probe.http'], args: (scope) => ({ tableName: scope.auditTable, attribute: scope.auditRequestIdAttribute }) },
  ],
};

const matchesKind = (patterns: readonly string[], kind: string) =>
  patterns.some((pattern) => (pattern.endsWith('*') ? kind.startsWith(pattern.slice(0, -1)) : kind === pattern));

/** Where an instance's derived request of one entry may be asked: account and Region pairs. */
export function derivedPlaces(entry: DerivedKind, instance: CheckInstance, needs: readonly ObservationRequest[]): { account: string; region: string }[] {
  const places = [
    ...(entry.like ? needs.filter((request) => matchesKind(entry.like!, request.kind)).map(({ account, region }) => ({ account, region })) : []),
    ...(entry.where ? entry.where(instance.params) : []),
  ];
  const seen = new Set<string>();
  return places.filter((place) => !seen.has(`${place.account}/${place.region}`) && seen.add(`${place.account}/${place.region}`));
}

/** One request a plan may make: known (round 1) or derived, with where else it may go. */
export interface PlannedRequest {
  request: ObservationRequest;
  suite: string;
  checkId: string;
  derived: boolean;
  /** Also asked of accounts the estate leads to. */
  anyAccount: boolean;
}

/** Every request the instances may make on a target kind: round 1 as planned, later rounds by kind and place. */
export function plannedRequests(instances: readonly CheckInstance[], targetKind: TargetKind): PlannedRequest[] {
  const planned: PlannedRequest[] = [];
  for (const instance of instances) {
    const { check } = instance;
    // A check the target cannot judge asks for nothing (engine/engine.ts).
    if ((check.requires ?? []).some((capability) => missingCapability(targetKind, capability))) continue;
    const needs = check.needs(instance.params);
    for (const request of needs) planned.push({ request, suite: instance.suite, checkId: check.id, derived: false, anyAccount: false });
    for (const entry of DERIVED_REQUESTS[check.id] ?? []) {
      if (entry.onlyOn && !entry.onlyOn.includes(targetKind)) continue;
      const args = entry.args?.(instance.params);
      for (const place of derivedPlaces(entry, instance, needs)) {
        planned.push({
          request: { kind: entry.kind, ...place, ...(args ? { args } : {}) },
          suite: instance.suite,
          checkId: check.id,
          derived: true,
          anyAccount: entry.anyAccount === true,
        });
      }
    }
  }
  return planned;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** One role crisp runs as, with the policy it needs. */
export interface RolePolicy {
  role: string;
  partition: string;
  /** The account, when the suites name it; the management and linked roles name none. */
  account?: string;
  description: string;
  /** The suites whose checks read through this role. */
  suites: string[];
  /** Read-only control-plane actions, sts:GetCallerIdentity first. */
  policy: PolicyDocument;
  /** Data-plane calls the suites make with this role's credentials (budgeted invocations, the audit-item poll). */
  dataPlane?: { policy: PolicyDocument; calls: string[] };
  /** Calls made without AWS credentials (the live proxy probe). */
  unsignedCalls?: string[];
}

export interface LeastPrivilege {
  targetKind: TargetKind;
  roles: RolePolicy[];
  notes: string[];
}

type RoleKind = 'reader' | 'govcloud' | 'commercial' | 'management' | 'linked';

interface RoleDraft {
  kind: RoleKind;
  partition: string;
  account?: string;
  suites: Set<string>;
  /** Accounts whose organizations this management role serves. */
  members: Set<string>;
  read: Map<string, ResourceGrant[]>;
  dataPlane: Map<string, ResourceGrant[]>;
  dataPlaneCalls: Set<string>;
  unsignedCalls: Set<string>;
}

const PARTITION_SUFFIX = (partition: string) => (partition === 'aws' ? '' : `-${partition === 'aws-us-gov' ? 'govcloud' : partition}`);

function grant(into: Map<string, ResourceGrant[]>, action: string, grants: ResourceGrant[]): void {
  into.set(action, [...(into.get(action) ?? []), ...grants]);
}

/**
 * Resources of one action, merged: unconditioned resources into one list (`*` absorbs them
 * all, and every conditioned grant); conditioned grants on the same resources whose
 * conditions test the same keys, into one grant with the values of all.
 */
function mergeGrants(grants: readonly ResourceGrant[]): ResourceGrant[] {
  const plain = new Set<string>();
  const conditioned = new Map<string, { resources: string[]; condition: PolicyCondition }>();
  for (const one of grants) {
    if (!one.condition) {
      for (const resource of one.resources) plain.add(resource);
      continue;
    }
    const resources = [...new Set(one.resources)].sort();
    const shape = Object.keys(one.condition)
      .sort()
      .map((operator) => `${operator}:${Object.keys(one.condition![operator]!).sort().join(',')}`)
      .join(';');
    const key = `${JSON.stringify(resources)}|${shape}`;
    const entry = conditioned.get(key);
    if (!entry) {
      conditioned.set(key, { resources, condition: sortedCondition(one.condition) });
      continue;
    }
    for (const [operator, tests] of Object.entries(one.condition)) {
      for (const [name, value] of Object.entries(tests)) {
        const before = entry.condition[operator]![name]!;
        entry.condition[operator]![name] = [...(Array.isArray(before) ? before : [before]), ...(Array.isArray(value) ? value : [value])];
      }
    }
    entry.condition = sortedCondition(entry.condition);
  }
  if (plain.has('*')) return [{ resources: ['*'] }];
  return [
    ...(plain.size > 0 ? [{ resources: [...plain].sort() }] : []),
    ...[...conditioned.values()].map(({ resources, condition }) => ({ resources, condition })),
  ];
}

/** A condition with its value lists sorted and merged keys in order, so equal conditions compare equal. */
function sortedCondition(condition: PolicyCondition): PolicyCondition {
  return Object.fromEntries(
    Object.keys(condition)
      .sort()
      .map((operator) => [
        operator,
        Object.fromEntries(
          Object.keys(condition[operator]!)
            .sort()
            .map((key) => {
              const value = condition[operator]![key]!;
              if (!Array.isArray(value)) return [key, value];
              const values = [...new Set(value)].sort();
              return [key, values.length === 1 ? values[0]! : values];
            }),
        ),
      ]),
  );
}

const capitalised = (service: string) => service.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (first) => first.toUpperCase());

/** Statements from per-action grants: actions sharing a service, resources and condition share a statement; stable order. */
export function statementsOf(grants: ReadonlyMap<string, readonly ResourceGrant[]>, verb: string): PolicyStatement[] {
  const groups = new Map<string, { service: string; actions: Set<string>; resources: string[]; condition?: PolicyCondition }>();
  for (const [action, raw] of grants) {
    const service = action.split(':')[0]!;
    for (const merged of mergeGrants(raw)) {
      const key = `${service}|${JSON.stringify(merged.resources)}|${JSON.stringify(merged.condition ?? null)}`;
      const group = groups.get(key) ?? {
        service,
        actions: new Set<string>(),
        resources: merged.resources,
        ...(merged.condition ? { condition: merged.condition } : {}),
      };
      group.actions.add(action);
      groups.set(key, group);
    }
  }
  const sorted = [...groups.values()]
    .map((group) => ({ ...group, actions: [...group.actions].sort() }))
    .sort(
      (a, b) =>
        a.service.localeCompare(b.service) ||
        Number(a.condition !== undefined) - Number(b.condition !== undefined) ||
        a.actions.join().localeCompare(b.actions.join()) ||
        a.resources.join().localeCompare(b.resources.join()),
    );
  const used = new Set<string>();
  return sorted.map((group) => {
    // The first statement of a service is named after it; the others after their first action too.
    let sid = `${verb}${capitalised(group.service)}`;
    if (used.has(sid)) sid += group.actions[0]!.split(':')[1]!.replace(/[^A-Za-z0-9]/g, '');
    for (let count = 2; used.has(sid); count += 1) sid = `${sid.replace(/\d+$/, '')}${count}`;
    used.add(sid);
    return {
      Sid: sid,
      Effect: 'Allow' as const,
      Action: group.actions,
      Resource: group.resources.length === 1 && group.resources[0] === '*' ? '*' : group.resources,
      ...(group.condition ? { Condition: group.condition } : {}),
    };
  });
}

function documentOf(statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

const IDENTITY_STATEMENT: PolicyStatement = { Sid: 'Identity', Effect: 'Allow', Action: [IDENTITY_ACTION.action], Resource: '*' };

/** What one data-plane request does, in words. */
function dataPlaneCall(entry: KindAction, request: ObservationRequest): string {
  const args = request.args ?? {};
  if (request.kind === 'probe.converse') {
    const calls = Number(args.warmup ?? 0) + Number(args.samples ?? 0);
    return `${entry.action}: ${Number.isFinite(calls) && calls > 0 ? `${calls} ` : ''}${entry.operations.join('/')} calls to ${args.profileId ?? 'the profile'} in ${request.region} (the latency budget's plan, warm-up included)`;
  }
  return `${entry.action}: ${entry.when ?? entry.operations.join('/')}${args.tableName ? ` (${args.tableName} in ${request.region})` : ''}`;
}

/**
 * The least-privilege policies of a plan. Roles: one per account the suites name (its
 * partition's ARNs), one per partition for the organization's management account, and
 * one per partition for any other account a derived read may reach.
 */
export function leastPrivilege(instances: readonly CheckInstance[], targetKind: TargetKind): LeastPrivilege {
  const planned = plannedRequests(instances, targetKind);
  const roles = new Map<string, RoleDraft>();
  const roleFor = (kind: RoleKind, partition: string, account?: string): RoleDraft => {
    const key = `${kind === 'management' || kind === 'linked' ? kind : 'account'}|${partition}|${account ?? ''}`;
    let role = roles.get(key);
    if (!role) {
      role = {
        kind,
        partition,
        ...(account ? { account } : {}),
        suites: new Set(),
        members: new Set(),
        read: new Map(),
        dataPlane: new Map(),
        dataPlaneCalls: new Set(),
        unsignedCalls: new Set(),
      };
      roles.set(key, role);
    }
    return role;
  };
  // Which partitions each suite reads: a suite reading two is cross-partition, and its aws side is the commercial one.
  const partitionsOfSuite = new Map<string, Set<string>>();
  for (const entry of planned) {
    if (KIND_PERMISSIONS[entry.request.kind].actions.length === 0) continue;
    const set = partitionsOfSuite.get(entry.suite) ?? new Set<string>();
    set.add(partitionOf(entry.request.region));
    partitionsOfSuite.set(entry.suite, set);
  }
  const linkedGrants: { partition: string; entry: KindAction; suite: string }[] = [];

  for (const { request, suite, anyAccount, derived } of planned) {
    const permissions: KindPermissions = KIND_PERMISSIONS[request.kind];
    const partition = partitionOf(request.region);
    if (permissions.actions.length === 0 && !permissions.unsignedCall) continue;
    const own = roleFor(partition === 'aws-us-gov' ? 'govcloud' : 'reader', partition, request.account);
    own.suites.add(suite);
    if (permissions.unsignedCall) own.unsignedCalls.add(permissions.unsignedCall);
    for (const entry of actionsFor(request.kind, derived ? undefined : request.args)) {
      // The owner a derived read leads to may sit in any Region of the path.
      const region = anyAccount ? '*' : request.region;
      const at = { partition, region, account: request.account, ...(request.args ? { args: request.args } : {}) };
      if (entry.account === 'management') {
        const management = roleFor('management', partition);
        management.suites.add(suite);
        management.members.add(request.account);
        grant(management.read, entry.action, grantsFor(entry, { ...at, account: '*' }));
        continue;
      }
      if (entry.dataPlane) {
        grant(own.dataPlane, entry.action, grantsFor(entry, at));
        own.dataPlaneCalls.add(dataPlaneCall(entry, request));
        continue;
      }
      grant(own.read, entry.action, grantsFor(entry, at));
      if (anyAccount) linkedGrants.push({ partition, entry, suite });
    }
  }
  // A read that may reach an account the estate leads to (a zone's, a gateway's, a rule's owner): granted where the
  // suite asks it, and in a role of its own for an account no suite names (which must then be configured too).
  for (const { partition, entry, suite } of linkedGrants) {
    const linked = roleFor('linked', partition);
    linked.suites.add(suite);
    grant(linked.read, entry.action, grantsFor(entry, { partition, region: '*', account: '*' }));
  }

  const crossPartition = (suite: string) => (partitionsOfSuite.get(suite)?.size ?? 0) > 1;
  const drafts = [...roles.values()].map((role) => {
    const commercial = role.kind === 'reader' && role.partition === 'aws' && role.suites.size > 0 && [...role.suites].every(crossPartition);
    return { ...role, kind: commercial ? ('commercial' as const) : role.kind };
  });
  const order: Record<RoleKind, number> = { reader: 0, commercial: 1, govcloud: 2, management: 3, linked: 4 };
  drafts.sort((a, b) => order[a.kind] - order[b.kind] || a.partition.localeCompare(b.partition) || (a.account ?? '').localeCompare(b.account ?? ''));

  const result: RolePolicy[] = drafts
    .filter((role) => role.read.size + role.dataPlane.size + role.unsignedCalls.size > 0)
    .map((role) => {
      const suites = [...role.suites].sort();
      const name =
        role.kind === 'management'
          ? `organizations-management${PARTITION_SUFFIX(role.partition)}`
          : role.kind === 'linked'
            ? `linked-accounts${PARTITION_SUFFIX(role.partition)}`
            : `${role.kind}-${role.account}`;
      const description =
        role.kind === 'management'
          ? `the ${role.partition} organization's management account (found with DescribeOrganization) of ${[...role.members].sort().join(', ')}: the SCPs and RCPs on each account's path`
          : role.kind === 'linked'
            ? `any other ${role.partition} account a derived read reaches (a transit gateway's, a private zone's or a Resolver rule's owner): list it under accounts: as well, and where that owner is one of the accounts above, add these actions to its role`
            : `account ${role.account} (${role.partition})${role.kind === 'govcloud' ? ', GovCloud side of the proxy' : role.kind === 'commercial' ? ', commercial side of the proxy' : ''}`;
      const dataPlane =
        role.dataPlane.size > 0 ? { policy: documentOf(statementsOf(role.dataPlane, 'DataPlane')), calls: [...role.dataPlaneCalls].sort() } : undefined;
      return {
        role: name,
        partition: role.partition,
        ...(role.account ? { account: role.account } : {}),
        description,
        suites,
        policy: documentOf([IDENTITY_STATEMENT, ...statementsOf(role.read, 'Read')]),
        ...(dataPlane ? { dataPlane } : {}),
        ...(role.unsignedCalls.size > 0 ? { unsignedCalls: [...role.unsignedCalls].sort() } : {}),
      };
    });
  const notes = [
    'Every action in a policy is a read (List, Describe, Get, Search, Lookup, apigateway:GET, iam:SimulatePrincipalPolicy): none can change the estate.',
    'crisp asks sts:GetCallerIdentity in every account first; it needs no permission unless a policy denies it.',
    'A role named with roleArn is assumed from the base credentials: they need sts:AssumeRole on it, and its trust policy must admit them.',
    ...(result.some((role) => role.role.startsWith('organizations-management'))
      ? ["The management account is found at run time: if it is also one of the accounts above, give that account's one role both policies."]
      : []),
    ...(result.some((role) => role.dataPlane)
      ? [
          'dataPlane policies grant calls that are not reads of the estate (budgeted model invocations, the audit-item poll): attach them only where those suites run.',
        ]
      : []),
  ];
  return { targetKind, roles: result, notes };
}

/** Every action a role's documents grant (read and data plane). */
export function actionsOfRole(role: RolePolicy): string[] {
  const of = (document: PolicyDocument | undefined) => (document?.Statement ?? []).flatMap((statement) => statement.Action);
  return [...new Set([...of(role.policy), ...of(role.dataPlane?.policy)])].sort();
}

/**
 * README's permission list: every action crisp can call, from the same table — the readers'
 * actions, the management account's, and the data-plane calls, one line per service.
 */
export function renderPermissionList(): string {
  const reader = new Set<string>();
  const management = new Set<string>();
  const dataPlane = new Set<string>();
  for (const permissions of Object.values(KIND_PERMISSIONS) as KindPermissions[]) {
    for (const entry of permissions.actions) (entry.account === 'management' ? management : entry.dataPlane ? dataPlane : reader).add(entry.action);
  }
  const lines = (actions: Set<string>) => {
    const byService = new Map<string, string[]>();
    for (const action of [...actions].sort()) {
      const service = action.split(':')[0]!;
      byService.set(service, [...(byService.get(service) ?? []), action]);
    }
    // One line per service, wrapped before 110 characters.
    return [...byService.values()].flatMap((list) => {
      const wrapped: string[] = [];
      for (const action of list) {
        const last = wrapped.length - 1;
        if (last >= 0 && wrapped[last]!.length + 2 + action.length <= 110) wrapped[last] += `  ${action}`;
        else wrapped.push(action);
      }
      return wrapped;
    });
  };
  return [
    '```',
    '# every account a suite names (crisp policy prints the subset your suites need)',
    IDENTITY_ACTION.action,
    ...lines(reader),
    "# the organization's management account (the SCPs and RCPs on each account's path)",
    ...lines(management),
    '# data plane, only where a suite makes the call: budgeted latency samples, the live proxy check’s audit item',
    ...lines(dataPlane),
    '```',
  ].join('\n');
}
