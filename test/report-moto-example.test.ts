/**
 * The README's moto example, run as written: its Python builds the two-account estate in
 * a moto server (the test's own, on a free port instead of 5000), and its crisp command
 * runs the connectivity suite on it — exit 1, with the verdict naming the missing
 * endpoints and zones, the peering across the two accounts observed and passing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { ROOT, runCli } from './support/cli.ts';

const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
/** The example's shell block: the one that starts moto_server on port 5000. */
const block = /```sh\nmoto_server -H 127\.0\.0\.1 -p 5000 &\n([^]*?)```/.exec(readme)?.[1] ?? '';
const python = /python3 - > vars\.json <<'PY'\n([^]*?)\nPY\n/.exec(block)?.[1];
const command = /^npm run crisp -- (run .*)$/m.exec(block)?.[1];
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;

let moto: MotoServer;
beforeAll(async () => {
  if (hasBoto3) moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
});

test('the README has the example: moto on 5000, a Python heredoc writing vars.json, one crisp run', () => {
  expect(python).toContain("'x-moto-account-id'");
  expect(command).toBe('run suites/bedrock-private-connectivity.yaml --target targets/moto.yaml --vars vars.json');
});

test.skipIf(!hasBoto3)(
  `the README's moto example works as written${hasBoto3 ? '' : ' (skipped: python3 has no boto3; pip install "moto[server]")'}`,
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crisp-moto-example-'));
    const built = spawnSync('python3', ['-'], { input: python!.replaceAll('http://127.0.0.1:5000', moto.endpoint), encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    await writeFile(join(dir, 'vars.json'), built.stdout);
    // targets/moto.yaml names port 5000; the same file with this test's port.
    const target = (await readFile(join(ROOT, 'targets/moto.yaml'), 'utf8')).replace('http://127.0.0.1:5000', moto.endpoint);
    await writeFile(join(dir, 'moto.yaml'), target);
    const args = command!
      .split(' ')
      .map((word) => (word === 'targets/moto.yaml' ? join(dir, 'moto.yaml') : word === 'vars.json' ? join(dir, 'vars.json') : word));
    const out = join(dir, 'out');
    const result = await runCli([...args, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^crisp: FAILED — /);
    for (const checkId of ['network.interface-endpoints-available', 'network.private-zone-per-service'])
      expect(result.stdout).toContain(`✗ ${checkId} (critical)`);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    const statusOf = (checkId: string) =>
      new Set(results.findings.filter((finding: { checkId: string }) => finding.checkId === checkId).map((finding: { status: string }) => finding.status));
    expect(statusOf('network.peering-active')).toEqual(new Set(['pass']));
    expect(statusOf('network.vpc-dns-attributes')).toEqual(new Set(['pass']));
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(/<section id="verdict" class="verdict failed"[^]*?<\/section>/.exec(html)?.[0]).toContain('network.interface-endpoints-available');
  },
  120_000,
);
