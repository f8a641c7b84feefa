/**
 * Issue 14's scale figures, on the lab's N× fleet (default 100×: 500 app VPCs over
 * 3 accounts × 3 Regions, 2,000 app route tables, 400 zones, 5,000 extra roles,
 * 50 SCPs) with every listing forced into pages of --page-size by the lab pager,
 * crisp run as the CLI in a child process (its own RSS and wall time):
 *
 * 1. the reference suites over every app VPC (`--instances`): wall time, peak RSS,
 *    findings per second — and, as the baseline in the same process, the same run
 *    over the first five app VPCs only;
 * 2. the connectivity and governance suites: API calls against the minimum, computed
 *    from the estate as moto holds it (entries per listing ÷ page size, rounded up);
 * 3. the same run with --latency-ms per call injected by the fault proxy: wall time
 *    against the critical-path bound (calls ÷ crisp's concurrency × latency). moto answers
 *    one call at a time, which AWS does not, so this run's answers come from a recording
 *    of run 2 (lab/recorder/), as fast as AWS would be were it not for the latency; the
 *    same recording without latency is the baseline of what the latency added;
 * 4. the whole run as --shards shards merged with `crisp merge`: the merge must equal
 *    the unsharded run (the benchmark exits 1 otherwise).
 *
 *   node bench/scale.bench.ts [--fleet 100] [--page-size 100] [--latency-ms 40] [--shards 10]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COLLECT_CONCURRENCY } from '../harness/collect/collect.ts';
import { startMotoServer } from '../harness/estate/moto-server.ts';
import type { Results } from '../harness/model/results.ts';
import { startFaultProxy } from '../lab/faultproxy/fault-proxy.ts';
import { fleetSize } from '../lab/fleet.ts';
import { provisionLab, startLabServices } from '../lab/open-lab.ts';
import { startSmallPagesProxy } from '../lab/pager/small-pages-proxy.ts';
import { startRecordingProxy } from '../lab/recorder/recording-proxy.ts';
import { writeLabTargetFiles } from '../lab/target-files.ts';
import { ALL_SUITES, CONNECTIVITY_SUITE, GOVERNANCE_SUITE } from '../test/support/lab-scenario.ts';
import { verdictOf } from '../test/support/verdicts.ts';
import { fleetMinimumCalls } from './support/fleet-minimum.ts';

const { values } = parseArgs({
  options: {
    fleet: { type: 'string', default: '100' },
    'page-size': { type: 'string', default: '100' },
    'latency-ms': { type: 'string', default: '40' },
    shards: { type: 'string', default: '10' },
  },
});
const FLEET = Number(values.fleet);
const PAGE_SIZE = Number(values['page-size']);
const LATENCY_MS = Number(values['latency-ms']);
const SHARDS = Number(values.shards);
const GIB_KIB = 1024 * 1024;
const ROOT = join(import.meta.dirname, '..');

interface CliRun {
  code: number | null;
  wallMs: number;
  maxRssKiB: number;
  results: Results;
}

/** Runs the CLI as a child (bench/support/measured-cli.ts) and reads its usage and results. */
async function crisp(args: string[], out: string): Promise<CliRun> {
  const usageFile = `${out}.usage.json`;
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench/support/measured-cli.ts'), ...args, '--out', out], {
      cwd: ROOT,
      env: { ...process.env, CRISP_BENCH_USAGE: usageFile, CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr!.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
    child.on('close', (status) => {
      if (status !== 0 && status !== 1) console.error(`crisp ${args[0]} exited ${status}:\n${tail}`);
      resolve(status);
    });
  });
  const wallMs = performance.now() - started;
  const usage = JSON.parse(await readFile(usageFile, 'utf8')) as { maxRssKiB: number };
  const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
  return { code, wallMs, maxRssKiB: usage.maxRssKiB, results };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const totalCalls = (results: Results) => results.apiCalls.reduce((sum, call) => sum + call.count, 0);
const verdict = verdictOf;

const size = fleetSize(FLEET);
const dir = await mkdtemp(join(tmpdir(), 'crisp-scale-bench-'));
const moto = await startMotoServer();
let failed = false;
try {
  console.log(
    `${FLEET}× fleet: ${size.appVpcs} app VPCs in ${size.cells} (account, Region) cells, ${size.appRouteTables} app route tables, ${size.zones} zones, ${size.extraRoles} extra roles, ${size.scps} SCPs; pages of ${PAGE_SIZE}`,
  );
  let started = performance.now();
  const lab = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1, fleet: FLEET });
  console.log(`provisioned in ${seconds(performance.now() - started)} (not part of any figure)`);

  // crisp → fault proxy (latency) → recorder → pager (small pages) → moto; the stand-ins forward through the same chain.
  const pager = await startSmallPagesProxy(moto.endpoint, PAGE_SIZE);
  const recorder = await startRecordingProxy(pager.endpoint);
  const faults = await startFaultProxy({ upstream: recorder.endpoint });
  const services = await startLabServices(moto.endpoint, lab, () => {}, faults.endpoint);
  const files = await writeLabTargetFiles(dir, {
    apiEndpoint: faults.endpoint,
    endpoints: services.endpoints,
    dataPlane: services.dataPlane.settings,
    varSets: lab.varSets,
    name: `${FLEET}x fleet`,
  });
  const firstFive = join(dir, 'first-five.json');
  await writeFile(firstFive, JSON.stringify(lab.varSets.slice(0, 5)));
  const all = ['run', ...ALL_SUITES, '--target', files.target];

  try {
    // 1. Wall time, peak RSS and findings per second; the 1× worth of instances as the baseline.
    const base = await crisp([...all, '--instances', firstFive], join(dir, 'base'));
    const whole = await crisp([...all, '--instances', files.instances], join(dir, 'whole'));
    const findings = whole.results.findings.length;
    console.log('\nrun                               instances  findings     wall   peak RSS   findings/s');
    for (const [label, run] of [
      ['first 5 app VPCs (baseline)', base],
      [`all ${size.appVpcs} app VPCs`, whole],
    ] as const)
      console.log(
        `${label.padEnd(33)} ${String(run.results.suites.length).padStart(9)} ${String(run.results.findings.length).padStart(9)} ${seconds(run.wallMs).padStart(8)} ${mib(run.maxRssKiB).padStart(10)} ${(run.results.findings.length / (run.wallMs / 1000)).toFixed(0).padStart(12)}`,
      );
    console.log(
      `${size.appVpcs / 5}× the app VPCs: ${(whole.wallMs / base.wallMs).toFixed(2)}× the wall time, ${(whole.maxRssKiB / base.maxRssKiB).toFixed(2)}× the peak RSS; peak RSS ${(whole.maxRssKiB / GIB_KIB).toFixed(2)} GiB (goal < 1 GiB)`,
    );
    console.log(`findings per second: ${(findings / (whole.wallMs / 1000)).toFixed(0)} (${findings} findings, ${whole.results.summary.pass} passed)`);
    if (whole.code !== 0 || whole.maxRssKiB >= GIB_KIB) failed = true;
    const reportSizes = await Promise.all(
      ['results.json', 'junit.xml', 'report.html'].map(async (name) => `${name} ${((await stat(join(dir, 'whole', name))).size / 1024 / 1024).toFixed(1)} MiB`),
    );
    const htmlBytes = (await stat(join(dir, 'whole', 'report.html'))).size;
    console.log(`reports of the whole run: ${reportSizes.join(', ')} (report.html goal < 10 MiB)`);
    if (htmlBytes >= 10 * 1024 * 1024) failed = true;

    // 2. API calls against the minimum, for the suites whose work grows with the estate.
    const scaled = ['run', CONNECTIVITY_SUITE, GOVERNANCE_SUITE, '--target', files.target, '--instances', files.instances];
    const callsBefore = faults.calls.length;
    const plain = await crisp(scaled, join(dir, 'calls'));
    const proxiedCalls = faults.calls.length - callsBefore;
    const minimum = await fleetMinimumCalls(moto.endpoint, lab, PAGE_SIZE);
    const counts = new Map<string, number>();
    for (const call of plain.results.apiCalls)
      counts.set(`${call.service}:${call.operation}`, (counts.get(`${call.service}:${call.operation}`) ?? 0) + call.count);
    console.log('\noperation                                        calls  minimum');
    let over = 0;
    for (const [operation, count] of [...counts].sort()) {
      const least = minimum.get(operation);
      if (least !== undefined && count > least) over += count - least;
      console.log(`${operation.padEnd(48)} ${String(count).padStart(5)}  ${least === undefined ? '(fixed)' : String(least).padStart(7)}`);
    }
    for (const [operation, least] of minimum) if (!counts.has(operation)) console.log(`${operation.padEnd(48)}     0  ${String(least).padStart(7)}`);
    const counted = [...counts].filter(([operation]) => minimum.has(operation)).reduce((sum, [, count]) => sum + count, 0);
    const least = [...minimum.values()].reduce((sum, count) => sum + count, 0);
    console.log(
      `scaled operations: ${counted} calls against a minimum of ${least} (${(counted / least).toFixed(3)}×; ${over} above it); ${totalCalls(plain.results)} calls in all`,
    );
    if (over > 0) failed = true;

    // 3. The same run answered from the recording of run 2, without and with latency per call.
    recorder.setMode('replay');
    const recordedRun = await crisp(scaled, join(dir, 'recorded'));
    faults.setLatency(LATENCY_MS);
    const before = faults.calls.length;
    const slow = await crisp(scaled, join(dir, 'slow'));
    const delayed = faults.calls.length - before;
    faults.setLatency(0);
    const { replayed, forwarded } = recorder.counts;
    recorder.setMode('record');
    const bound = (delayed / COLLECT_CONCURRENCY) * LATENCY_MS;
    console.log(
      `\nanswers from the recording (${replayed} replayed, ${forwarded} forwarded over both runs; ${proxiedCalls} calls in run 2 from moto took ${seconds(plain.wallMs)}):`,
    );
    console.log(`  no added latency:  wall ${seconds(recordedRun.wallMs)} (crisp's own time: start, load, plan, evaluate, report)`);
    console.log(
      `  ${LATENCY_MS} ms per call:   wall ${seconds(slow.wallMs)}; bound ${seconds(bound)} (${delayed} calls ÷ concurrency ${COLLECT_CONCURRENCY} × ${LATENCY_MS} ms) → ${(slow.wallMs / bound).toFixed(2)}× the bound (goal ≤ 1.5×)`,
    );
    console.log(`  the latency added ${seconds(slow.wallMs - recordedRun.wallMs)} = ${((slow.wallMs - recordedRun.wallMs) / bound).toFixed(2)}× the bound`);

    // 4. The whole run as shards, merged: the same findings and verdict as unsharded.
    const folders: string[] = [];
    let slowest = 0;
    for (let index = 1; index <= SHARDS; index += 1) {
      const shard = await crisp([...all, '--instances', files.instances, '--shard', `${index}/${SHARDS}`], join(dir, `shard-${index}`));
      slowest = Math.max(slowest, shard.wallMs);
      folders.push(join(dir, `shard-${index}`));
    }
    const merged = await crisp(['merge', ...folders], join(dir, 'merged'));
    const same =
      JSON.stringify(merged.results.summary) === JSON.stringify(whole.results.summary) &&
      JSON.stringify(merged.results.findings.map(verdict).sort()) === JSON.stringify(whole.results.findings.map(verdict).sort());
    console.log(
      `\n${SHARDS} shards: slowest shard ${seconds(slowest)} (a CI matrix's wall time) vs ${seconds(whole.wallMs)} unsharded; merge ${same ? 'equals' : 'DIFFERS FROM'} the unsharded run (exit ${merged.code} vs ${whole.code})`,
    );
    if (!same) {
      const left = new Set(whole.results.findings.map(verdict));
      const right = new Set(merged.results.findings.map(verdict));
      for (const line of [...left].filter((entry) => !right.has(entry)).slice(0, 5)) console.log(`  only unsharded: ${line}`);
      for (const line of [...right].filter((entry) => !left.has(entry)).slice(0, 5)) console.log(`  only merged:    ${line}`);
    }
    if (!same || merged.code !== whole.code) failed = true;
  } finally {
    await services.stop();
    await faults.stop();
    await recorder.stop();
    await pager.stop();
  }
} finally {
  await moto.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
