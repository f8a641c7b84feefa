/**
 * The bad-input cases whose behaviour depends on the process, as real `crisp` processes:
 * the exit code the shell sees, output that reaches the terminal, and inputs that used to
 * hang (`--out` under /proc, /dev/zero as an input, a link to it inside a pack) — each must
 * end well inside its time limit. One case per category at least runs this way; the rest
 * run in process (corpus.test.ts) through the same entry point.
 */
import { mkdir, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALL_CASES } from './cases/index.ts';
import { buildFixtures } from './fixtures.ts';
import { expectContract, layOut, runSpawned, snapshot, tempRoot } from './harness.ts';

const SPAWNED = ALL_CASES.filter((entry) => entry.spawn);

let root: string;
let fixtures: string;

beforeAll(async () => {
  root = await tempRoot('bad-input-cli');
  fixtures = `${root}/fixtures`;
  await mkdir(fixtures);
  await buildFixtures(fixtures);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('bad input, as a real process', () => {
  test('every category has a case run as a real process', () => {
    expect(new Set(SPAWNED.map((entry) => entry.category))).toEqual(new Set(ALL_CASES.map((entry) => entry.category)));
  });

  test.each(SPAWNED.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const skip = entry.skip?.();
    if (skip) return void console.info(`skipped: ${skip}`);
    const { dir, args, env } = await layOut(entry, `${root}/cases`, fixtures);
    const before = await snapshot(dir);
    // A bad input is refused before anything starts: seconds at most, never a hang.
    const outcome = await runSpawned(args, env, 20_000);
    expect(outcome.hung, `${entry.name}: still running after 20 s`).toBe(false);
    expectContract(entry, outcome, dir, fixtures);
    expect(await snapshot(dir), `${entry.name}: files in the case folder changed`).toEqual(before);
  });
});
