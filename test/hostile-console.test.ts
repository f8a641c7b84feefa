/**
 * Hostile strings on the console. Tags, names, messages and file names can carry ANSI escape
 * sequences (erase the line, print a green "ALL GOOD"), carriage returns and newlines (forge
 * a line), C1 controls and bidirectional overrides (reverse an id). Every line crisp prints —
 * progress, the run summary and failing findings, errors, usage errors, explain's JSON and
 * mismatches, verify, replay, drift and merge — shows them as visible escapes (`\u001b`),
 * never acting on them; the reports keep the strings as they are (their escaping is theirs).
 */
import { CreateTagsCommand, DescribeRouteTablesCommand } from '@aws-sdk/client-ec2';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { CallLog } from '../harness/model/call-log.ts';
import { hasUnsafeTerminalText, neutraliseLine, neutraliseLines } from '../harness/model/terminal-text.ts';
import { provisionLab } from '../lab/open-lab.ts';
import { buildFixtures, CONNECTIVITY } from './bad-input/fixtures.ts';
import { resignedCopy, runInProcess, tempRoot } from './bad-input/harness.ts';

/** Erases the line, prints a green ALL GOOD, reverses what follows, forges a line, rings the bell. */
const HOSTILE = '\u001b[2K\r\u001b[32mALL GOOD\u001b[0m \u202eexe.txt\u202c \u2066iso\u2069\nFORGED LINE\u009b31m\u0007';

/** No control, bidi or line-breaking character but the line breaks themselves; no line an attacker began. */
function expectInert(text: string, label: string): void {
  expect(
    text.split('\n').some((line) => hasUnsafeTerminalText(line)),
    `${label}: a raw control or bidi character\n${JSON.stringify(text)}`,
  ).toBe(false);
  for (const line of text.split('\n')) expect(line, `${label}: a forged line`).not.toMatch(/^(FORGED LINE|ALL GOOD)/);
}

let root: string;
let fixtures: string;

beforeAll(async () => {
  root = await tempRoot('hostile-console');
  fixtures = join(root, 'fixtures');
  await mkdir(fixtures);
  await buildFixtures(fixtures);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('neutraliseLine', () => {
  test.each([
    ['ESC (ANSI sequences)', '\u001b[31m', '\\u001b[31m'],
    ['carriage return', 'a\rb', 'a\\u000db'],
    ['line feed inside one line', 'a\nb', 'a\\u000ab'],
    ['bell and backspace', '\u0007\u0008', '\\u0007\\u0008'],
    ['DEL', '\u007f', '\\u007f'],
    ['C1 CSI', '\u009b2J', '\\u009b2J'],
    ['bidi embeddings and overrides', '\u202a\u202b\u202c\u202d\u202e', '\\u202a\\u202b\\u202c\\u202d\\u202e'],
    ['bidi isolates', '\u2066\u2067\u2068\u2069', '\\u2066\\u2067\\u2068\\u2069'],
    ['directional marks', '\u200e\u200f\u061c', '\\u200e\\u200f\\u061c'],
    ['line and paragraph separators', '\u2028\u2029', '\\u2028\\u2029'],
  ])('%s become visible escapes', (_name, input, shown) => {
    expect(neutraliseLine(input)).toBe(shown);
  });

  test('ordinary text — tabs, accents, CJK, emoji, the dashes crisp prints — is untouched', () => {
    const text = 'tab\there · é 中文 🚀 — “quotes” …';
    expect(neutraliseLine(text)).toBe(text);
  });

  test('several lines keep their own breaks, each line inert', () => {
    expect(neutraliseLines('one\u001b\ntwo\u202e')).toBe('one\\u001b\ntwo\\u202e');
  });

  test('inside JSON the escape is the same character: output that was JSON still parses to the exact value', () => {
    const json = JSON.stringify({ sid: HOSTILE });
    expect(JSON.parse(neutraliseLine(json))).toEqual({ sid: HOSTILE });
  });
});

describe('every console output of crisp is inert', () => {
  test('run: a hostile route table Name tag in the estate reaches the FAIL line inert, and results.json keeps it as it is', async () => {
    let moto: MotoServer | undefined;
    try {
      moto = await startMotoServer();
      const { varSets } = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1, fault: 'app-route-missing' });
      const vars = varSets[0] as Record<string, string>;
      const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
      const ec2 = clients.ec2(vars.app_account_id!, vars.app_region!);
      const tables = (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? [];
      const ids = tables.filter((table) => table.VpcId === vars.app_vpc_id).map((table) => table.RouteTableId!);
      await ec2.send(new CreateTagsCommand({ Resources: ids, Tags: [{ Key: 'Name', Value: HOSTILE }] }));
      clients.destroy();
      const dir = join(root, 'estate');
      await mkdir(dir);
      await writeFile(join(dir, 'moto.yaml'), `kind: moto\nendpoint: ${moto.endpoint}\n`);
      await writeFile(join(dir, 'vars.json'), JSON.stringify(vars));
      const outcome = await runInProcess([
        'run',
        CONNECTIVITY,
        '--target',
        join(dir, 'moto.yaml'),
        '--vars',
        join(dir, 'vars.json'),
        '--out',
        join(dir, 'out'),
        '--check',
        'network.app-routes-to-endpoints',
      ]);
      expect(outcome.code, outcome.stderr).toBe(1);
      expectInert(outcome.stdout, 'run stdout');
      expectInert(outcome.stderr, 'run stderr');
      // The tag arrives (moto normalises the carriage return and drops the C1 byte), shown, not obeyed.
      expect(outcome.stdout).toMatch(/FAIL network\.app-routes-to-endpoints: Route table \\u001b\[2K.*\\u001b\[32mALL GOOD\\u001b\[0m \\u202eexe\.txt\\u202c/);
      // Nothing lost: the report keeps the tag exactly as the estate holds it.
      const results = JSON.parse(await readFile(join(dir, 'out/results.json'), 'utf8'));
      expect(results.findings.some((finding: { message: string }) => finding.message.includes('\u001b[32mALL GOOD\u001b[0m \u202eexe.txt'))).toBe(true);
    } finally {
      await moto?.stop();
    }
  });

  test('run: progress, summary and ERROR lines with a hostile target name', async () => {
    const dir = join(root, 'named');
    await mkdir(dir);
    await writeFile(join(dir, 'moto.json'), JSON.stringify({ kind: 'moto', name: HOSTILE, endpoint: 'http://127.0.0.1:1' }));
    const outcome = await runInProcess([
      'run',
      CONNECTIVITY,
      '--target',
      join(dir, 'moto.json'),
      '--vars',
      join(fixtures, 'vars.json'),
      '--out',
      join(dir, 'out'),
      '--check',
      'network.peering-active',
    ]);
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toContain('\\u001b[32mALL GOOD');
    expect(outcome.stdout).toContain('\\u001b[32mALL GOOD');
    expectInert(outcome.stderr, 'progress');
    expectInert(outcome.stdout, 'summary');
  });

  test('errors: a hostile file name in a one-line error, and in several at once', async () => {
    const dir = join(root, `errors-${'\u001b[2K'}-${'\u202e'}`);
    await mkdir(dir);
    const suite = join(dir, `suite\u001b[32m\nFORGED LINE.yaml`);
    await writeFile(suite, 'name: x\nchecks: [no.such-check, no.other-check]\n');
    const outcome = await runInProcess(['run', suite, '--target', join(fixtures, 'moto.yaml'), '--out', join(dir, 'out')]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(2);
    expectInert(outcome.stderr, 'errors');
  });

  test('usage errors: commander echoes a hostile option inert', async () => {
    const outcome = await runInProcess(['run', CONNECTIVITY, '--target', join(fixtures, 'moto.yaml'), `--${HOSTILE}`]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('\\u001b[32mALL GOOD');
    expectInert(outcome.stderr, 'usage');
  });

  test('explain: the JSON verdict, batch lines and mismatch lines with a hostile statement id and policy name', async () => {
    const dir = join(root, 'explain');
    await mkdir(dir);
    const request = {
      principal: 'arn:aws:iam::111111111111:role/app',
      action: 'bedrock:InvokeModel',
      resource: 'arn:aws:bedrock:ap-southeast-2::foundation-model/m',
      expect: 'ImplicitDeny',
      policies: { identity: [{ name: `p${HOSTILE}`, document: { Statement: [{ Sid: HOSTILE, Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }] } }] },
    };
    await writeFile(join(dir, 'one.json'), JSON.stringify(request));
    const single = await runInProcess(['explain', '--request', join(dir, 'one.json')]);
    expect(single.code).toBe(1);
    expectInert(single.stdout, 'explain JSON');
    expectInert(single.stderr, 'explain mismatch');
    // Still JSON, with the exact strings.
    expect(JSON.parse(single.stdout).decidedBy[0].statement).toBe(HOSTILE);
    await writeFile(join(dir, 'many.json'), JSON.stringify([request, request]));
    const batch = await runInProcess(['explain', '--request', join(dir, 'many.json')]);
    expect(batch.code).toBe(1);
    expectInert(batch.stdout, 'explain batch');
    expectInert(batch.stderr, 'explain batch mismatches');
    expect(
      batch.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).reason),
    ).toEqual([expect.stringContaining(HOSTILE), expect.stringContaining(HOSTILE)]);
  });

  test('verify: a pack someone added a hostile file name to', async () => {
    const pack = join(root, 'verify-pack');
    await resignedCopy(join(fixtures, 'pack'), pack, async () => {});
    await writeFile(join(pack, `notes${HOSTILE.replace('\n', '_')}.txt`), 'added after signing\n');
    const outcome = await runInProcess(['verify', pack]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('added: notes\\u001b[2K');
    expectInert(outcome.stdout, 'verify');
  });

  test('replay: verdicts that differ name a hostile check id inert', async () => {
    const pack = join(root, 'replay-pack');
    await resignedCopy(join(fixtures, 'pack'), pack, async (dir) => {
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));
      results.findings[0].checkId = HOSTILE;
      await writeFile(join(dir, 'results.json'), JSON.stringify(results));
    });
    const outcome = await runInProcess(['replay', pack]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('verdicts differ');
    expectInert(outcome.stdout, 'replay');
  });

  test('drift: a new failure whose message is hostile', async () => {
    const current = join(root, 'drift-current');
    await resignedCopy(join(fixtures, 'pack'), current, async (dir) => {
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));
      results.findings[0] = { ...results.findings[0], status: 'fail', message: HOSTILE };
      await writeFile(join(dir, 'results.json'), JSON.stringify(results));
    });
    const baseline = join(root, 'drift-baseline.json');
    const results = JSON.parse(await readFile(join(fixtures, 'results/results.json'), 'utf8'));
    await writeFile(baseline, JSON.stringify({ ...results, findings: [] }));
    const outcome = await runInProcess(['drift', '--baseline', baseline, '--current', current, '--out', join(root, 'drift-out')]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/NEW FAIL .*\\u001b\[32mALL GOOD/);
    expectInert(outcome.stdout, 'drift');
  });

  test('merge: the written paths under a hostile --out', async () => {
    const out = join(root, `merged${'\u001b[2K'}\u202e`);
    const outcome = await runInProcess(['merge', join(fixtures, 'shard-1'), join(fixtures, 'shard-2'), '--out', out]);
    expect(outcome.code).toBe(3);
    expect(outcome.stdout).toContain('merged\\u001b[2K\\u202e');
    expectInert(outcome.stdout, 'merge');
  });
});
