/** The README lists every check and every lab fault, so the docs cannot drift from the code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ALL_CHECKS } from '../harness/checks/registry.ts';
import { renderPermissionList } from '../harness/engine/least-privilege.ts';
import { LAB_FAULTS } from '../lab/faults.ts';
import { LAB_VARIANTS } from '../lab/variants.ts';
import { parse } from 'yaml';
import { runCli } from './support/cli.ts';

const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');

test('every check appears in the README with its severity and title', () => {
  for (const check of ALL_CHECKS) expect(readme).toContain(`| \`${check.id}\` | ${check.severity} | ${check.title} |`);
});

test('every lab fault appears in the README with the check that catches it', () => {
  for (const fault of LAB_FAULTS)
    expect(readme).toContain(
      `| \`${fault.name}\` | ${fault.description} | ${fault.detectedBy.map((id) => `\`${id}\``).join(', ')}${fault.reportedAs === 'error' ? ' (error)' : ''} |`,
    );
});

test('every clean lab shape appears in the README with its description', () => {
  for (const variant of LAB_VARIANTS) expect(readme).toContain(`| \`${variant.name}\` | ${variant.description} |`);
});

test('the README test command is what .ci/run runs', () => {
  expect(readme).toContain('npm ci && npm test');
  expect(readFileSync(join(import.meta.dirname, '../.ci/run'), 'utf8')).toContain('\nnpm ci && npm test\n');
});

test("the permission list in 'Real accounts' is the one the action map generates", () => {
  // Regenerate with: node -e "import('./harness/engine/least-privilege.ts').then((m) => console.log(m.renderPermissionList()))"
  expect(readme).toContain(renderPermissionList());
});

test('the CI matrix example: one job per shard of n, every crisp option real, and a merge job that gates after every shard', async () => {
  const block = /```yaml\n(jobs:[\s\S]*?)```/.exec(readme)?.[1];
  expect(block, 'the GitHub Actions example').toBeDefined();
  const workflow = parse(block!) as {
    jobs: Record<string, { strategy?: { matrix: { shard: number[] } }; needs?: string; if?: string; steps: { run?: string }[] }>;
  };
  const shards = workflow.jobs.crisp!.strategy!.matrix.shard;
  const run = workflow.jobs.crisp!.steps.map((step) => step.run ?? '').find((line) => line.includes('crisp run'))!;
  expect(run).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
  expect(shards).toEqual(Array.from({ length: shards.length }, (_, index) => index + 1));
  const help = (await runCli(['run', '--help'])).stdout;
  for (const option of run.match(/--[a-z-]+/g)!) expect(help, option).toContain(option);
  const merge = workflow.jobs.merge!;
  expect(merge.needs).toBe('crisp');
  expect(merge.if).toBe('always()');
  expect(merge.steps.some((step) => /^npx crisp merge reports\/crisp-shard-\* --out /.test(step.run ?? ''))).toBe(true);
});
