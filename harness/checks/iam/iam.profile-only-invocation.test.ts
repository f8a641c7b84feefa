/**
 * Table test for iam.profile-only-invocation, including the cross-check with
 * iam:SimulatePrincipalPolicy that runs on aws targets (observations built as
 * AWS returns them; the simulator's answers supplied per case).
 */
import { describe, expect, test } from 'vitest';
import { crisPolicy } from '../../../lab/governance.ts';
import { Observations, type ObservationRequest, type PrincipalPolicies } from '../../model/observations.ts';
import { evaluateInstance } from '../../engine/engine.ts';
import check from './iam.profile-only-invocation.ts';

const ACCOUNT = '111111111111';
const PROFILE = (geo: string) => `arn:aws:bedrock:ap-southeast-6:${ACCOUNT}:inference-profile/${geo}.anthropic.claude-sonnet-4-5-20250929-v1:0`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/bedrock-app`;
const scope = check.params.parse({
  accountId: ACCOUNT,
  sourceRegion: 'ap-southeast-6',
  principalArns: [ROLE],
  inferenceProfileIds: ['au.anthropic.claude-sonnet-4-5-20250929-v1:0'],
  residencyRegions: ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6'],
});

/** The lab's CRIS policy without the opt-in global profile: AU only. */
function auOnlyPolicy() {
  const full = crisPolicy({ au: PROFILE('au'), global: PROFILE('global') });
  const statements = (full.Statement as { Sid?: string; Resource?: unknown }[])
    .filter((statement) => statement.Sid !== 'AllowGlobalRoutingViaProfile')
    .map((statement) => (statement.Sid === 'AllowInferenceProfiles' ? { ...statement, Resource: PROFILE('au') } : statement));
  return { ...full, Statement: statements } as ReturnType<typeof crisPolicy>;
}

function estate(targetKind: 'aws' | 'moto', document = auOnlyPolicy(), edit: (principal: PrincipalPolicies) => void = () => {}): Observations {
  const principal: PrincipalPolicies = { arn: ROLE, type: 'role', name: 'bedrock-app', path: '/', tags: {}, policies: [{ name: 'bedrock-cris', document }] };
  edit(principal);
  const observations = new Observations();
  const at = { account: ACCOUNT, region: 'ap-southeast-6' };
  observations.set(
    { kind: 'iam.authorizationDetails', ...at },
    {
      ok: true,
      data: {
        account: ACCOUNT,
        principals: [principal],
      },
    },
  );
  observations.set({ kind: 'organizations.path', ...at }, { ok: true, data: { account: ACCOUNT, inOrganization: false, scpLevels: [], rcpLevels: [] } });
  observations.set(
    { kind: 'bedrock.inferenceProfiles', ...at },
    { ok: false, failure: { status: 'skipped', reason: 'target lacks bedrock:ListInferenceProfiles' } },
  );
  observations.set({ kind: 'run.clock', ...at }, { ok: true, data: { now: '2026-12-01T00:00:00.000Z' } });
  observations.set({ kind: 'target.dataPlane', ...at }, { ok: true, data: { targetKind, vantage: 'outside', connect: {}, connectOnly: false } });
  return observations;
}

const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

/** Answers every simulator request the check asks for, agreeing with crisp unless `flip` says otherwise. */
function simulate(observations: Observations, answer: (request: ObservationRequest<'iam.simulation'>) => string): void {
  for (const request of check.probes!(scope, observations) as ObservationRequest<'iam.simulation'>[]) {
    observations.set(request, { ok: true, data: { decision: answer(request), matchedStatements: [] } });
  }
}

describe(check.id, () => {
  test('clean: the CRIS pattern passes, and says where the routing came from', () => {
    const [finding] = run(estate('moto'));
    expect(finding).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(
        "routing of au.anthropic.claude-sonnet-4-5-20250929-v1:0 is crisp's built-in table of AWS's documented routing (target lacks bedrock:ListInferenceProfiles)",
      ),
    });
    expect(check.probes!(scope, estate('moto'))).toEqual([]);
  });

  test('fault: a role that also allows an unsanctioned global profile fails case (d)', () => {
    const [finding] = run(estate('moto', crisPolicy({ au: PROFILE('au'), global: PROFILE('global') })));
    expect(finding).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/\(d\) .* through another profile .*global\..* is allowed — Allowed by statement AllowGlobalRoutingViaProfile/),
    });
  });

  test('fault: a model statement without the condition lets direct calls through, naming the statement', () => {
    const loose = auOnlyPolicy();
    const statements = (loose.Statement as { Sid?: string; Condition?: unknown }[])
      .filter((statement) => statement.Sid !== 'DenyDirectModelCalls')
      .map(({ Condition: _c, ...statement }) => statement);
    const [finding] = run(estate('moto', { ...loose, Statement: statements as never }));
    expect(finding).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/\(c\) .* as a direct call .* is allowed — Allowed by statement AllowAuDestinationsViaProfile/),
    });
  });

  test('aws target: the simulator agreeing leaves the verdict standing', () => {
    const observations = estate('aws');
    simulate(observations, (request) => {
      const context = JSON.parse(request.args!.context!);
      const direct = !context['bedrock:InferenceProfileArn'];
      const viaOwn = context['bedrock:InferenceProfileArn'] === PROFILE('au');
      const inResidency = ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6'].includes(context['aws:RequestedRegion']);
      const onProfile = request.args!.resource === PROFILE('au');
      return onProfile || (!direct && viaOwn && inResidency) ? 'allowed' : 'implicitDeny';
    });
    expect(run(observations).map((finding) => finding.status)).toEqual(['pass']);
  });

  test('aws target: a disagreement with the simulator is an error carrying both explanations', () => {
    const observations = estate('aws');
    simulate(observations, () => 'allowed');
    const [finding] = run(observations);
    expect(finding).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/crisp and iam:SimulatePrincipalPolicy disagree .* crisp: (ExplicitDeny|ImplicitDeny): .* simulator: allowed/),
    });
  });

  test('clean: the direct-call Deny in a customer-managed policy counts like an inline one', () => {
    const full = auOnlyPolicy();
    const statements = full.Statement as { Sid?: string }[];
    const observations = estate(
      'moto',
      { ...full, Statement: statements.filter((statement) => statement.Sid !== 'DenyDirectModelCalls') as never },
      (principal) =>
        principal.policies.push({
          name: 'deny-direct-model-calls',
          document: { Version: '2012-10-17', Statement: statements.filter((statement) => statement.Sid === 'DenyDirectModelCalls') },
        }),
    );
    expect(run(observations).map((finding) => finding.status)).toEqual(['pass']);
  });

  test('fault: SCPs conditioned on the principal’s tag or ARN deny it in a destination Region', () => {
    const denyMelbourne = (condition: Record<string, Record<string, string>>) => ({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Sid: 'DenyInMelbourne',
          Effect: 'Deny',
          Action: 'bedrock:*',
          Resource: '*',
          Condition: { ...condition, StringEquals: { 'aws:RequestedRegion': 'ap-southeast-4', ...condition.StringEquals } },
        },
      ],
    });
    const inOrganization = (document: unknown, tags: Record<string, string>) => {
      const observations = estate('moto', auOnlyPolicy(), (principal) => (principal.tags = tags));
      observations.set(
        { kind: 'organizations.path', account: ACCOUNT, region: 'ap-southeast-6' },
        {
          ok: true,
          data: {
            account: ACCOUNT,
            inOrganization: true,
            managementAccount: '000000000000',
            organizationId: 'o-ab12cd34ef',
            scpLevels: [{ id: 'r-ab12', policies: [{ name: 'restricted', id: 'p-1', document }] }],
            rcpLevels: [],
          },
        },
      );
      return run(observations);
    };
    const byTag = denyMelbourne({ StringEquals: { 'aws:PrincipalTag/data-class': 'restricted' } });
    expect(inOrganization(byTag, { 'data-class': 'restricted' })[0]).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/\(b\) .*ap-southeast-4.* is not allowed — .*DenyInMelbourne/),
    });
    expect(inOrganization(byTag, { 'data-class': 'internal' })[0]!.status).toBe('pass');
    const byArn = denyMelbourne({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/bedrock-*' } });
    expect(inOrganization(byArn, {})[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('DenyInMelbourne') });
  });

  test('endpoint named: its policy joins every verdict, and a missing endpoint is an error', () => {
    const named = check.params.parse({ ...scope, endpointAccountId: '222222222222', endpointRegion: 'ap-southeast-2', endpointVpcId: 'vpc-0e11' });
    const withEndpoint = (policy: unknown, serviceName = 'com.amazonaws.ap-southeast-2.bedrock-runtime') => {
      const observations = estate('moto');
      observations.set(
        { kind: 'ec2.vpcEndpoints', account: '222222222222', region: 'ap-southeast-2' },
        {
          ok: true,
          data: [{ VpcEndpointId: 'vpce-0runtime', VpcId: 'vpc-0e11', ServiceName: serviceName, State: 'available', PolicyDocument: JSON.stringify(policy) }],
        },
      );
      return evaluateInstance({ check, params: named, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'moto' });
    };
    const onlyOwnVpc = {
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'bedrock:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-0e11' } } }],
    };
    expect(withEndpoint(onlyOwnVpc).map((finding) => finding.status)).toEqual(['pass']);
    const deniesInvoke = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'bedrock:List*', Resource: '*' }] };
    expect(withEndpoint(deniesInvoke)[0]).toMatchObject({ status: 'fail', message: expect.stringMatching(/\(a\) .* is not allowed — .*vpce-0runtime/) });
    expect(withEndpoint(onlyOwnVpc, 'com.amazonaws.ap-southeast-2.bedrock')[0]).toMatchObject({
      status: 'error',
      message: expect.stringContaining('no com.amazonaws.ap-southeast-2.bedrock-runtime interface endpoint exists in vpc-0e11'),
    });
  });

  test('error: a policy whose document could not be read is an error naming it, never an empty policy', () => {
    const observations = estate('moto', auOnlyPolicy(), (principal) => (principal.unreadablePolicies = [`arn:aws:iam::${ACCOUNT}:policy/deny-direct`]));
    expect(run(observations)).toEqual([
      expect.objectContaining({
        status: 'error',
        message: expect.stringContaining(`the document of arn:aws:iam::${ACCOUNT}:policy/deny-direct could not be read`),
      }),
    ]);
  });

  test('error: an unknown principal and a missing listing are errors', () => {
    const unknown = evaluateInstance(
      { check, params: { ...scope, principalArns: [`arn:aws:iam::${ACCOUNT}:role/nobody`] }, guard: false, suite: 't', location: { file: 't' } },
      estate('moto'),
      { targetKind: 'moto' },
    );
    expect(unknown).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('No IAM principal') })]);
    const observations = estate('moto');
    observations.set(
      { kind: 'iam.authorizationDetails', account: ACCOUNT, region: 'ap-southeast-6' },
      { ok: false, failure: { status: 'error', reason: 'access denied to iam:GetAccountAuthorizationDetails' } },
    );
    expect(run(observations)).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('access denied') })]);
  });
});
