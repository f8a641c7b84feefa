/**
 * `crisp policy`'s planning (harness/engine/least-privilege.ts): the table of what each
 * check's probes can ask stays true — every request derived from fixture estates that
 * exercise the derived rounds (transit gateways, prefix lists, security-group references,
 * zones of another account, Route 53 Profiles delivering another account's rules,
 * customer-managed keys, the live proxy call) is granted by the role of the account it is
 * asked of, on its own resources — and the policies of the reference suites have the
 * shape the product promises (reads only, GovCloud ARNs for the GovCloud role, the
 * management account apart, data-plane calls apart, stable order).
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALL_CHECKS, checkCatalog } from '../harness/checks/registry.ts';
import type { AnyCheck } from '../harness/checks/define.ts';
import { probeRequestsOf } from '../harness/engine/engine.ts';
import { actionsOfRole, DERIVED_REQUESTS, leastPrivilege, type LeastPrivilege, type RolePolicy } from '../harness/engine/least-privilege.ts';
import { missingCapability, type TargetKind } from '../harness/model/capabilities.ts';
import { observationKey, Observations, type ObservationRequest } from '../harness/model/observations.ts';
import { partitionOf } from '../harness/model/partition.ts';
import { actionsFor, grantsFor, KIND_PERMISSIONS } from '../harness/model/permissions.ts';
import { expandSuitePaths, loadSuite, type CheckInstance } from '../harness/suite/loader.ts';
import { observe, proxyScope } from '../harness/checks/proxy/proxy-fixture.ts';
import { APP, cleanEstate, ENDPOINT, NETWORK_PARAMS, observationsOf, withTransitPath, type EstateData } from './support/estate-fixture.ts';
import { ROOT } from './support/cli.ts';
import { REFERENCE_VARS } from './support/reference-vars.ts';

async function referenceInstances(vars: Record<string, unknown> = REFERENCE_VARS): Promise<CheckInstance[]> {
  const catalog = checkCatalog();
  const suites = await Promise.all((await expandSuitePaths([join(ROOT, 'suites')])).map((file) => loadSuite(file, vars, catalog)));
  return suites.flatMap((suite) => suite.checks);
}

const instanceOf = (check: AnyCheck, params: unknown): CheckInstance => ({
  check,
  params: check.params.parse(params),
  guard: false,
  suite: 'fixture',
  location: { file: 'fixture' },
});

/** `*` and `?` of an IAM pattern against a concrete value. */
const globMatches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\/]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

function allows(role: RolePolicy, action: string, resource: string): boolean {
  return [...role.policy.Statement, ...(role.dataPlane?.policy.Statement ?? [])].some(
    (statement) =>
      statement.Action.includes(action) && (statement.Resource === '*' || (statement.Resource as string[]).some((pattern) => globMatches(pattern, resource))),
  );
}

/** What the plan lacks for one request: each action on each of the request's own resources, in the role that makes the call. */
function missingFor(plan: LeastPrivilege, request: ObservationRequest): string[] {
  const partition = partitionOf(request.region);
  const missing: string[] = [];
  for (const entry of actionsFor(request.kind, request.args)) {
    const candidates =
      entry.account === 'management'
        ? plan.roles.filter((role) => role.role.startsWith('organizations-management') && role.partition === partition)
        : plan.roles.filter((role) => role.partition === partition && (role.account === request.account || role.role.startsWith('linked-accounts')));
    const at = { partition, region: request.region, account: request.account, ...(request.args ? { args: request.args } : {}) };
    for (const resource of grantsFor(entry, at).flatMap((grant) => grant.resources)) {
      if (!candidates.some((role) => allows(role, entry.action, resource))) missing.push(`${entry.action} on ${resource} for ${observationKey(request)}`);
    }
  }
  return missing;
}

/**
 * Every request an instance makes against a fixture, round by round as the engine asks them:
 * round 1, then what its probes derive from what is observed so far (answered from the
 * fixture), until nothing new is asked.
 */
function requestsOf(instance: CheckInstance, fixture: Observations): ObservationRequest[] {
  const seen = new Observations();
  const asked: ObservationRequest[] = [];
  const answer = (requests: readonly ObservationRequest[]) => {
    for (const request of requests) {
      if (seen.has(request)) continue;
      asked.push(request);
      const outcome = fixture.attempt(request);
      seen.set(request, 'data' in outcome ? { ok: true, data: outcome.data } : { ok: false, failure: outcome.failure });
    }
  };
  answer(instance.check.needs(instance.params));
  for (let round = 0; round < 6; round += 1) {
    const next = probeRequestsOf(instance, seen).filter((request) => !seen.has(request));
    if (next.length === 0) break;
    answer(next);
  }
  return asked;
}
const derivedOf = (instance: CheckInstance, fixture: Observations) => {
  const needs = new Set(instance.check.needs(instance.params).map(observationKey));
  return requestsOf(instance, fixture).filter((request) => !needs.has(observationKey(request)));
};

describe('the table of derived requests', () => {
  test('names only checks that exist, and every check that derives requests', () => {
    const ids = ALL_CHECKS.map((check) => check.id);
    expect(Object.keys(DERIVED_REQUESTS).filter((id) => !ids.includes(id))).toEqual([]);
    expect(ALL_CHECKS.filter((check) => check.probes && !(check.id in DERIVED_REQUESTS)).map((check) => check.id)).toEqual([]);
  });

  /** Network estates that make every derived network read happen. */
  function networkEstates(): [string, EstateData][] {
    const prefixLists = cleanEstate();
    const group = prefixLists.endpoint.securityGroups[0]!;
    group.IpPermissions = [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-0app' }] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-0a0a0a0a0a0a0a0a0', UserId: APP.account }] },
    ];
    for (const table of prefixLists.app.routeTables)
      table.Routes = [...(table.Routes ?? []), { DestinationPrefixListId: 'pl-0hub', VpcPeeringConnectionId: 'pcx-0c0c0c0c0c0c0c0c0' }];
    const foreignZones = cleanEstate();
    foreignZones.hostedZones[ENDPOINT.account] = foreignZones.hostedZones[APP.account]!;
    foreignZones.hostedZones[APP.account] = [];
    foreignZones.vpcZones = foreignZones.vpcZones.map((zone) => ({ ...zone, owningAccount: '999999999999' }));
    for (const record of Object.values(foreignZones.zoneRecords)) record.owner = '999999999999';
    return [
      ['the peered estate', cleanEstate()],
      ['a transit gateway path', withTransitPath(cleanEstate())],
      ['prefix lists and a security-group reference', prefixLists],
      ['zones of the endpoint account, records owned elsewhere', foreignZones],
    ];
  }

  test.each(networkEstates())('network, DNS and TLS checks on %s: every derived request is granted', (_name, data) => {
    const observations = observationsOf(data, [
      [
        { kind: 'route53profiles.vpcAssociations', account: APP.account, region: APP.region, args: { vpcId: APP.vpcId } },
        { ok: true, data: [{ id: 'rpassoc-1', profileId: 'rp-1', vpcId: APP.vpcId, status: 'COMPLETE', ownerId: '888888888888' }] },
      ],
      [
        { kind: 'route53profiles.resources', account: APP.account, region: APP.region, args: { profileId: 'rp-1' } },
        {
          ok: true,
          data: [
            {
              profileId: 'rp-1',
              resourceArn: 'arn:aws:route53resolver:ap-southeast-6:888888888888:resolver-rule/rslvr-rr-1',
              resourceType: 'FORWARD_RULE',
              status: 'COMPLETE',
            },
          ],
        },
      ],
    ]);
    const instances = ALL_CHECKS.filter((check) => /^(network|dns|tls)\./.test(check.id)).map((check) => instanceOf(check, NETWORK_PARAMS));
    for (const targetKind of ['aws', 'moto'] as TargetKind[]) {
      // A check needing what the target lacks asks nothing there (engine/engine.ts).
      const judged = instances.filter((instance) => !(instance.check.requires ?? []).some((capability) => missingCapability(targetKind, capability)));
      const plan = leastPrivilege(judged, targetKind);
      const derived = judged.flatMap((instance) => derivedOf(instance, observations));
      expect(derived.length).toBeGreaterThan(0);
      expect(judged.flatMap((instance) => requestsOf(instance, observations)).flatMap((request) => missingFor(plan, request))).toEqual([]);
    }
  });

  test('the derived rounds of the fixtures reach every derived network kind', () => {
    const kinds = new Set<string>();
    for (const [, data] of networkEstates()) {
      const observations = observationsOf(data);
      for (const check of ALL_CHECKS.filter((candidate) => /^(network|dns|tls)\./.test(candidate.id)))
        for (const request of derivedOf(instanceOf(check, NETWORK_PARAMS), observations)) kinds.add(request.kind);
    }
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'ec2.networkInterfaces',
        'ec2.prefixListEntries',
        'ec2.securityGroups',
        'ec2.transitGatewayAttachments',
        'ec2.transitGatewayPeeringAttachments',
        'ec2.transitGatewayRoutes',
        'route53.zoneRecords',
        'route53.zoneVpcs',
      ]),
    );
  });

  test('proxy checks on the proxy fixture (customer-managed keys, the live call): every derived request is granted', () => {
    const scope = proxyScope();
    const observations = observe(scope);
    const instances = ALL_CHECKS.filter((check) => check.id.startsWith('proxy.')).map((check) => instanceOf(check, scope));
    const plan = leastPrivilege(instances, 'aws');
    const derived = instances.flatMap((instance) => derivedOf(instance, observations));
    expect(new Set(derived.map((request) => request.kind))).toEqual(new Set(['kms.key', 'probe.auditItem']));
    expect(instances.flatMap((instance) => requestsOf(instance, observations)).flatMap((request) => missingFor(plan, request))).toEqual([]);
  });
});

describe('the policies of the reference suites', () => {
  test('one role per account, the management account and linked accounts apart, in a stable order', async () => {
    const plan = leastPrivilege(await referenceInstances(), 'aws');
    expect(plan.roles.map((role) => role.role)).toEqual([
      'reader-111111111111',
      'reader-222222222222',
      'reader-333333333333',
      'commercial-555555555555',
      'govcloud-444444444444',
      'organizations-management',
      'organizations-management-govcloud',
      'linked-accounts',
    ]);
    // Planned from the same instances in any order, the output is the same.
    const reversed = leastPrivilege([...(await referenceInstances())].reverse(), 'aws');
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(plan));
  });

  test('reads only, sts:GetCallerIdentity first in every role, every action from the action map', async () => {
    const plan = leastPrivilege(await referenceInstances(), 'aws');
    const known = new Set(Object.values(KIND_PERMISSIONS).flatMap((kind) => kind.actions.map((entry) => entry.action)));
    for (const role of plan.roles) {
      expect(role.policy.Statement[0]).toEqual({ Sid: 'Identity', Effect: 'Allow', Action: ['sts:GetCallerIdentity'], Resource: '*' });
      for (const action of role.policy.Statement.slice(1).flatMap((statement) => statement.Action)) {
        expect(known.has(action), action).toBe(true);
        expect(action).toMatch(/^[a-z0-9-]+:(List|Describe|Get|Search|Lookup|SimulatePrincipalPolicy$|GET$)/);
      }
      expect(new Set(role.policy.Statement.map((statement) => statement.Sid)).size).toBe(role.policy.Statement.length);
      for (const statement of [...role.policy.Statement, ...(role.dataPlane?.policy.Statement ?? [])]) expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
    }
  });

  test('the GovCloud role is scoped with arn:aws-us-gov ARNs; the commercial role reads the credential user only', async () => {
    const plan = leastPrivilege(await referenceInstances(), 'aws');
    const gov = plan.roles.find((role) => role.role === 'govcloud-444444444444')!;
    const resources = gov.policy.Statement.flatMap((statement) => (statement.Resource === '*' ? [] : statement.Resource));
    expect(resources.length).toBeGreaterThan(5);
    for (const resource of resources) expect(resource).toMatch(/^arn:aws-us-gov:/);
    expect(resources).toEqual(
      expect.arrayContaining([
        'arn:aws-us-gov:apigateway:us-gov-west-1::/restapis/a1b2c3d4e5',
        'arn:aws-us-gov:lambda:us-gov-west-1:444444444444:function:bedrock-proxy',
        'arn:aws-us-gov:secretsmanager:us-gov-west-1:444444444444:secret:bedrock-proxy/commercial-credential-??????',
        'arn:aws-us-gov:dynamodb:us-gov-west-1:444444444444:table/bedrock-proxy-audit',
        'arn:aws-us-gov:kms:us-gov-west-1:444444444444:key/*',
      ]),
    );
    expect(gov.dataPlane?.policy.Statement).toEqual([
      {
        Sid: 'DataPlaneDynamodb',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem'],
        Resource: ['arn:aws-us-gov:dynamodb:us-gov-west-1:444444444444:table/bedrock-proxy-audit'],
      },
    ]);
    expect(gov.unsignedCalls?.[0]).toMatch(/CRISP_PROXY_API_KEY \(no AWS credentials\)/);
    const commercial = plan.roles.find((role) => role.role === 'commercial-555555555555')!;
    expect(actionsOfRole(commercial)).toEqual([
      'iam:GetAccountAuthorizationDetails',
      'iam:ListAccessKeys',
      'iam:ListServiceSpecificCredentials',
      'organizations:DescribeOrganization',
      'sts:GetCallerIdentity',
    ]);
  });

  test('the management account holds only the path reads; the latency samples are data plane, through the profile only', async () => {
    const plan = leastPrivilege(await referenceInstances(), 'aws');
    expect(actionsOfRole(plan.roles.find((role) => role.role === 'organizations-management')!)).toEqual([
      'organizations:DescribePolicy',
      'organizations:ListParents',
      'organizations:ListPoliciesForTarget',
      'sts:GetCallerIdentity',
    ]);
    const workload = plan.roles.find((role) => role.role === 'reader-333333333333')!;
    expect(actionsOfRole(workload).filter((action) => action.startsWith('bedrock:Invoke'))).toEqual(['bedrock:InvokeModelWithResponseStream']);
    expect(workload.policy.Statement.flatMap((statement) => statement.Action)).not.toContain('bedrock:InvokeModelWithResponseStream');
    const profile = (id: string) => `arn:aws:bedrock:ap-southeast-2:333333333333:inference-profile/${id}`;
    expect(workload.dataPlane!.policy.Statement).toEqual([
      {
        Sid: 'DataPlaneBedrock',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModelWithResponseStream'],
        Resource: [profile('au.anthropic.claude-sonnet-4-5-20250929-v1:0'), profile('global.anthropic.claude-sonnet-4-5-20250929-v1:0')],
      },
      {
        Sid: 'DataPlaneBedrockInvokeModelWithResponseStream',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModelWithResponseStream'],
        Resource: ['arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'],
        Condition: {
          StringEquals: {
            'bedrock:InferenceProfileArn': [
              profile('au.anthropic.claude-sonnet-4-5-20250929-v1:0'),
              profile('global.anthropic.claude-sonnet-4-5-20250929-v1:0'),
            ],
          },
        },
      },
    ]);
    // 3 warm-up + 20 samples per profile, as the budget guard plans them.
    expect(workload.dataPlane!.calls).toEqual([
      expect.stringMatching(/^bedrock:InvokeModelWithResponseStream: 23 ConverseStream calls to au\./),
      expect.stringMatching(/^bedrock:InvokeModelWithResponseStream: 23 ConverseStream calls to global\./),
    ]);
  });

  test('iam:SimulatePrincipalPolicy only on aws targets; checks the target cannot judge ask for nothing', async () => {
    const instances = await referenceInstances();
    const onAws = leastPrivilege(instances, 'aws').roles.flatMap(actionsOfRole);
    const onMoto = leastPrivilege(instances, 'moto').roles.flatMap(actionsOfRole);
    expect(onAws).toContain('iam:SimulatePrincipalPolicy');
    expect(onMoto).not.toContain('iam:SimulatePrincipalPolicy');
  });

  test('an over-budget latency suite sends nothing, so its role is granted no invocation', async () => {
    const plan = leastPrivilege(await referenceInstances({ ...REFERENCE_VARS, budget: 1 }), 'aws');
    expect(plan.roles.flatMap(actionsOfRole)).not.toContain('bedrock:InvokeModelWithResponseStream');
  });
});
