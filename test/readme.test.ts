/** The README lists every check and every lab fault, so the docs cannot drift from the code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ALL_CHECKS } from '../harness/checks/registry.ts';
import { renderPermissionList } from '../harness/engine/least-privilege.ts';
import { LAB_FAULTS } from '../lab/faults.ts';
import { LAB_VARIANTS } from '../lab/variants.ts';

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
