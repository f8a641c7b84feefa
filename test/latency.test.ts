/**
 * The latency suite against the lab's Bedrock runtime stand-in, through the
 * real SDK and the lab's private path: regression flagged only when the
 * stand-in is shifted, throttling counted as throttles, the budget guard
 * refusing an over-budget suite before anything is sent.
 *
 * No verdict here depends on an idle machine. The statistical verdicts (AU against
 * global, regression, the residency cap) are judged on the latencies the stand-in
 * itself drew and reported (metrics.latencyMs, kept as serverLatencyMs): live
 * transcripts, with the wire time swapped for the server's record, so a loaded CPU
 * cannot move them. One test judges live wire timings end to end, with an effect
 * (AU ten times slower than global) that no scheduling delay on a busy machine hides.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CallLog } from '../harness/model/call-log.ts';
import { checkCatalog } from '../harness/checks/registry.ts';
import { Observations, type ConverseTranscript, type ObservationOutcome } from '../harness/model/observations.ts';
import type { Finding } from '../harness/model/findings.ts';
import { evaluateInstance, runChecks } from '../harness/engine/engine.ts';
import { writeLatencyBaseline } from '../harness/engine/latency-baseline.ts';
import { loadSuite } from '../harness/suite/loader.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { DEFAULT_CONVERSE_SETTINGS } from '../lab/dataplane/converse-stand-in.ts';
import type { LabDataPlane } from '../lab/dataplane/start.ts';
import { provisionLab, startDataPlaneFor, type ProvisionedLab } from '../lab/open-lab.ts';
import { ROOT } from './support/cli.ts';

let moto: MotoServer;
let lab: ProvisionedLab;
let dataPlane: LabDataPlane;
let dir: string;
let suiteFile: string;

beforeAll(async () => {
  moto = await startMotoServer();
  lab = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1 });
  dataPlane = await startDataPlaneFor(moto.endpoint, lab);
  dir = await mkdtemp(join(tmpdir(), 'crisp-latency-'));
  // More samples, in parallel, so that the regression test has power and the test stays quick.
  suiteFile = join(dir, 'latency.yaml');
  await writeFile(
    suiteFile,
    (await readFile(join(ROOT, 'suites/bedrock-latency-baseline.yaml'), 'utf8')).replace(
      '  warmup: 3\n',
      '  warmup: 3\n  concurrency: 4\n  regressionTolerance: 0.15\n',
    ),
  );
});

afterAll(async () => {
  await dataPlane?.stop();
  await moto?.stop();
});

async function run(vars: Record<string, unknown> = {}, withDataPlane = true, file = suiteFile) {
  const callLog = new CallLog();
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, callLog);
  try {
    const suite = await loadSuite(file, { ...lab.varSets[0], samples: 60, budget: 300, ...vars }, checkCatalog());
    const context = {
      clients,
      targetKind: 'lab' as const,
      targetLabel: 'lab',
      progress: () => {},
      ...(withDataPlane ? { dataPlane: dataPlane.settings, caPem: dataPlane.caPem } : {}),
    };
    return { ...(await runChecks(suite.checks, context)), callLog, suite };
  } finally {
    clients.destroy();
  }
}

/**
 * The same observations with each successful sample's wire latency replaced by the
 * latency the stand-in drew and reported for it (serverLatencyMs): what the statistics
 * then see is the stand-in's seeded distribution, whatever the machine's load.
 */
function serverTimed(observations: Observations): Observations {
  const outcomes = Object.entries(observations.toJSON()).map(([key, outcome]): [string, ObservationOutcome] => {
    if (!key.startsWith('probe.converse@') || !outcome.ok) return [key, outcome];
    const transcript = outcome.data as ConverseTranscript;
    const samples = transcript.samples.map((sample) =>
      sample.outcome === 'ok' && sample.serverLatencyMs !== undefined ? { ...sample, latencyMs: sample.serverLatencyMs } : sample,
    );
    return [key, { ok: true, data: { ...transcript, samples } }];
  });
  return new Observations(new Map(outcomes));
}

/** Re-evaluates a run's checks on the server-recorded latencies. */
function judgedOnServerTimes(outcome: Awaited<ReturnType<typeof run>>): Finding[] {
  const observations = serverTimed(outcome.observations);
  return outcome.suite.checks.flatMap((instance) => evaluateInstance(instance, observations, { targetKind: 'lab' }));
}

const of = (findings: Finding[], checkId: string) => findings.filter((finding) => finding.checkId === checkId);

describe('latency on the lab', () => {
  test('clean: percentiles with intervals per profile, AU measurably slower than global, quota skipped with the reason', async () => {
    dataPlane.converse.configure({ shift: 1, throttleEvery: 0, errorEvery: 0 });
    const outcome = await run();
    const { findings, callLog } = outcome;
    expect(of(findings, 'latency.budget-guard')).toEqual([expect.objectContaining({ status: 'pass' })]);
    const profiles = of(findings, 'latency.profile-baseline');
    expect(profiles.map((finding) => finding.status)).toEqual(['pass', 'pass']);
    expect(profiles[0]!.message).toMatch(/p50 [\d.]+ ms \[[\d.]+, [\d.]+\], p95 .* over 60 samples/);
    expect(profiles[0]!.evidence).toMatchObject({ protocols: ['h2'], warmupDiscarded: 3, ok: 60, throttled: 0 });
    // Live, the comparison is reported (a busy machine may blur the difference on the wire)…
    expect(of(findings, 'latency.au-vs-global')[0]).toMatchObject({ status: 'pass', actual: { significant: expect.any(Boolean) } });
    // …and on what the stand-in drew (AU median 60 ms, global 35 ms) it is significant, AU the slower.
    const [comparison] = of(judgedOnServerTimes(outcome), 'latency.au-vs-global');
    expect(comparison).toMatchObject({ status: 'pass', actual: { significant: true } });
    expect((comparison!.actual as { differenceMs: { low: number } }).differenceMs.low).toBeGreaterThan(10);
    expect(of(findings, 'latency.regression').map((finding) => finding.status)).toEqual(['not_applicable', 'not_applicable']);
    expect(of(findings, 'quota.headroom')[0]).toMatchObject({
      status: 'skipped',
      message: expect.stringContaining('target lacks servicequotas:ListServiceQuotas'),
    });
    expect(callLog.counts().find((call) => call.operation === 'ConverseStream')?.count).toBe(2 * 63);
  });

  test('stream latency is measured on the wire, apart from the SDK’s own time', async () => {
    dataPlane.converse.configure({ shift: 1, throttleEvery: 0, errorEvery: 0 });
    const { observations } = await run();
    const transcript = Object.entries(observations.toJSON()).find(([key]) => key.startsWith('probe.converse@'))![1];
    const samples = (transcript as { ok: true; data: ConverseTranscript }).data.samples.filter((sample) => sample.outcome === 'ok');
    expect(samples.length).toBeGreaterThan(0);
    // The wire clock starts after signing and stops at the last byte, so it is always inside the caller's.
    for (const sample of samples) {
      expect(sample.ttftMs).toBeGreaterThan(0);
      expect(sample.latencyMs).toBeLessThan(sample.clientLatencyMs!);
    }
  });

  test('live, end to end, on the wire: AU ten times slower than global is a significant difference, also on a loaded machine', async () => {
    // Converse (one wait per call, where a stream waits once per token) and an effect that dwarfs what a busy CPU adds:
    // the wire is never faster than the stand-in's wait, and at a load average of 14 on two cores (a core burnt by
    // `node -e 'for(;;){}'` besides) the global median on the wire went from 60 to at most ~280 ms, AU's stayed near 600.
    const converse = join(dir, 'converse.yaml');
    await writeFile(converse, (await readFile(suiteFile, 'utf8')).replace('api: converse-stream', 'api: converse'));
    dataPlane.converse.configure({ shift: 1, seed: 5, medianMs: { 'au.': 600, 'global.': 60, '*': 60 }, sigma: 0.05 });
    try {
      const { findings, observations } = await run({ samples: 20 }, true, converse);
      const [comparison] = of(findings, 'latency.au-vs-global');
      expect(comparison).toMatchObject({ status: 'pass', actual: { significant: true } });
      const { mediansMs, differenceMs } = comparison!.actual as { mediansMs: { au: number; global: number }; differenceMs: { low: number } };
      expect(mediansMs.au).toBeGreaterThanOrEqual(570);
      expect(differenceMs.low).toBeGreaterThan(0);
      expect(comparison!.message).toMatch(/AU is [\d.]+ ms slower .* a significant difference/);
      // Whatever the load, no call is timed faster on the wire than the stand-in waited (metrics.latencyMs, rounded).
      const samples = Object.entries(observations.toJSON())
        .filter(([key]) => key.startsWith('probe.converse@'))
        .flatMap(([, outcome]) => (outcome as { ok: true; data: ConverseTranscript }).data.samples)
        .filter((sample) => sample.outcome === 'ok');
      expect(samples).toHaveLength(40);
      for (const sample of samples) expect(sample.latencyMs!).toBeGreaterThanOrEqual(sample.serverLatencyMs! - 2);
    } finally {
      dataPlane.converse.configure({ medianMs: DEFAULT_CONVERSE_SETTINGS.medianMs, sigma: DEFAULT_CONVERSE_SETTINGS.sigma });
    }
  });

  test('against a stored baseline: an unshifted stand-in is not flagged, one shifted ×2 is', async () => {
    dataPlane.converse.configure({ shift: 1, seed: 1, medianMs: { 'au.': 80, 'global.': 70, '*': 75 }, sigma: 0.1 });
    const baselineFile = join(dir, 'baseline.json');
    // Baseline and runs alike are the server-recorded latencies of live runs: a load change between runs moves nothing.
    const first = await run({ samples: 40 });
    expect(await writeLatencyBaseline(baselineFile, serverTimed(first.observations))).toHaveLength(2);
    dataPlane.converse.configure({ shift: 1, seed: 2 });
    const same = await run({ samples: 40, baseline_file: baselineFile });
    const unshifted = of(judgedOnServerTimes(same), 'latency.regression');
    expect(unshifted.map((finding) => finding.status)).toEqual(['pass', 'pass']);
    dataPlane.converse.configure({ shift: 2, seed: 3 });
    const slower = await run({ samples: 40, baseline_file: baselineFile });
    const regressions = of(judgedOnServerTimes(slower), 'latency.regression');
    expect(regressions.map((finding) => finding.status)).toEqual(['fail', 'fail']);
    expect(regressions[0]!.message).toMatch(/regressed: median \+[\d.]+% \[\+[\d.]+%, \+[\d.]+%\] vs the baseline .* beyond the \+15\.0% tolerance/);
    dataPlane.converse.configure({ shift: 1, medianMs: DEFAULT_CONVERSE_SETTINGS.medianMs, sigma: DEFAULT_CONVERSE_SETTINGS.sigma });
  });

  test('a residency-cost cap fails when AU is significantly slower than global by more than it', async () => {
    dataPlane.converse.configure({ shift: 1, throttleEvery: 0, medianMs: { 'au.': 80, 'global.': 40, '*': 60 }, sigma: 0.1 });
    const capped = join(dir, 'capped.yaml');
    await writeFile(capped, (await readFile(suiteFile, 'utf8')).replace('  warmup: 3\n', '  warmup: 3\n  maxResidencyCostPct: 5\n'));
    const outcome = await run({}, true, capped);
    dataPlane.converse.configure({ medianMs: DEFAULT_CONVERSE_SETTINGS.medianMs, sigma: DEFAULT_CONVERSE_SETTINGS.sigma });
    expect(of(judgedOnServerTimes(outcome), 'latency.au-vs-global')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^Residency costs more than the suite allows: AU median .* \(\d+% > 5%\)/),
    });
  });

  test('throttling shows as throttles, not as latency', async () => {
    dataPlane.converse.configure({ throttleEvery: 4, shift: 1 });
    const { findings, observations } = await run();
    dataPlane.converse.configure({ throttleEvery: 0 });
    const [au] = of(findings, 'latency.profile-baseline');
    expect(au).toMatchObject({ status: 'fail', message: expect.stringMatching(/\d+ of 60 calls were throttled \(\d+% > 5%\): a quota problem, not latency/) });
    const transcript = Object.entries(observations.toJSON()).find(([key]) => key.startsWith('probe.converse@'))![1];
    const data = (transcript as { ok: true; data: { samples: { outcome: string; latencyMs?: number }[]; throttled: number } }).data;
    expect(data.throttled).toBeGreaterThan(10);
    expect(data.samples.filter((sample) => sample.outcome === 'throttled').every((sample) => sample.latencyMs === undefined)).toBe(true);
  });

  test('the budget guard refuses an over-budget suite and nothing is sent', async () => {
    const before = { ...dataPlane.converse.counts };
    const { findings, callLog } = await run({ budget: 50 });
    expect(of(findings, 'latency.budget-guard')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^Refused: the plan exceeds the budget \(126 requests > 50\); nothing was sent/),
    });
    expect(of(findings, 'latency.profile-baseline').map((finding) => finding.status)).toEqual(['skipped', 'skipped']);
    expect(dataPlane.converse.counts).toEqual(before);
    expect(callLog.counts().some((call) => call.service === 'bedrock-runtime')).toBe(false);
  });

  test('a moto target without a data plane: latency is skipped, target lacks Converse', async () => {
    const { findings } = await run({}, false);
    expect(of(findings, 'latency.profile-baseline')).toEqual([
      expect.objectContaining({ status: 'skipped', message: expect.stringContaining('does not implement Converse') }),
    ]);
  });
});
