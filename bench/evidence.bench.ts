/**
 * Issue 5's figures: writing, verifying and replaying the evidence pack of both
 * suites on the 20× lab (20 app VPCs, 80 endpoints, 80 zones, live probes),
 * and the pack's size. Medians of --runs (default 3) for verify and replay.
 *
 *   node bench/evidence.bench.ts [--scale 20] [--runs 3]
 */
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { replayPack } from '../harness/engine/replay.ts';
import { verifyPack } from '../harness/report/evidence/verify.ts';
import { runSuites } from '../harness/engine/run.ts';
import { launchLab } from '../lab/index.ts';
import { ALL_SUITES } from '../test/support/lab-scenario.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '20' }, runs: { type: 'string', default: '3' } } });
const dir = await mkdtemp(join(tmpdir(), 'crisp-evidence-bench-'));
const target = join(dir, 'lab.yaml');
await writeFile(target, `kind: lab\nscale: ${Number(values.scale)}\n`);

async function folderSize(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true }))
    total += entry.isDirectory() ? await folderSize(join(path, entry.name)) : (await stat(join(path, entry.name))).size;
  return total;
}
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
async function time<T>(action: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await action();
  return [performance.now() - started, result];
}

const run = await runSuites({
  launchLab,
  suites: ALL_SUITES,
  target,
  vars: [],
  out: join(dir, 'out'),
  checks: [],
  progress: () => {},
  evidence: join(dir, 'pack'),
});
const evidence = run.evidence!;
const verifyTimes: number[] = [];
const replayTimes: number[] = [];
let findings = 0;
for (let index = 0; index < Number(values.runs); index += 1) {
  const [verifyMs, verified] = await time(() => verifyPack(evidence.archive));
  if (!verified.intact) throw new Error('the pack does not verify');
  verifyTimes.push(verifyMs);
  const [replayMs, replayed] = await time(() => replayPack(evidence.archive));
  if (!replayed.matches) throw new Error('replay does not reproduce the findings');
  replayTimes.push(replayMs);
  findings = replayed.replayed;
}
const archiveBytes = (await stat(evidence.archive)).size;
const folderBytes = await folderSize(evidence.dir);
// Baseline, the same pack with every finding spelled out and its evidence embedded (as packs
// were written before they referenced evidence and repeats): the results.json of --out in place
// of the pack's encoded results.json and evidence.json; every other file is the same on both sides.
const fileSize = async (path: string) => (await stat(path)).size;
const embeddedBytes =
  folderBytes -
  (await fileSize(join(evidence.dir, 'results.json'))) -
  (await fileSize(join(evidence.dir, 'evidence.json'))) +
  (await fileSize(join(dir, 'out', 'results.json')));
console.log(`${values.scale}× lab, all reference suites: ${findings} findings, run ${(run.results.durationMs / 1000).toFixed(1)} s`);
console.log(`pack:   ${evidence.durationMs.toFixed(0)} ms to write (folder + .tar.gz, Ed25519)`);
console.log(`verify: ${median(verifyTimes).toFixed(0)} ms median of ${verifyTimes.length} (.tar.gz: extract, hash every file, check the signature)`);
console.log(`replay: ${median(replayTimes).toFixed(0)} ms median of ${replayTimes.length} (.tar.gz: verify, then re-evaluate every check offline)`);
console.log(
  `size:   ${(archiveBytes / 1024).toFixed(0)} KiB .tar.gz, ${(folderBytes / 1024).toFixed(0)} KiB unpacked (${(folderBytes / archiveBytes).toFixed(1)}× compression)`,
);
console.log(
  `        with results.json spelled out as in --out: ${(embeddedBytes / 1024).toFixed(0)} KiB; encoded / spelled out = ${(folderBytes / embeddedBytes).toFixed(2)}`,
);
for (const entry of (await readdir(evidence.dir)).sort())
  if (entry !== 'suites') console.log(`        ${entry.padEnd(18)} ${((await fileSize(join(evidence.dir, entry))) / 1024).toFixed(0).padStart(8)} KiB`);
