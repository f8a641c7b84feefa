/**
 * Table test for residency.profile-destinations with profiles as
 * GetInferenceProfile describes them from the source Region (model ARNs per
 * destination; a global profile adds the Region-less ARN). Proves: the AU
 * profile from Sydney passes naming its destinations; a global profile under AU
 * residency and a geographic profile with a destination outside each fail
 * naming what is outside; `[any]` accepts a global profile; a profile that could
 * not be read is an error (skipped where the target lacks the API) for that
 * profile alone, never hiding another profile's verdict.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import { Observations, type InferenceProfileDetail, type ObservationOutcome, type ObservationRequest } from '../../model/observations.ts';
import check from './residency.profile-destinations.ts';

const ACCOUNT = '111111111111';
const SYDNEY = 'ap-southeast-2';
const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const AU = `au.${MODEL}`;
const GLOBAL = `global.${MODEL}`;
const APAC = `apac.${MODEL}`;
const scope = check.params.parse({
  accountId: ACCOUNT,
  sourceRegion: SYDNEY,
  inferenceProfileIds: [AU],
  residencyRegions: ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6'],
});

const profileRequest = (profileId: string): ObservationRequest => ({ kind: 'bedrock.inferenceProfile', account: ACCOUNT, region: SYDNEY, args: { profileId } });
const modelArn = (region: string) => `arn:aws:bedrock:${region}::foundation-model/${MODEL}`;

/** A system-defined profile as GetInferenceProfile returns it from Sydney, routing to `regions` ('' for the Region-less ARN). */
function profile(profileId: string, regions: string[]): InferenceProfileDetail {
  return {
    id: profileId,
    arn: `arn:aws:bedrock:${SYDNEY}:${ACCOUNT}:inference-profile/${profileId}`,
    type: 'SYSTEM_DEFINED',
    status: 'ACTIVE',
    modelArns: regions.map(modelArn),
  };
}

const DESCRIBED: Record<string, InferenceProfileDetail> = {
  [AU]: profile(AU, ['ap-southeast-2', 'ap-southeast-4']),
  [GLOBAL]: profile(GLOBAL, ['ap-southeast-2', '']),
  [APAC]: profile(APAC, ['ap-southeast-2', 'ap-northeast-1', 'ap-south-1', 'ap-southeast-1']),
};

function run(params: Partial<typeof scope> = {}, outcomes: Record<string, InferenceProfileDetail | ObservationOutcome> = DESCRIBED) {
  const parsed = check.params.parse({ ...scope, ...params });
  const observations = new Observations();
  for (const [profileId, outcome] of Object.entries(outcomes))
    observations.set(profileRequest(profileId), 'ok' in outcome ? outcome : { ok: true, data: outcome });
  return evaluateInstance({ check, params: parsed, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });
}

describe(check.id, () => {
  test('clean: the AU profile called from Sydney routes only to Sydney and Melbourne', () => {
    expect(check.needs(scope)).toEqual([profileRequest(AU)]);
    const [finding, ...rest] = run();
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      status: 'pass',
      resource: { type: 'AWS::Bedrock::InferenceProfile', id: AU, account: ACCOUNT, region: SYDNEY },
      message: `${AU} called from ${SYDNEY} routes only to ap-southeast-2, ap-southeast-4, inside the residency Regions (ap-southeast-2, ap-southeast-4, ap-southeast-6).`,
    });
  });

  test('fault: a global profile under AU residency fails, saying it may run anywhere', () => {
    const [finding] = run({ inferenceProfileIds: [GLOBAL] });
    expect(finding).toMatchObject({
      status: 'fail',
      resource: { id: GLOBAL },
      message: `${GLOBAL} (arn:aws:bedrock:${SYDNEY}:${ACCOUNT}:inference-profile/${GLOBAL}) is a global profile: it may run inference in any Region (its models include the Region-less ARN; destinations (any Region), ap-southeast-2), which a residency set of ap-southeast-2, ap-southeast-4, ap-southeast-6 does not allow.`,
      actual: 'any Region',
    });
  });

  test('fault: a geographic profile whose models include the Region-less ARN is judged as global', () => {
    const [finding] = run({}, { [AU]: profile(AU, ['ap-southeast-2', '']) });
    expect(finding).toMatchObject({ status: 'fail', actual: 'any Region', message: expect.stringContaining('is a global profile') });
  });

  test('fault: a geographic profile with destinations outside the set fails, naming each', () => {
    const [finding] = run({ inferenceProfileIds: [APAC] });
    expect(finding).toMatchObject({
      status: 'fail',
      message: `${APAC} (arn:aws:bedrock:${SYDNEY}:${ACCOUNT}:inference-profile/${APAC}) called from ${SYDNEY} routes to ap-northeast-1, ap-south-1, ap-southeast-1, outside the residency Regions (ap-southeast-2, ap-southeast-4, ap-southeast-6); all destinations: ap-northeast-1, ap-south-1, ap-southeast-1, ap-southeast-2.`,
      actual: 'ap-northeast-1, ap-south-1, ap-southeast-1, ap-southeast-2',
    });
  });

  test('clean: residency [any] accepts a global profile, naming the Region-less destination plainly', () => {
    const [finding] = run({ inferenceProfileIds: [GLOBAL], residencyRegions: ['any'] });
    expect(finding).toMatchObject({
      status: 'pass',
      message: `${GLOBAL} called from ${SYDNEY} routes only to (any Region), ap-southeast-2, inside the residency Regions (any Region).`,
    });
  });

  test('each profile gets its own finding', () => {
    const findings = run({ inferenceProfileIds: [AU, GLOBAL, APAC] });
    expect(findings.map((finding) => [finding.resource.id, finding.status])).toEqual([
      [AU, 'pass'],
      [GLOBAL, 'fail'],
      [APAC, 'fail'],
    ]);
  });

  test('error: a profile described with no model ARNs has unknown destinations', () => {
    const [finding] = run({}, { [AU]: { ...profile(AU, []) } });
    expect(finding).toMatchObject({ status: 'error', message: `${SYDNEY} describes ${AU} with no model ARNs, so its destinations are unknown.` });
  });

  test('error: a profile that could not be read is an error for it alone; the other profile’s fail stands', () => {
    const denied: ObservationOutcome = {
      ok: false,
      failure: { status: 'error', reason: "access denied to bedrock:GetInferenceProfile: grant it to crisp's read-only role" },
    };
    const findings = run({ inferenceProfileIds: [AU, APAC] }, { [AU]: denied, [APAC]: DESCRIBED[APAC]! });
    expect(findings.map((finding) => [finding.resource.id, finding.status])).toEqual([
      [AU, 'error'],
      [APAC, 'fail'],
    ]);
    expect(findings[0]!.message).toBe(
      `Could not evaluate: ${AU} as ${SYDNEY} describes it: access denied to bedrock:GetInferenceProfile: grant it to crisp's read-only role (account ${ACCOUNT}, Region ${SYDNEY}).`,
    );
  });

  test('skipped: on a target without GetInferenceProfile (moto) every profile is skipped with the reason, never passed', () => {
    const lacks: ObservationOutcome = {
      ok: false,
      failure: { status: 'skipped', reason: 'target lacks bedrock:GetInferenceProfile (moto does not implement it)' },
    };
    const findings = run({ inferenceProfileIds: [AU, GLOBAL] }, { [AU]: lacks, [GLOBAL]: lacks });
    expect(findings.map((finding) => finding.status)).toEqual(['skipped', 'skipped']);
    expect(findings[1]!.message).toContain(`${GLOBAL} as ${SYDNEY} describes it: target lacks bedrock:GetInferenceProfile`);
  });
});
