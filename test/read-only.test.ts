/**
 * Read-only, least privilege, proven on moto with IAM enforced (POST /moto-api/reset-auth
 * with body `0`: every request is then signed with a moto IAM key and checked against its
 * owner's policies).
 *
 * One IAM user per account a role of `crisp policy` names, holding only that role's
 * policy, runs every reference suite on the lab estate (every clean shape at once):
 * nothing is denied, and every observation reads as it does for a user allowed `*`.
 * Removing any one action turns exactly the observations that call it into `error`s
 * naming that action — and a finding says so (VERDICT_WITHOUT and REASON_NOT_GIVEN list
 * the exceptions, each asserted) — while nothing else changes. A run of the real CLI
 * with a moto target holding those credentials finds no denial either. Finally, the call
 * log of a whole lab run holds only reads, the budgeted invocations and the audit-item poll.
 *
 * Every service crisp reads through moto is enforced as crisp signs its calls (Route 53's
 * GETs too, which fail moto's signature check when boto3 signs them); the stand-ins of the
 * lab are bypassed, since they relay with another Host, which enforcement refuses as a bad
 * signature. What moto cannot show, and why (asserted, so the list stays true):
 * - it evaluates the Action only: every request's resource is `*` except S3's bucket
 *   ARN, so the policy's resource scoping is held to the Service Authorization
 *   Reference in test/permissions.test.ts instead; here resources become `*` (S3 keeps
 *   its own);
 * - it names API Gateway's actions after the operation (`apigateway:GetRestApi`) where
 *   IAM authorises every read as `apigateway:GET`: the policy's apigateway:GET becomes
 *   the GET operations crisp calls, and removing it removes them all;
 * - the actions in MOTO_CANNOT_SHOW below.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkCatalog } from '../harness/checks/registry.ts';
import { probeRequestsOf, runChecks } from '../harness/engine/engine.ts';
import { actionsOfRole, leastPrivilege, type LeastPrivilege, type PolicyDocument, type RolePolicy } from '../harness/engine/least-privilege.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { CallLog } from '../harness/model/call-log.ts';
import type { Finding } from '../harness/model/findings.ts';
import { observationKey, type ObservationOutcome, type ObservationRequest, type Observations } from '../harness/model/observations.ts';
import { actionForCall, actionsFor, KIND_PERMISSIONS } from '../harness/model/permissions.ts';
import { expandSuitePaths, loadSuite, type CheckInstance } from '../harness/suite/loader.ts';
import { MANAGEMENT_ACCOUNT } from '../lab/governance.ts';
import { provisionLab, startLabServices, type LabServices, type ProvisionedLab } from '../lab/open-lab.ts';
import { LAB_VARIANTS } from '../lab/variants.ts';
import { ROOT, runCli } from './support/cli.ts';

/** Actions of the lab's policies that moto cannot show denied or allowed, with the reason. */
const MOTO_CANNOT_SHOW: Record<string, string> = {
  'sts:GetCallerIdentity': 'moto always allows it, as AWS does for any signed request',
  'bedrock:ListInferenceProfiles': "moto lacks it; the lab's stand-in serves it without IAM",
  'bedrock:GetInferenceProfile':
    "moto lacks it, and under enforcement refuses its path (the profile id's `:`) as a bad signature whatever the policy; the lab's stand-in serves it without IAM",
  'cloudtrail:LookupEvents': "moto lacks it; the lab's stand-in serves it without IAM",
  'iam:ListServiceSpecificCredentials': "moto lacks it; the lab's IAM stand-in serves it without IAM",
  'route53profiles:ListProfileAssociations': 'moto lacks Route 53 Profiles',
  'route53profiles:ListProfileResourceAssociations': 'moto lacks Route 53 Profiles',
  'ec2:DescribeTransitGatewayAttachments': 'the lab has no transit gateway (moto cannot say where its routes go), so no route leads to one',
  'ec2:DescribeTransitGatewayPeeringAttachments': 'the lab has no transit gateway, so no route leads to one',
  'ec2:SearchTransitGatewayRoutes': 'the lab has no transit gateway, so no route leads to one',
  'bedrock:InvokeModelWithResponseStream': "the latency samples go to the lab's Bedrock runtime stand-in, which answers without IAM (moto lacks the runtime)",
  'dynamodb:GetItem':
    "the lab's proxy stand-in writes its audit item with moto's test key, which enforcement refuses: the proxy answers 500 and crisp never polls for the item",
};

/**
 * Actions whose removal leaves every verdict standing: the checks reach it from another
 * source (asserted: the observation is still an error naming the action, no finding changes).
 */
const VERDICT_WITHOUT: Record<string, string> = {
  'reader-111111111111 route53:ListHostedZones':
    "with every clean shape the zones belong to the endpoint account, whose listing and GetHostedZone show them associated with the app VPC: the app account's own listing adds nothing",
  'reader-111111111111 route53:ListHostedZonesByVPC': "the same: the endpoint account's zones are found through its own listing and GetHostedZone",
};

/** Roles of the plan the lab has no account for. */
const NOT_PLAYED: Record<string, string> = {
  'organizations-management-govcloud': "the lab's GovCloud account belongs to no organization, so no management account is asked",
  'linked-accounts': 'no read of the lab leads to an account no suite names',
};

/**
 * Actions whose removal turns findings into errors whose message does not give the reason
 * (asserted, so the entry goes when the message is fixed).
 */
const REASON_NOT_GIVEN: Record<string, string> = {};

/** Operations that read: the allow-list of the call log (with identity and the data-plane calls below). */
const READ = /^(List|Describe|Get|Search|Lookup)[A-Z]/;
/** Calls that are not reads of the estate, made only where a suite asks: budgeted invocations, the audit-item poll. */
const DATA_PLANE = new Set(['bedrock-runtime:Converse', 'bedrock-runtime:ConverseStream', 'dynamodb:GetItem']);

/** The suites a lab run judges, with the latency suite kept small. */
const LAB_VARS = { samples: 2, budget: 20, audit_within_seconds: 1 };

let moto: MotoServer;
let provisioned: ProvisionedLab;
let services: LabServices;
let instances: CheckInstance[];
let plan: LeastPrivilege;
let dir: string;
/** The account of each role the lab can play (the linked-accounts role has none there). */
const roleAccounts = new Map<string, { account: string; region: string }>();
const profiles: Record<string, { profile: string }> = {};
const savedEnv = { files: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE, profile: process.env.AWS_PROFILE };

/** A client that acts as moto's administrator (auth off), in one account and partition. */
function adminIam(account: string, region: string): IAMClient {
  const iam = new IAMClient({ region, endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  iam.middlewareStack.add(
    (next: (args: any) => Promise<any>) => async (args: any) => {
      args.request.headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'motoAccount' },
  );
  return iam;
}

async function setAuth(enforced: boolean): Promise<void> {
  const response = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: enforced ? '0' : 'inf' });
  expect(response.ok).toBe(true);
  await response.body?.cancel();
}

/**
 * A policy as moto can evaluate it: resources `*` (moto asks about `*`), S3's kept (moto asks
 * about the bucket ARN); apigateway:GET as the GET operations crisp calls (moto names them so).
 */
function forMoto(documents: readonly (PolicyDocument | undefined)[], without?: string): PolicyDocument {
  const statements = documents.flatMap((document) => document?.Statement ?? []);
  return {
    Version: '2012-10-17',
    Statement: statements
      .map((statement) => {
        const actions = statement.Action.filter((action) => action !== without).flatMap((action) =>
          action === 'apigateway:GET'
            ? [
                ...new Set(
                  Object.values(KIND_PERMISSIONS).flatMap((kind) =>
                    kind.actions.filter((entry) => entry.action === action).flatMap((entry) => entry.operations),
                  ),
                ),
              ].map((operation) => `apigateway:${operation}`)
            : [action],
        );
        return {
          Sid: statement.Sid,
          Effect: 'Allow' as const,
          Action: actions,
          Resource: actions.every((action) => action.startsWith('s3:')) ? statement.Resource : '*',
        };
      })
      .filter((statement) => statement.Action.length > 0),
  };
}

/** Gives every role's user one policy: the role's own (minus one action), or `*`. */
async function grant(policyOf: (role: RolePolicy) => PolicyDocument): Promise<void> {
  await setAuth(false);
  for (const role of plan.roles) {
    const place = roleAccounts.get(role.role);
    if (!place) continue;
    await adminIam(place.account, place.region).send(
      new PutUserPolicyCommand({ UserName: 'crisp', PolicyName: 'crisp', PolicyDocument: JSON.stringify(policyOf(role)) }),
    );
  }
  await setAuth(true);
}

const EVERYTHING: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: ['*'], Resource: '*' }] };

/** Runs instances against the lab's moto (no stand-ins: they relay with another Host, which enforcement refuses as a bad signature). */
async function run(selected: readonly CheckInstance[]): Promise<{ findings: Finding[]; observations: Observations; callLog: CallLog }> {
  const callLog = new CallLog();
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint, accounts: profiles }, callLog);
  try {
    const { findings, observations } = await runChecks(selected, {
      clients,
      targetKind: 'moto',
      targetLabel: `moto at ${moto.endpoint}`,
      dataPlane: services.dataPlane.settings,
      caPem: services.dataPlane.caPem,
      progress: () => {},
    });
    return { findings, observations, callLog };
  } finally {
    clients.destroy();
  }
}

const outcomes = (observations: Observations) => observations.toJSON() as Record<string, ObservationOutcome>;
/** A refusal as crisp reports it (certain or not), or as AWS words it. */
const DENIAL = /access (?:denied )?to [a-z0-9-]+:|not authori[sz]ed|AccessDenied/i;
/** The actions a reason or message names as refused. */
const refusedIn = (text: string) => [...text.matchAll(/access (?:denied )?to ([a-z0-9-]+:[A-Za-z0-9*]+)/g)].map((match) => match[1]!);
/** Refusals no policy avoids on moto (a path it rejects as a bad signature): the same with full access. */
const refusals = (observations: Observations) =>
  Object.entries(outcomes(observations))
    .filter(([, outcome]) => !outcome.ok && DENIAL.test(outcome.failure.reason))
    .map(([key, outcome]) => [key, refusedIn((outcome as { failure: { reason: string } }).failure.reason)] as const);

/** The role whose credentials make an action's call for a request (management actions: the management account's). */
function roleOf(request: ObservationRequest, management: boolean): string | undefined {
  const account = management ? MANAGEMENT_ACCOUNT : request.account;
  return [...roleAccounts.entries()].find(([, place]) => place.account === account)?.[0];
}

let admin: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  moto = await startMotoServer();
  provisioned = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1, shapes: LAB_VARIANTS.map((variant) => variant.name) });
  services = await startLabServices(moto.endpoint, provisioned);
  const vars = { ...provisioned.varSets[0]!, ...LAB_VARS };
  const catalog = checkCatalog();
  const suites = await Promise.all((await expandSuitePaths([join(ROOT, 'suites')])).map((file) => loadSuite(file, vars, catalog)));
  instances = suites.flatMap((suite) => suite.checks);
  plan = leastPrivilege(instances, 'moto');
  // One IAM user per role the lab can play, made while moto does not enforce.
  dir = await mkdtemp(join(tmpdir(), 'crisp-read-only-'));
  let ini = '';
  for (const role of plan.roles) {
    const account = role.account ?? (role.role === 'organizations-management' ? MANAGEMENT_ACCOUNT : undefined);
    if (!account) continue;
    const region = role.partition === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1';
    roleAccounts.set(role.role, { account, region });
    const iam = adminIam(account, region);
    await iam.send(new CreateUserCommand({ UserName: 'crisp' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'crisp' }))).AccessKey!;
    ini += `[crisp-${account}]\naws_access_key_id = ${key.AccessKeyId}\naws_secret_access_key = ${key.SecretAccessKey}\n`;
    profiles[account] = { profile: `crisp-${account}` };
  }
  await writeFile(join(dir, 'credentials'), ini);
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
  delete process.env.AWS_PROFILE;
  await grant(() => EVERYTHING);
  admin = await run(instances);
}, 180_000);

afterAll(async () => {
  await services?.stop();
  await moto?.stop();
  for (const [name, value] of [
    ['AWS_SHARED_CREDENTIALS_FILE', savedEnv.files],
    ['AWS_CONFIG_FILE', savedEnv.config],
    ['AWS_PROFILE', savedEnv.profile],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

test('the lab plays every role of the policy but those NOT_PLAYED names: readers, GovCloud, commercial and the management account', () => {
  expect(plan.roles.map((role) => role.role).filter((role) => !roleAccounts.has(role))).toEqual(Object.keys(NOT_PLAYED));
  expect([...roleAccounts.keys()].some((role) => role.startsWith('govcloud-'))).toBe(true);
  expect([...roleAccounts.keys()].some((role) => role.startsWith('commercial-'))).toBe(true);
  expect(roleAccounts.has('organizations-management')).toBe(true);
  // Full access is the reference: under enforcement, with it, only what moto refuses whatever the policy is refused.
  for (const [key, actions] of refusals(admin.observations))
    expect(
      actions.every((action) => action in MOTO_CANNOT_SHOW),
      key,
    ).toBe(true);
});

test('every request of the lab run is granted by its role: round 1 and every derived round', () => {
  const missing: string[] = [];
  for (const instance of instances) {
    for (const request of [...instance.check.needs(instance.params), ...probeRequestsOf(instance, admin.observations)]) {
      for (const entry of actionsFor(request.kind, request.args)) {
        const role = plan.roles.find((candidate) => candidate.role === roleOf(request, entry.account === 'management'));
        if (!role || !actionsOfRole(role).includes(entry.action)) missing.push(`${instance.check.id}: ${entry.action} for ${observationKey(request)}`);
      }
    }
  }
  expect(missing).toEqual([]);
});

test('holding only its policy, each role reads everything it reads with full access: nothing is denied', async () => {
  await grant((role) => forMoto([role.policy, role.dataPlane?.policy]));
  const least = await run(instances);
  const reference = outcomes(admin.observations);
  const actual = outcomes(least.observations);
  expect(refusals(least.observations)).toEqual(refusals(admin.observations));
  const refusedWithFullAccess = (message: string) => refusedIn(message).every((action) => action in MOTO_CANNOT_SHOW);
  expect(least.findings.filter((finding) => DENIAL.test(finding.message) && !refusedWithFullAccess(finding.message))).toEqual([]);
  expect(least.callLog.calls().filter((call) => call.error && /AccessDenied|Unauthorized/.test(call.error))).toEqual([]);
  // Same observations, same verdicts (a probe's timings aside).
  expect(Object.keys(actual).sort()).toEqual(Object.keys(reference).sort());
  for (const [key, outcome] of Object.entries(reference)) {
    expect(actual[key]!.ok, key).toBe(outcome.ok);
    if (!outcome.ok) expect((actual[key] as { failure: unknown }).failure, key).toEqual(outcome.failure);
  }
}, 120_000);

test('removing any one action turns exactly the observations that call it into errors naming that action', async () => {
  const reference = outcomes(admin.observations);
  // Which calls the full-access run made, by role and action.
  const called = new Map<string, Set<string>>();
  for (const call of admin.callLog.calls()) {
    const action = actionForCall(call.service, call.operation);
    const role = [...roleAccounts.entries()].find(([, place]) => place.account === call.account)?.[0];
    if (!action || !role) continue;
    called.set(role, (called.get(role) ?? new Set()).add(action));
  }
  const problems: string[] = [];
  const shown = new Set<string>();
  const verdictWithout = new Set<string>();
  for (const role of plan.roles.filter((candidate) => roleAccounts.has(candidate.role))) {
    for (const action of actionsOfRole(role)) {
      if (action in MOTO_CANNOT_SHOW || !called.get(role.role)?.has(action)) continue;
      shown.add(action);
      // The observations whose calls need this action in this role's account.
      const requestsOf = (instance: CheckInstance) => [...instance.check.needs(instance.params), ...probeRequestsOf(instance, admin.observations)];
      const needing = (request: ObservationRequest) =>
        actionsFor(request.kind, request.args).some((entry) => entry.action === action && roleOf(request, entry.account === 'management') === role.role);
      const affected = instances.filter((instance) => requestsOf(instance).some(needing));
      await grant((candidate) => forMoto([candidate.policy, candidate.dataPlane?.policy], candidate.role === role.role ? action : undefined));
      const without = await run(affected);
      const label = `${role.role} without ${action}`;
      // Observations: exactly those calling it fail, each an error naming it alone.
      let denied = 0;
      for (const [key, outcome] of Object.entries(outcomes(without.observations))) {
        const before = reference[key];
        const refused = !outcome.ok ? refusedIn(outcome.failure.reason) : [];
        if (before && !before.ok && JSON.stringify(before) === JSON.stringify(outcome)) continue;
        if (refused.length > 0) {
          denied += 1;
          if (!outcome.ok && outcome.failure.status !== 'error') problems.push(`${label}: ${key} is ${outcome.failure.status}, not error`);
          if (refused.join() !== action) problems.push(`${label}: ${key} names ${refused.join(', ')}`);
        } else if (before && before.ok !== outcome.ok)
          problems.push(`${label}: ${key} changed without naming a refusal: ${JSON.stringify(outcome).slice(0, 300)}`);
      }
      if (denied === 0) problems.push(`${label}: no observation was refused`);
      // Findings: each one either as with full access, or an error; the errors name this action and no other.
      const keyOf = (finding: Finding) => `${finding.checkId}|${finding.resource.type}|${finding.resource.id}`;
      const statusesBefore = new Map<string, string[]>();
      for (const finding of admin.findings) statusesBefore.set(keyOf(finding), [...(statusesBefore.get(keyOf(finding)) ?? []), finding.status]);
      const changed = without.findings.filter((finding) => !(statusesBefore.get(keyOf(finding)) ?? []).includes(finding.status));
      // A dependent check skips naming the check that owns the problem (one fault, one error).
      const erring = new Set(changed.filter((finding) => finding.status === 'error').map((finding) => finding.checkId));
      const owner = (finding: Finding) => /\(see ([a-z0-9.-]+)\)/.exec(finding.message)?.[1];
      for (const finding of changed) {
        if (finding.status === 'error' || (finding.status === 'skipped' && erring.has(owner(finding) ?? ''))) continue;
        problems.push(`${label}: ${finding.checkId} became ${finding.status}: ${finding.message}`);
      }
      for (const finding of without.findings) {
        const named = refusedIn(finding.message).filter((other) => other !== action && !(other in MOTO_CANNOT_SHOW));
        if (named.length > 0) problems.push(`${label}: ${finding.checkId} names ${named.join(', ')}`);
      }
      const naming = changed.filter((finding) => refusedIn(finding.message).includes(action));
      if (`${role.role} ${action}` in VERDICT_WITHOUT) {
        verdictWithout.add(`${role.role} ${action}`);
        if (changed.length > 0)
          problems.push(`${label}: findings changed, so VERDICT_WITHOUT no longer holds: ${changed.map((finding) => finding.message).join(' | ')}`);
      } else if (action in REASON_NOT_GIVEN) {
        if (changed.length === 0) problems.push(`${label}: no finding changed`);
        if (naming.length > 0) problems.push(`${label}: a finding now names it: remove it from REASON_NOT_GIVEN`);
      } else if (naming.length === 0) {
        problems.push(
          `${label}: no finding is an error naming it: ${changed
            .map((finding) => `${finding.checkId}: ${finding.message}`)
            .join(' | ')
            .slice(0, 2000)}`,
        );
      }
    }
  }
  // CRISP_SHOW_PROOF=1 lists the actions shown denied one by one.
  if (process.env.CRISP_SHOW_PROOF) console.log([...shown].sort().join('\n'));
  expect(problems).toEqual([]);
  // Every action of the policies is either shown here or excluded with its reason.
  const all = new Set(plan.roles.filter((role) => roleAccounts.has(role.role)).flatMap(actionsOfRole));
  expect([...all].filter((action) => !shown.has(action) && !(action in MOTO_CANNOT_SHOW)).sort()).toEqual([]);
  expect(Object.keys(MOTO_CANNOT_SHOW).filter((action) => !all.has(action))).toEqual([]);
  expect(Object.keys(REASON_NOT_GIVEN).filter((action) => !shown.has(action))).toEqual([]);
  expect([...verdictWithout].sort()).toEqual(Object.keys(VERDICT_WITHOUT).sort());
}, 600_000);

test('crisp run with a moto target holding those credentials: no denial anywhere', async () => {
  await grant((role) => forMoto([role.policy, role.dataPlane?.policy]));
  await writeFile(join(dir, 'ca.pem'), services.dataPlane.caPem);
  const settings = services.dataPlane.settings;
  const target = {
    kind: 'moto',
    endpoint: moto.endpoint,
    accounts: profiles,
    dataPlane: {
      vantage: settings.vantage,
      ...(settings.resolver ? { resolver: settings.resolver } : {}),
      connect: settings.connect,
      connectOnly: settings.connectOnly,
      caFile: join(dir, 'ca.pem'),
    },
  };
  await writeFile(join(dir, 'target.json'), JSON.stringify(target));
  await writeFile(join(dir, 'vars.json'), JSON.stringify({ ...provisioned.varSets[0]!, ...LAB_VARS }));
  const out = join(dir, 'out');
  const result = await runCli(['run', join(ROOT, 'suites'), '--target', join(dir, 'target.json'), '--vars', join(dir, 'vars.json'), '--out', out], {
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config'),
  });
  const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
  expect(result.stderr).not.toMatch(/internal error/);
  expect(results.target.identities.map((identity: { arn?: string }) => identity.arn)).toEqual(
    results.target.identities.map((identity: { account: string }) => expect.stringMatching(new RegExp(`:iam::${identity.account}:user/crisp$`))),
  );
  expect(
    results.findings.filter((finding: Finding) => DENIAL.test(finding.message) && !refusedIn(finding.message).every((action) => action in MOTO_CANNOT_SHOW)),
  ).toEqual([]);
  expect(results.findings.some((finding: Finding) => finding.status === 'pass')).toBe(true);
  // results.json's call tally: reads, identity and the budgeted invocations only.
  const operations = (results.apiCalls as { service: string; operation: string }[]).map((call) => `${call.service}:${call.operation}`);
  expect(operations.filter((name) => !READ.test(name.split(':')[1]!) && !DATA_PLANE.has(name) && name !== 'sts:GetCallerIdentity')).toEqual([]);
}, 180_000);

test('the call log of a whole lab run holds only reads, the budgeted invocations and the audit-item poll', async () => {
  await setAuth(false);
  const callLog = new CallLog();
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint, endpoints: services.endpoints }, callLog);
  try {
    await runChecks(instances, {
      clients,
      targetKind: 'lab',
      targetLabel: 'lab',
      dataPlane: services.dataPlane.settings,
      caPem: services.dataPlane.caPem,
      progress: () => {},
    });
  } finally {
    clients.destroy();
  }
  const calls = callLog.calls();
  const IDENTITY = new Set(['sts:GetCallerIdentity']);
  const outside = calls
    .map((call) => `${call.service}:${call.operation}`)
    .filter(
      (name) => !(READ.test(name.split(':')[1]!) || DATA_PLANE.has(name) || IDENTITY.has(name)) || !actionForCall(...(name.split(':') as [string, string])),
    );
  expect([...new Set(outside)]).toEqual([]);
  // Every operation of the run is in the action map, so README and `crisp policy` name it.
  expect(calls.length).toBeGreaterThan(50);
  // The policy engine is cross-checked with IAM's simulator on aws targets only.
  expect(calls.filter((call) => call.operation === 'SimulatePrincipalPolicy')).toEqual([]);
  // The invocations are the latency budget's plan, warm-up included — never more.
  const planned = instances
    .flatMap((instance) => instance.check.needs(instance.params))
    .filter((request, index, all) => request.kind === 'probe.converse' && all.findIndex((other) => observationKey(other) === observationKey(request)) === index)
    .reduce((sum, request) => sum + Number(request.args!.warmup) + Number(request.args!.samples), 0);
  const invocations = calls.filter((call) => call.service === 'bedrock-runtime').length;
  expect(invocations).toBeGreaterThan(0);
  expect(invocations).toBeLessThanOrEqual(planned);
  // The audit item was polled: the live proxy call was audited.
  expect(calls.some((call) => call.service === 'dynamodb' && call.operation === 'GetItem')).toBe(true);
}, 180_000);
