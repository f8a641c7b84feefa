/**
 * The bad-input corpus, in process: every case through the CLI's own entry point
 * (`main` of harness/cli.ts — the same argument parsing, commands and error handling
 * a user's `crisp` runs), each asserting exit 2 (or the case's code), one line naming
 * the file, line:col and field, no stack trace, and nothing previously written changed.
 * corpus-cli.test.ts runs the cases that depend on the process as real processes.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALL_CASES } from './cases/index.ts';
import { buildFixtures } from './fixtures.ts';
import { expectContract, layOut, runInProcess, snapshot, tempRoot } from './harness.ts';

let root: string;
let fixtures: string;
let fixturesBefore: Record<string, string>;

beforeAll(async () => {
  root = await tempRoot('bad-input');
  fixtures = `${root}/fixtures`;
  await (await import('node:fs/promises')).mkdir(fixtures);
  await buildFixtures(fixtures);
  fixturesBefore = await snapshot(fixtures);
});

afterAll(async () => {
  // The shared fixtures (a pack, results, shards, keys) were inputs to every case: none may have changed.
  expect(await snapshot(fixtures)).toEqual(fixturesBefore);
  await rm(root, { recursive: true, force: true });
});

describe('bad input: a clear error, nothing lost', () => {
  test('the corpus holds at least 100 cases, with unique names, across every category', () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(ALL_CASES.map((entry) => entry.name)).size).toBe(ALL_CASES.length);
    expect(new Set(ALL_CASES.map((entry) => entry.category))).toEqual(new Set(['suite', 'target', 'vars', 'cli', 'explain', 'pack', 'key', 'output', 'merge']));
  });

  test.each(ALL_CASES.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const skip = entry.skip?.();
    if (skip) return void console.info(`skipped: ${skip}`);
    const { dir, args, env } = await layOut(entry, `${root}/cases`, fixtures);
    const before = await snapshot(dir);
    const outcome = await runInProcess(args, env);
    expectContract(entry, outcome, dir, fixtures);
    expect(await snapshot(dir), `${entry.name}: files in the case folder changed`).toEqual(before);
  });
});
