/**
 * Table test for residency.inference-regions with event history as the collector
 * builds it from LookupEvents (additionalEventData.inferenceRegion per call, absent
 * on in-Region calls). Proves: calls that all ran inside the residency Regions pass
 * with counts per Region; a call in us-east-1 fails naming the Region and the count;
 * calls without inferenceRegion fail when the source Region itself is outside the
 * set; an empty window is not_applicable; a truncated history never passes (an
 * error, unless what was read already proves a call outside); a failed or
 * unsupported LookupEvents is an error or skipped naming it.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import { Observations, type BedrockEventHistory, type ObservationOutcome, type ObservationRequest } from '../../model/observations.ts';
import check from './residency.inference-regions.ts';

const ACCOUNT = '111111111111';
const SYDNEY = 'ap-southeast-2';
const START = '2026-11-30T00:00:00.000Z';
const END = '2026-12-01T00:00:00.000Z';
const WINDOW = `${START} – ${END}`;
const PROFILE = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const scope = check.params.parse({
  accountId: ACCOUNT,
  sourceRegion: SYDNEY,
  inferenceProfileIds: [PROFILE],
  residencyRegions: ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6'],
});

/** The request the check makes, for a scope. */
const eventsRequest = (params = scope): ObservationRequest => ({
  kind: 'cloudtrail.bedrockEvents',
  account: params.accountId,
  region: params.sourceRegion,
  args: { lookbackHours: String(params.lookbackHours) },
});

/** `count` events of one kind, run in `inferenceRegion` (undefined: recorded without the field). */
function calls(count: number, inferenceRegion?: string, eventName = 'Converse'): BedrockEventHistory['events'] {
  return Array.from({ length: count }, (_, index) => ({
    eventName,
    eventTime: `2026-11-30T${String(index % 24).padStart(2, '0')}:00:00.000Z`,
    modelId: `arn:aws:bedrock:${SYDNEY}:${ACCOUNT}:inference-profile/${PROFILE}`,
    eventId: `${inferenceRegion ?? 'local'}-${eventName}-${index}`,
    ...(inferenceRegion ? { inferenceRegion } : {}),
  }));
}

function run(history: BedrockEventHistory | ObservationOutcome, params = scope) {
  const observations = new Observations();
  observations.set(eventsRequest(params), 'ok' in history ? history : { ok: true, data: history });
  return evaluateInstance({ check, params, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });
}

const history = (events: BedrockEventHistory['events'], truncated = false): BedrockEventHistory => ({ start: START, end: END, events, truncated });

describe(check.id, () => {
  test('clean: calls that ran in Sydney and Melbourne pass, with counts per Region', () => {
    const [finding, ...rest] = run(history([...calls(7, 'ap-southeast-2'), ...calls(3, 'ap-southeast-4', 'InvokeModel')]));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      status: 'pass',
      resource: { type: 'AWS::CloudTrail::EventHistory', account: ACCOUNT, region: SYDNEY },
      message: `All 10 Bedrock invocations recorded in ${SYDNEY} over ${WINDOW} ran inside the residency Regions: ap-southeast-2: 7, ap-southeast-4: 3.`,
    });
    expect(finding!.evidence).toMatchObject({ counts: { 'ap-southeast-2': 7, 'ap-southeast-4': 3 } });
  });

  test('clean: calls without inferenceRegion ran in the source Region, which is inside the set, and are counted apart', () => {
    const [finding] = run(history([...calls(2, 'ap-southeast-4'), ...calls(5)]));
    expect(finding).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('ap-southeast-4: 2, not recorded: 5. 5 carried no additionalEventData.inferenceRegion (in-Region calls'),
    });
  });

  test('fault: one call that ran in us-east-1 fails, naming the Region, its count and the per-Region summary', () => {
    const [finding] = run(history([...calls(9, 'ap-southeast-2'), ...calls(1, 'us-east-1')]));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `1 call ran in us-east-1 — outside the residency Regions (ap-southeast-2, ap-southeast-4, ap-southeast-6); calls recorded in ap-southeast-2 for account 111111111111, per Region over ${WINDOW}: ap-southeast-2: 9, us-east-1: 1.`,
      expected: 'ap-southeast-2, ap-southeast-4, ap-southeast-6',
      actual: 'us-east-1',
    });
    expect((finding!.evidence as { outsideEvents: { eventId: string }[] }).outsideEvents.map((event) => event.eventId)).toEqual(['us-east-1-Converse-0']);
  });

  test('fault: calls in several outside Regions are each counted', () => {
    const [finding] = run(history([...calls(4, 'us-east-1'), ...calls(2, 'eu-west-1'), ...calls(1, 'ap-southeast-2')]));
    expect(finding).toMatchObject({ status: 'fail', actual: 'eu-west-1, us-east-1' });
    expect(finding!.message).toMatch(/^2 calls ran in eu-west-1, 4 calls ran in us-east-1 — outside/);
  });

  test('fault: calls without inferenceRegion fail when the source Region itself is outside the set', () => {
    const auckland = check.params.parse({ ...scope, sourceRegion: 'ap-southeast-6', residencyRegions: ['ap-southeast-2', 'ap-southeast-4'] });
    const [finding] = run(history([...calls(3), ...calls(2, 'ap-southeast-2')]), auckland);
    expect(finding).toMatchObject({
      status: 'fail',
      message: `3 calls recorded without additionalEventData.inferenceRegion ran in the source Region ap-southeast-6, which is outside the residency Regions (ap-southeast-2, ap-southeast-4); per Region over ${WINDOW}: ap-southeast-2: 2, not recorded: 3.`,
      actual: 'ap-southeast-6',
    });
  });

  test('clean: residency [any] accepts every Region', () => {
    const [finding] = run(history([...calls(2, 'us-east-1'), ...calls(1)]), check.params.parse({ ...scope, residencyRegions: ['any'] }));
    expect(finding).toMatchObject({ status: 'pass', message: expect.stringContaining('inside the residency Regions: us-east-1: 2, not recorded: 1.') });
  });

  test('not_applicable: no invocation in the window gives nothing to judge, naming the window', () => {
    const [finding] = run(history([]));
    expect(finding).toMatchObject({
      status: 'not_applicable',
      message: `No Bedrock invocation (InvokeModel, InvokeModelWithResponseStream, Converse, ConverseStream) was recorded in ${SYDNEY} for account ${ACCOUNT} over ${WINDOW}: there is no evidence of where inference ran to judge.`,
    });
  });

  test('error: a truncated history whose calls all ran inside the set is an error, never a pass', () => {
    const [finding] = run(history(calls(4_000, 'ap-southeast-2'), true));
    expect(finding).toMatchObject({
      status: 'error',
      message: expect.stringContaining(
        `CloudTrail holds more Bedrock events in ${SYDNEY} over ${WINDOW} than crisp reads; the 4000 invocations read ran inside the residency Regions (ap-southeast-2: 4000)`,
      ),
    });
    expect(finding!.message).toContain('shorten lookback_hours, or query CloudTrail Lake');
  });

  test('error: a truncated history holding no invocation is an error, not not_applicable', () => {
    expect(run(history([], true))[0]).toMatchObject({ status: 'error', message: expect.stringContaining('none of those read was an invocation') });
  });

  test('fault: a truncated history that already shows a call outside the set fails, saying only part was read', () => {
    const [finding] = run(history([...calls(10, 'ap-southeast-2'), ...calls(1, 'us-east-1')], true));
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('1 call ran in us-east-1') });
    expect(finding!.message).toContain('only part of the window was read');
  });

  test('error: a failed LookupEvents is an error naming the observation; moto’s missing API is skipped', () => {
    const [failed] = run({ ok: false, failure: { status: 'error', reason: "access denied to cloudtrail:LookupEvents: grant it to crisp's read-only role" } });
    expect(failed).toMatchObject({
      status: 'error',
      resource: { type: 'crisp::Observation', id: 'cloudtrail.bedrockEvents', account: ACCOUNT, region: SYDNEY },
      message: expect.stringContaining('access denied to cloudtrail:LookupEvents'),
    });
    const [skipped] = run({ ok: false, failure: { status: 'skipped', reason: 'target lacks cloudtrail:LookupEvents (moto does not implement it)' } });
    expect(skipped).toMatchObject({ status: 'skipped', message: expect.stringContaining('target lacks cloudtrail:LookupEvents') });
  });
});
