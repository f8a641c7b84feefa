/** OCSF output, and sharding a run three ways then merging it back to the unsharded verdicts. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Finding } from '../harness/model/findings.ts';
import { replayPack } from '../harness/engine/replay.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { provisionLab } from '../lab/open-lab.ts';
import { runCli } from './support/cli.ts';
import { ALL_SUITES } from './support/lab-scenario.ts';

let moto: MotoServer;
let dir: string;
let common: string[];

beforeAll(async () => {
  moto = await startMotoServer();
  dir = await mkdtemp(join(tmpdir(), 'crisp-shard-'));
  const lab = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1, fault: 'app-route-missing' });
  await writeFile(join(dir, 'moto.yaml'), `kind: moto\nendpoint: ${moto.endpoint}\n`);
  // No proxy_url: the proxy's live checks need the lab's stand-in, which a plain moto target
  // does not serve (they would be errors, ENOTFOUND, in whichever shard holds them).
  const { proxy_url: _live, ...vars } = lab.varSets[0]!;
  await writeFile(join(dir, 'vars.json'), JSON.stringify(vars));
  common = ['run', ...ALL_SUITES, '--target', join(dir, 'moto.yaml'), '--vars', join(dir, 'vars.json')];
});
afterAll(async () => {
  await moto?.stop();
});

const key = (finding: Finding) => JSON.stringify([finding.checkId, finding.resource, finding.status, finding.message]);

test('--format ocsf writes one Compliance Finding per finding', async () => {
  const out = join(dir, 'full');
  const result = await runCli([...common, '--out', out, '--format', 'ocsf']);
  expect(result.code).toBe(1);
  const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
  const events = JSON.parse(await readFile(join(out, 'ocsf.json'), 'utf8'));
  expect(events).toHaveLength(results.findings.length);
  expect(events[0]).toMatchObject({ class_uid: 2003, category_uid: 2, type_uid: 200301, metadata: { product: { name: 'crisp' } } });
  const failing = events.filter((event: { compliance: { status_id: number } }) => event.compliance.status_id === 3);
  expect(failing.length).toBe(results.summary.fail);
  expect(failing[0]).toMatchObject({ severity_id: 5, compliance: { control: expect.stringMatching(/^network\./), status: 'Fail' } });
});

test('three shards merge back to the unsharded findings; a missing shard is refused', async () => {
  const full = JSON.parse(await readFile(join(dir, 'full', 'results.json'), 'utf8'));
  const folders: string[] = [];
  for (const index of [1, 2, 3]) {
    const out = join(dir, `shard-${index}`);
    const result = await runCli([...common, '--out', out, '--shard', `${index}/3`, '--evidence', join(dir, `pack-${index}`)]);
    expect([0, 1], result.stderr.slice(-3000)).toContain(result.code);
    expect(result.stderr).toMatch(new RegExp(`shard ${index}/3: \\d+ of \\d+ checks`));
    folders.push(out);
  }
  const sizes = await Promise.all(folders.map(async (folder) => JSON.parse(await readFile(join(folder, 'results.json'), 'utf8')).findings.length));
  expect(sizes.filter((size) => size > 0).length).toBeGreaterThan(1);
  const merged = await runCli(['merge', ...folders, '--out', join(dir, 'merged')]);
  expect(merged.code).toBe(1);
  const results = JSON.parse(await readFile(join(dir, 'merged', 'results.json'), 'utf8'));
  expect(results.summary).toEqual(full.summary);
  expect(results.findings.map(key).sort()).toEqual(full.findings.map(key).sort());
  expect(results.mergedShards).toBe(3);
  const incomplete = await runCli(['merge', folders[0]!, folders[2]!, '--out', join(dir, 'merged-bad')]);
  expect(incomplete.code).toBe(2);
  expect(incomplete.stderr).toContain('merge needs each of 1..3 exactly once');
  // merge reads --format as run does: comma-separated, unknown formats refused.
  const withOcsf = await runCli(['merge', ...folders, '--out', join(dir, 'merged-ocsf'), '--format', 'ocsf']);
  expect(withOcsf.code).toBe(1);
  expect(JSON.parse(await readFile(join(dir, 'merged-ocsf', 'ocsf.json'), 'utf8'))).toHaveLength(full.findings.length);
  const unknown = await runCli(['merge', ...folders, '--out', join(dir, 'merged-sarif'), '--format', 'ocsf,sarif']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('unknown --format sarif (known: ocsf)');
  // A shard's evidence pack replays to its own findings.
  expect((await replayPack(join(dir, 'pack-2'))).matches).toBe(true);
});
