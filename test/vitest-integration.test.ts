/**
 * Suites as Vitest tests: the real Vitest JUnit reporter, run on a faulty lab,
 * fails exactly the intended check's tests and skips the capability gap.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './support/cli.ts';

test('crisp:vitest on the return-route-missing lab: exactly the checks of the fault fail, reported by Vitest’s own JUnit reporter', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crisp-vitest-'));
  const target = join(dir, 'lab.yaml');
  await writeFile(target, 'kind: lab\nfault: return-route-missing\n');
  const junitFile = join(dir, 'junit.xml');
  const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', '--config', 'vitest.crisp.config.ts', '--reporter=junit', `--outputFile=${junitFile}`], {
      cwd: ROOT,
      env: { ...process.env, CRISP_TARGET: target, CRISP_OUT: join(dir, 'out') },
      stdio: 'ignore',
    });
    child.on('close', resolve);
  });
  expect(code).toBe(1);
  const xml = await readFile(junitFile, 'utf8');
  const failing = [...xml.matchAll(/<testcase classname="[^"]*" name="([^"]+)"[^>]*>(?:(?!<\/testcase>)[\s\S])*?<failure/g)].map((match) => match[1]);
  expect(failing.length).toBeGreaterThan(0);
  // The fault's owning check, and the static path that walks the same missing hop.
  expect(new Set(failing.map((name) => name!.split(' &gt; ')[0]))).toEqual(new Set(['network.endpoint-routes-to-app', 'network.static-path']));
  expect(xml).toContain('has no route for app subnet');
  // Vitest's JUnit reporter writes a bare <skipped/>; crisp's own junit.xml carries the reason.
  expect(xml).toMatch(/name="network\.endpoint-ips-in-subnets &gt; [^"]*"[^>]*>\s*<skipped\/>/);
  expect(xml).toContain('<property name="crisp" value="severity critical;');
}, 120_000);
