/**
 * The latency suite against the lab's Bedrock runtime stand-in, through the
 * real SDK and the lab's private path: regression flagged only when the
 * stand-in is shifted, throttling counted as throttles, the budget guard
 * refusing an over-budget suite before anything is sent.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CallLog } from '../harness/model/call-log.ts';
import { checkCatalog } from '../harness/checks/registry.ts';
import type { ConverseTranscript } from '../harness/model/observations.ts';
import type { Finding } from '../harness/model/findings.ts';
import { runChecks } from '../harness/engine/engine.ts';
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
    return { ...(await runChecks(suite.checks, context)), callLog };
  } finally {
    clients.destroy();
  }
}

const of = (findings: Finding[], checkId: string) => findings.filter((finding) => finding.checkId === checkId);

describe('latency on the lab', () => {
  test('clean: percentiles with intervals per profile, AU measurably slower than global, quota skipped with the reason', async () => {
    dataPlane.converse.configure({ shift: 1, throttleEvery: 0, errorEvery: 0 });
    const { findings, callLog } = await run();
    expect(of(findings, 'latency.budget-guard')).toEqual([expect.objectContaining({ status: 'pass' })]);
    const profiles = of(findings, 'latency.profile-baseline');
    expect(profiles.map((finding) => finding.status)).toEqual(['pass', 'pass']);
    expect(profiles[0]!.message).toMatch(/p50 [\d.]+ ms \[[\d.]+, [\d.]+\], p95 .* over 60 samples/);
    expect(profiles[0]!.evidence).toMatchObject({ protocols: ['h2'], warmupDiscarded: 3, ok: 60, throttled: 0 });
    expect(of(findings, 'latency.au-vs-global')[0]).toMatchObject({ status: 'pass', actual: { significant: true } });
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

  test('against a stored baseline: an unshifted stand-in is not flagged, one shifted ×2 is', async () => {
    // Slower, tighter answers than the default, so that loopback scheduling jitter under a busy test run stays small beside them.
    dataPlane.converse.configure({ shift: 1, seed: 1, medianMs: { 'au.': 80, 'global.': 70, '*': 75 }, sigma: 0.1 });
    const baselineFile = join(dir, 'baseline.json');
    const first = await run({ samples: 80 });
    expect(await writeLatencyBaseline(baselineFile, first.observations)).toHaveLength(2);
    dataPlane.converse.configure({ shift: 1, seed: 2 });
    const same = await run({ samples: 80, baseline_file: baselineFile });
    // Not flagged: never a fail (loopback timing noise may leave it undecided, which says so).
    const unshifted = of(same.findings, 'latency.regression');
    expect(unshifted).toHaveLength(2);
    expect(unshifted.every((finding) => finding.status === 'pass' || (finding.status === 'error' && /samples per side are needed/.test(finding.message)))).toBe(
      true,
    );
    dataPlane.converse.configure({ shift: 2, seed: 3 });
    const slower = await run({ samples: 80, baseline_file: baselineFile });
    const regressions = of(slower.findings, 'latency.regression');
    expect(regressions.map((finding) => finding.status)).toEqual(['fail', 'fail']);
    expect(regressions[0]!.message).toMatch(/regressed: median \+[\d.]+% \[\+[\d.]+%, \+[\d.]+%\] vs the baseline .* beyond the \+15\.0% tolerance/);
    dataPlane.converse.configure({ shift: 1, medianMs: DEFAULT_CONVERSE_SETTINGS.medianMs, sigma: DEFAULT_CONVERSE_SETTINGS.sigma });
  });

  test('a residency-cost cap fails when AU is significantly slower than global by more than it', async () => {
    dataPlane.converse.configure({ shift: 1, throttleEvery: 0, medianMs: { 'au.': 80, 'global.': 40, '*': 60 }, sigma: 0.1 });
    const capped = join(dir, 'capped.yaml');
    await writeFile(capped, (await readFile(suiteFile, 'utf8')).replace('  warmup: 3\n', '  warmup: 3\n  maxResidencyCostPct: 5\n'));
    const { findings } = await run({}, true, capped);
    dataPlane.converse.configure({ medianMs: DEFAULT_CONVERSE_SETTINGS.medianMs, sigma: DEFAULT_CONVERSE_SETTINGS.sigma });
    expect(of(findings, 'latency.au-vs-global')[0]).toMatchObject({
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
