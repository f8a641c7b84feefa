/**
 * The architecture, enforced: every import under harness/ and lab/ obeys the
 * folder rules of docs/ARCHITECTURE.md §2, and the document's layout names every
 * folder under harness/. A fixture tree with one forbidden edge of each kind
 * proves the rules fail where they should.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { architectureViolations } from './support/architecture.ts';

const ROOT = join(import.meta.dirname, '..');
const FIXTURE = join(import.meta.dirname, 'fixtures/architecture');
const format = (violations: ReturnType<typeof architectureViolations>) => violations.map((v) => `${v.file}:${v.line}: ${v.rule}`);

describe('import boundaries', () => {
  test('harness/ and lab/ break no rule', () => {
    expect(format(architectureViolations(ROOT))).toEqual([]);
  });

  test('the fixture with forbidden edges fails, naming file, line and rule', () => {
    expect(format(architectureViolations(FIXTURE))).toEqual([
      'harness/checks/dns/bad-check.ts:2: checks/ may not import collect/ (../../collect/collect.ts)',
      'harness/checks/dns/bad-check.ts:3: checks/ may not import estate/ (../../estate/clients.ts)',
      'harness/checks/dns/bad-check.ts:4: checks/ may not import the AWS SDK: SDK calls live in collect/, estate/ and probe/ (@aws-sdk/client-ec2)',
      'harness/commands/run.ts:2: commands/ may import the lab only through lab/index.ts (../../lab/open-lab.ts)',
      'harness/engine/loop.ts:2: engine/ may not import lab/: only commands/ starts the lab, through lab/index.ts (../../lab/open-lab.ts)',
      'harness/model/shape.ts:2: model/ may import only types from the AWS SDK (@aws-sdk/client-ec2)',
      'harness/policy/bad.ts:1: policy/ is pure and may import only itself and model/ (../estate/partition.ts)',
      'harness/policy/bad.ts:3: policy/ is pure and may import no package (node:net)',
      'harness/policy/bad.ts:4: policy/ is pure and may import no package (zod)',
      'harness/report/bad.ts:1: report/ may not import probe/ (../probe/dns.ts)',
      'harness/report/bad.ts:2: report/ may not import collect/ (../collect/collect.ts)',
      'harness/collect/uses-engine.ts:1: import cycle between collect/, engine/: collect/ → engine/ at harness/collect/uses-engine.ts:1; engine/ → collect/ at harness/engine/loop.ts:1',
    ]);
  });
});

describe('docs/ARCHITECTURE.md', () => {
  const document = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
  /** The folders the layout block names (`harness/x/`, `checks/<domain>/` matches any domain). */
  const layout = (() => {
    const section = document.slice(document.indexOf('## 2. Layout'));
    const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    return block;
  })();

  /** Every folder under harness/, as `harness/a/b/`. */
  const folders = (() => {
    const found: string[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        found.push(`${prefix}${entry.name}/`);
        walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      }
    };
    walk(join(ROOT, 'harness'), 'harness/');
    return found.sort();
  })();

  test('the layout names every folder under harness/', () => {
    const unnamed = folders.filter((folder) => {
      const inHarness = folder.replace(/^harness\//, '');
      if (/^checks\/[^/]+\/$/.test(inHarness)) return !layout.includes('checks/<domain>/');
      return !new RegExp(`(^|\\s)${inHarness.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`, 'm').test(layout);
    });
    expect(unnamed, 'folders the layout section of docs/ARCHITECTURE.md does not name').toEqual([]);
  });

  test('every folder the layout names under harness/ exists', () => {
    const harnessBlock = layout.slice(layout.indexOf('harness/'), layout.indexOf('\nlab/'));
    const named = [...harnessBlock.matchAll(/^ {2,}([a-z][a-z0-9-]*(?:\/[a-z<>-]+)*\/)/gm)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(10);
    for (const folder of named) {
      if (folder === 'checks/<domain>/') expect(folders.some((candidate) => candidate.startsWith('harness/checks/'))).toBe(true);
      else expect(folders, `${folder} is named in the layout`).toContain(`harness/${folder}`);
    }
  });

  test('README links to it', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/ARCHITECTURE.md)');
  });
});
