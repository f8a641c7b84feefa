/**
 * Table test for iam.profile-only-invocation, including the cross-check with
 * iam:SimulatePrincipalPolicy that runs on aws targets (observations built as
 * AWS returns them; the simulator's answers supplied per case).
 */
import { describe, expect, test } from 'vitest';
import { crisPolicy } from '../../../lab/governance.ts';
import { Observations, type ObservationRequest } from '../../model/observations.ts';
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

function estate(targetKind: 'aws' | 'moto', document = auOnlyPolicy()): Observations {
  const observations = new Observations();
  const at = { account: ACCOUNT, region: 'ap-southeast-6' };
  observations.set(
    { kind: 'iam.authorizationDetails', ...at },
    {
      ok: true,
      data: {
        account: ACCOUNT,
        principals: [{ arn: ROLE, type: 'role', name: 'bedrock-app', path: '/', tags: {}, policies: [{ name: 'bedrock-cris', document }] }],
      },
    },
  );
  observations.set({ kind: 'organizations.path', ...at }, { ok: true, data: { account: ACCOUNT, inOrganization: false, scpLevels: [], rcpLevels: [] } });
  observations.set(
    { kind: 'bedrock.inferenceProfiles', ...at },
    { ok: false, failure: { status: 'skipped', reason: 'target lacks bedrock:ListInferenceProfiles' } },
  );
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
        "routing of au.anthropic.claude-sonnet-4-5-20250929-v1:0 is the suite's declaration (target lacks bedrock:ListInferenceProfiles)",
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
