/**
 * The `crisp` CLI as users run it, with the fault proxy between it and moto: retries on
 * stderr, in results.json and in the evidence pack; a listing that keeps failing is exit 3
 * naming the operation, account and Region; the emulator killed mid-run is exit 3 with
 * every report written from what was observed; Ctrl-C mid-run is exit 130. For the lab
 * target (crisp starts moto and the stand-ins itself) the proxy stands in front of the lab's
 * moto through the target's `endpoints:`, and no process the run started outlives it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../../lab/faultproxy/fault-proxy.ts';
import { provisionLab } from '../../lab/open-lab.ts';
import { ROOT, runCli, startCli } from '../support/cli.ts';

const SUITE = join(ROOT, 'suites/bedrock-private-connectivity.yaml');
/** The services the lab's moto serves (the lab's own stand-ins answer bedrock, cloudtrail and iam). */
const MOTO_SERVICES = [
  'apigateway',
  'dynamodb',
  'ec2',
  'kms',
  'lambda',
  'logs',
  'organizations',
  'route53',
  'route53resolver',
  's3',
  'secretsmanager',
  'servicequotas',
  'sts',
];
/** A round-2 call of the connectivity suite: a zone's records, read after every round-1 listing. */
const ZONE_RECORDS = { service: 'route53', path: /\/rrset$/ };

/**
 * The reports of a run interrupted while a zone's records were being read: everything read
 * before is judged, what was not read is an error saying the run was interrupted — never a pass.
 */
async function expectInterruptedReports(out: string): Promise<void> {
  const results = await readJson(join(out, 'results.json'));
  expect(results.interrupted).toBe('SIGINT');
  expect(results.summary.fail).toBe(0);
  expect(results.summary.pass).toBeGreaterThan(0);
  const interrupted = results.findings.filter((finding: { message: string }) => /the run was interrupted \(SIGINT\)/.test(finding.message));
  expect(interrupted.length).toBeGreaterThan(0);
  for (const finding of interrupted) expect(finding.status).toBe('error');
  expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('Interrupted (SIGINT)');
  expect((await readFile(join(out, 'junit.xml'), 'utf8')).length).toBeGreaterThan(0);
}

let moto: MotoServer;
let proxy: FaultProxy;
let dir: string;
let target: string;
let vars: string;

beforeAll(async () => {
  moto = await startMotoServer();
  const { varSets } = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1 });
  proxy = await startFaultProxy({ upstream: moto.endpoint });
  dir = await mkdtemp(join(tmpdir(), 'crisp-faults-'));
  target = join(dir, 'moto-behind-proxy.yaml');
  await writeFile(target, `kind: moto\nendpoint: ${proxy.endpoint}\n`);
  vars = join(dir, 'vars.json');
  await writeFile(vars, JSON.stringify(varSets[0]));
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

async function runThrough(rules: FaultRule[], out: string, extra: string[] = []) {
  proxy.setRules(rules);
  try {
    return await runCli(['run', SUITE, '--target', target, '--vars', vars, '--out', out, ...extra]);
  } finally {
    proxy.setRules([]);
  }
}

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

/** Every process below `pid`, found through /proc (the CLI's moto included). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone while we looked
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** True while the process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

const listening = (endpoint: string) =>
  fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2_000) }).then(
    async (response) => (await response.body?.cancel(), true),
    () => false,
  );

describe('crisp run with the fault proxy in front of moto', () => {
  test('throttled, reset and cut calls are retried: the same exit code, each retry on stderr, in results.json and in the evidence pack', async () => {
    const out = join(dir, 'retried');
    const evidence = join(dir, 'retried-evidence');
    const result = await runThrough(
      [
        { match: { operation: 'DescribeRouteTables', region: 'ap-southeast-6' }, when: { first: 2 }, fault: { kind: 'throttle' } },
        { match: { operation: 'DescribeSubnets' }, when: { first: 1 }, fault: { kind: 'reset' } },
        { match: { service: 'route53', path: '/2013-04-01/hostedzonesbyvpc' }, when: { first: 1 }, fault: { kind: 'truncate' } },
      ],
      out,
      ['--evidence', evidence],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /retrying ec2:DescribeRouteTables in 111111111111\/ap-southeast-6, attempt 2 of 4, after RequestLimitExceeded \(HTTP 503\): Request limit exceeded\.; backed off \d+ ms/,
    );
    expect(result.stderr).toContain('retrying ec2:DescribeRouteTables in 111111111111/ap-southeast-6, attempt 3 of 4');
    expect(result.stderr).toMatch(/retrying ec2:DescribeSubnets in \d{12}\/[a-z0-9-]+, attempt 2 of 4, after TimeoutError \(ECONNRESET\)/);
    expect(result.stderr).toMatch(/retrying route53:ListHostedZonesByVPC in 111111111111\/us-east-1, attempt 2 of 4, after .*ECONNRESET/);
    const results = await readJson(join(out, 'results.json'));
    expect(results.summary).toMatchObject({ fail: 0, error: 0 });
    const routeTables = results.apiCalls.find(
      (entry: { operation: string; region: string }) => entry.operation === 'DescribeRouteTables' && entry.region === 'ap-southeast-6',
    );
    expect(routeTables).toMatchObject({
      count: 1,
      retries: [
        { attempt: 1, error: 'RequestLimitExceeded', httpStatus: 503, delayMs: expect.any(Number) },
        { attempt: 2, error: 'RequestLimitExceeded', httpStatus: 503, delayMs: expect.any(Number) },
      ],
    });
    // The pack's results.json is the one written to --out: the retries travel with the evidence.
    expect((await readJson(join(evidence, 'results.json'))).apiCalls).toEqual(results.apiCalls);
  }, 120_000);

  test('a listing throttled on every attempt: exit 3, the error names the operation, account and Region, every report written', async () => {
    const out = join(dir, 'exhausted');
    const result = await runThrough([{ match: { operation: 'DescribeRouteTables', region: 'ap-southeast-6' }, fault: { kind: 'throttle' } }], out);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('gave up on ec2:DescribeRouteTables in 111111111111/ap-southeast-6 after 4 attempts: RequestLimitExceeded');
    const results = await readJson(join(out, 'results.json'));
    expect(results.summary.fail).toBe(0);
    expect(results.summary.error).toBeGreaterThan(0);
    expect(results.summary.pass).toBeGreaterThan(0);
    for (const finding of results.findings.filter((candidate: { status: string }) => candidate.status === 'error'))
      expect(finding.message).toMatch(
        /Could not evaluate: ec2:DescribeRouteTables failed: RequestLimitExceeded: .* \(gave up after 4 attempts\) \(account 111111111111, Region ap-southeast-6\)\./,
      );
    for (const name of ['junit.xml', 'report.html']) expect((await readFile(join(out, name), 'utf8')).length).toBeGreaterThan(0);
  }, 120_000);

  test('Ctrl-C mid-run behind the proxy: exit 130', async () => {
    let run: ReturnType<typeof startCli> | undefined;
    proxy.setRules([
      {
        match: ZONE_RECORDS,
        when: { first: 1 },
        fault: { kind: 'hook', run: () => void run!.child.kill('SIGINT') },
      },
      // Hold the call so the run is still in flight when the signal lands.
      { match: ZONE_RECORDS, fault: { kind: 'delay', ms: 10_000 } },
    ]);
    try {
      const out = join(dir, 'interrupted');
      run = startCli(['run', SUITE, '--target', target, '--vars', vars, '--out', out]);
      const result = await run.done;
      expect(result.code, result.stderr).toBe(130);
      expect(result.stderr).toContain('SIGINT: stopping; writing the reports with what was observed');
      await expectInterruptedReports(out);
    } finally {
      proxy.setRules([]);
    }
  }, 120_000);

  test("a second Ctrl-C stops at once, and never leaves an earlier run's PASSED junit.xml to be read as this run's", async () => {
    const out = join(dir, 'twice');
    await mkdir(out, { recursive: true });
    const stale = '<testsuites name="crisp" tests="1" failures="0" errors="0"><!-- an earlier run --></testsuites>\n';
    await writeFile(join(out, 'junit.xml'), stale);
    let run: ReturnType<typeof startCli> | undefined;
    proxy.setRules([
      {
        match: ZONE_RECORDS,
        when: { first: 1 },
        fault: {
          kind: 'hook',
          run: () => {
            run!.child.kill('SIGINT');
            run!.child.kill('SIGINT');
          },
        },
      },
      { match: ZONE_RECORDS, fault: { kind: 'delay', ms: 10_000 } },
    ]);
    try {
      run = startCli(['run', SUITE, '--target', target, '--vars', vars, '--out', out]);
      const result = await run.done;
      expect(result.code, result.stderr).toBe(130);
      // Either this run's reports were written before the second signal landed, or none are there.
      const junit = await readFile(join(out, 'junit.xml'), 'utf8').catch(() => undefined);
      expect(junit).not.toBe(stale);
    } finally {
      proxy.setRules([]);
    }
  }, 120_000);

  // Last in this block: it kills the shared moto.
  test('moto killed mid-run behind the proxy: exit 3, every report written with what was observed before', async () => {
    // Every round-1 listing is read; moto dies as the first zone's records are asked for.
    const out = join(dir, 'killed');
    const result = await runThrough([{ match: ZONE_RECORDS, when: { first: 1 }, fault: { kind: 'hook', run: () => moto.stop() } }], out);
    expect(result.code, result.stderr).toBe(3);
    expect(await listening(moto.endpoint)).toBe(false);
    expect(result.stderr).toMatch(/retrying route53:ListResourceRecordSets in 111111111111\/us-east-1, attempt 2 of 4, after TimeoutError \(ECONNRESET\)/);
    const results = await readJson(join(out, 'results.json'));
    expect(results.summary.fail).toBe(0);
    expect(results.summary.pass).toBeGreaterThan(10);
    const errors = results.findings.filter((finding: { status: string }) => finding.status === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const finding of errors) expect(finding.message).toMatch(/cannot reach moto at .* for route53:ListResourceRecordSets: ECONNRESET/);
    expect(results.findings.find((finding: { checkId: string }) => finding.checkId === 'network.peering-active')).toMatchObject({ status: 'pass' });
    for (const name of ['junit.xml', 'report.html']) expect((await readFile(join(out, name), 'utf8')).length).toBeGreaterThan(0);
  }, 180_000);
});

describe('the lab target behind the fault proxy', () => {
  /** Starts `crisp run` on a lab target whose moto services go through a fresh proxy; the proxy learns the lab's moto from stderr. */
  async function startLabRun(out: string, rules: (cli: () => ReturnType<typeof startCli>) => FaultRule[]) {
    const front = await startFaultProxy({});
    const labTarget = join(dir, `lab-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(labTarget, `kind: lab\nendpoints:\n${MOTO_SERVICES.map((service) => `  ${service}: ${front.endpoint}\n`).join('')}`);
    let run: ReturnType<typeof startCli> | undefined;
    front.setRules(rules(() => run!));
    run = startCli(['run', SUITE, '--target', labTarget, '--out', out]);
    const motoEndpoint = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /into (http:\/\/127\.0\.0\.1:\d+)/.exec(run!.stderrSoFar());
        if (match) {
          clearInterval(timer);
          resolve(match[1]!);
        }
      }, 20);
      void run!.done.then(() => {
        clearInterval(timer);
        reject(new Error(`exited before provisioning: ${run!.stderrSoFar()}`));
      });
    });
    front.setUpstream(motoEndpoint);
    return { run, front, motoEndpoint };
  }

  /** The CLI's moto and every other process below it. */
  const processesOf = (pid: number) => descendants(pid).map((child) => ({ pid: child, cmdline: cmdline(child) }));

  test('moto killed mid-run: exit 3, every report written, no process left behind', async () => {
    let seen: { pid: number; cmdline: string }[] = [];
    const out = join(dir, 'lab-killed');
    const { run, front, motoEndpoint } = await startLabRun(out, (cli) => [
      {
        match: ZONE_RECORDS,
        when: { first: 1 },
        fault: {
          kind: 'hook',
          run: () => {
            seen = processesOf(cli().child.pid!);
            const moto = seen.find((candidate) => candidate.cmdline.includes('moto_server') && candidate.cmdline.includes(new URL(motoEndpoint).port));
            if (!moto) throw new Error(`no moto among ${JSON.stringify(seen)}`);
            process.kill(moto.pid, 'SIGKILL');
          },
        },
      },
    ]);
    try {
      const result = await run.done;
      expect(result.code, result.stderr).toBe(3);
      expect(seen.some((candidate) => candidate.cmdline.includes('moto_server'))).toBe(true);
      expect(seen.filter((candidate) => alive(candidate.pid))).toEqual([]);
      expect(await listening(motoEndpoint)).toBe(false);
      const results = await readJson(join(out, 'results.json'));
      expect(results.summary.fail).toBe(0);
      expect(results.summary.pass).toBeGreaterThan(10);
      expect(results.summary.error).toBeGreaterThan(0);
      for (const name of ['junit.xml', 'report.html']) expect((await readFile(join(out, name), 'utf8')).length).toBeGreaterThan(0);
    } finally {
      await front.stop();
    }
  }, 180_000);

  test('Ctrl-C mid-run: exit 130, moto and every stand-in gone, no process left behind', async () => {
    let seen: { pid: number; cmdline: string }[] = [];
    const { run, front, motoEndpoint } = await startLabRun(join(dir, 'lab-interrupted'), (cli) => [
      {
        match: ZONE_RECORDS,
        when: { first: 1 },
        fault: {
          kind: 'hook',
          run: () => {
            seen = processesOf(cli().child.pid!);
            cli().child.kill('SIGINT');
          },
        },
      },
      { match: ZONE_RECORDS, fault: { kind: 'delay', ms: 10_000 } },
    ]);
    try {
      const result = await run.done;
      expect(result.code, result.stderr).toBe(130);
      expect(seen.some((candidate) => candidate.cmdline.includes('moto_server'))).toBe(true);
      expect(seen.filter((candidate) => alive(candidate.pid))).toEqual([]);
      expect(await listening(motoEndpoint)).toBe(false);
      await expectInterruptedReports(join(dir, 'lab-interrupted'));
    } finally {
      await front.stop();
    }
  }, 180_000);
});
