/**
 * `kind: localstack` with `start: true`: runs the suite's preflight against a
 * LocalStack that crisp starts itself. Skips with the reason where no container
 * runtime or no auth token exists (as on this project's CI machine).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { containerRuntimeProblem } from '../harness/estate/localstack.ts';
import { ROOT, runCli } from './support/cli.ts';

const problem = (await containerRuntimeProblem()) ?? (process.env.LOCALSTACK_AUTH_TOKEN ? undefined : 'LOCALSTACK_AUTH_TOKEN is not set');

describe('localstack target', () => {
  test('without a container runtime or token, start: true exits 2 and says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crisp-ls-'));
    const target = join(dir, 'ls.yaml');
    await writeFile(target, 'kind: localstack\nstart: true\n');
    const result = await runCli(['run', join(ROOT, 'suites'), '--target', target], problem ? {} : { LOCALSTACK_AUTH_TOKEN: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/LOCALSTACK_AUTH_TOKEN|no container runtime/);
  });

  test.skipIf(problem !== undefined)(
    `starts LocalStack and reaches it (skipped here: ${problem ?? 'runtime present'})`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'crisp-ls-'));
      const target = join(dir, 'ls.yaml');
      await writeFile(target, 'kind: localstack\nstart: true\n');
      const vars = join(dir, 'vars.json');
      await writeFile(
        vars,
        JSON.stringify({
          app_account_id: '111111111111',
          app_region: 'ap-southeast-2',
          app_vpc_id: 'vpc-0a',
          endpoint_account_id: '111111111111',
          endpoint_region: 'ap-southeast-2',
          endpoint_vpc_id: 'vpc-0b',
        }),
      );
      const result = await runCli(['run', join(ROOT, 'suites'), '--target', target, '--vars', vars, '--out', join(dir, 'out')]);
      // The VPCs do not exist there: reachable, so the verdict is complete but errors on the vars.
      expect(result.stderr).toContain('started LocalStack');
      expect([1, 3]).toContain(result.code);
    },
    300_000,
  );
});
