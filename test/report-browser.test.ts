/**
 * report.html in a real browser, on every machine: Chromium from @sparticuz/chromium (it
 * arrives with `npm ci`) driven by playwright-core. Four real runs — the clean lab, the lab
 * with a fault, an unreachable target, the lab at scale 20 — plus a page of hostile strings
 * each open from file:// with no console error and no network request; the verdict names
 * what failed and what was not observed; the pictures mark not-observed elements grey and
 * dashed; the CSS-only filters work; the 20× page stays under 3 MB. Screenshots go to
 * reports/browser/ for people to look at.
 */
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runSuites } from '../harness/engine/run.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import type { LabLauncher } from '../harness/estate/open.ts';
import { CallLog } from '../harness/model/call-log.ts';
import type { Finding } from '../harness/model/findings.ts';
import { summarise } from '../harness/model/findings.ts';
import { renderHtml } from '../harness/report/html.ts';
import type { ReportedResults } from '../harness/report/instances.ts';
import { launchLab } from '../lab/index.ts';
import { launchChromium } from '../scripts/chromium.ts';
import { screenshotReport } from '../scripts/screenshot.ts';

const ROOT = join(import.meta.dirname, '..');
const SHOTS = join(ROOT, 'reports', 'browser');
/** A Name tag no page may execute, with characters that would colour a terminal or reverse text. */
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script> & "quotes" \u202Egnp.exe \u001b[31mred';

interface Rendered {
  results: ReportedResults;
  html: string;
  dir: string;
}
const runs = new Map<string, Rendered>();
let browser: Browser;
let work: string;

/** The lab, with the first app VPC's Name tag made hostile once it is provisioned: estate strings reach every report. */
const hostileLab: LabLauncher = {
  ...launchLab,
  async launch(options, progress) {
    const lab = await launchLab.launch(options, progress);
    const vars = lab.varSets[0]!;
    const clients = new AwsClients({ kind: 'moto', endpoint: lab.motoEndpoint }, new CallLog());
    try {
      await clients
        .ec2(String(vars.app_account_id), String(vars.app_region))
        .send(new CreateTagsCommand({ Resources: [String(vars.app_vpc_id)], Tags: [{ Key: 'Name', Value: HOSTILE }] }));
    } finally {
      clients.destroy();
    }
    return lab;
  },
};

async function run(name: string, target: string, options: { suites?: string[]; vars?: string[]; lab?: LabLauncher } = {}): Promise<void> {
  const file = join(work, `${name}.yaml`);
  await writeFile(file, target);
  const out = join(work, name);
  const { results } = await runSuites({
    suites: options.suites ?? [join(ROOT, 'suites')],
    target: file,
    vars: options.vars ?? [],
    out,
    checks: [],
    launchLab: options.lab ?? launchLab,
    progress: () => {},
  });
  runs.set(name, { results, html: await readFile(join(out, 'report.html'), 'utf8'), dir: out });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'crisp-browser-'));
  await mkdir(SHOTS, { recursive: true });
  browser = await launchChromium();
  await run('clean', 'kind: lab\n');
  await run('faulted', 'kind: lab\nfault: sg-wrong-port\n', { lab: hostileLab });
  const vars = join(work, 'vars.json');
  await writeFile(
    vars,
    JSON.stringify({
      app_account_id: '111111111111',
      app_region: 'ap-southeast-6',
      app_vpc_id: 'vpc-0abc',
      endpoint_account_id: '222222222222',
      endpoint_region: 'ap-southeast-2',
      endpoint_vpc_id: 'vpc-0def',
    }),
  );
  // Port 1 on loopback refuses at once: the target is unreachable and nothing is observed.
  await run('incomplete', 'kind: moto\nendpoint: http://127.0.0.1:1\n', { suites: [join(ROOT, 'suites/bedrock-private-connectivity.yaml')], vars: [vars] });
  await run('scale-20', 'kind: lab\nscale: 20\n');
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens a report, failing on any console error, page error, dialog or request that leaves the file. */
async function open(name: string, html?: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const path = html === undefined ? join(runs.get(name)!.dir, 'report.html') : join(work, `${name}.html`);
  if (html !== undefined) await writeFile(path, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => !request.url().startsWith('file:') && requests.push(request.url()));
  await page.goto(pathToFileURL(path).href);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  return { page, problems, requests };
}

/** The distinct counts report.html shows, from results.json's groups. */
function distinctCounts(results: ReportedResults) {
  return summarise(results.findingGroups!.map((group) => results.findings[group.finding]!));
}

async function expectSummary(page: Page, results: ReportedResults): Promise<void> {
  for (const [status, count] of Object.entries(distinctCounts(results))) {
    expect(await page.locator(`#summary td[data-status="${status}"]`).textContent()).toBe(String(count));
  }
}

// Expressions run in the page (the project compiles without the DOM library).
const visibleChecks = (page: Page) =>
  page.evaluate<number>(`[...document.querySelectorAll('section.check')].filter((element) => element.offsetParent !== null).length`);

describe('report.html in headless Chromium', () => {
  test('clean lab: the verdict passes and says what was skipped; the topology is observed and green', async () => {
    const { results } = runs.get('clean')!;
    const { page, problems, requests } = await open('clean');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await expectSummary(page, results);
    expect(await page.locator('#verdict').getAttribute('class')).toBe('verdict passed');
    expect(await page.locator('#verdict').textContent()).toContain('quota.headroom');
    expect(await page.locator('svg [data-state="fail"]').count()).toBe(0);
    expect(await page.locator('svg g.node[data-state="pass"]').count()).toBeGreaterThan(0);
    expect(await page.locator('svg[aria-label^="End-to-end latency"]').count()).toBe(1);
    expect(await page.locator('#where-inference-ran ~ svg g.bar').count()).toBeGreaterThan(0);
  });

  test('faulted lab: the verdict names the failing checks and links to the first failure; the filters are CSS alone', async () => {
    const { results, html } = runs.get('faulted')!;
    const { page, problems, requests } = await open('faulted');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await expectSummary(page, results);
    const verdict = page.locator('#verdict');
    expect(await verdict.getAttribute('class')).toBe('verdict failed');
    const text = (await verdict.textContent())!;
    expect(text).toContain('FAILED');
    for (const checkId of ['network.endpoint-sg-admits-app', 'network.static-path']) expect(text).toContain(checkId);
    // The first failure is one click away.
    const link = verdict.locator('a[href^="#f-"]').first();
    const anchor = (await link.getAttribute('href'))!;
    await link.click();
    const top = await page.evaluate<number>(`document.getElementById(${JSON.stringify(anchor.slice(1))}).getBoundingClientRect().top`);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(900);
    expect(await page.locator('svg g.node.fail').count()).toBeGreaterThan(0);
    // Filters: failing checks only, then everything again.
    const failingChecks = new Set(results.findings.filter((finding) => finding.status === 'fail').map((finding) => finding.checkId)).size;
    const all = await visibleChecks(page);
    await page.locator('label[for="fs-fail"]').click();
    expect(await visibleChecks(page)).toBe(failingChecks);
    await page.locator('label[for="fd-iam"]').click();
    expect(await visibleChecks(page)).toBe(0);
    await page.locator('.filters button[type="reset"]').click();
    expect(await visibleChecks(page)).toBe(all);
    // The hostile tag is text: no element was made from it, no script ran, and its bidi override and ANSI escape show as marks.
    expect(await page.title()).toMatch(/^crisp report — /);
    expect(await page.locator('img').count()).toBe(0);
    const body = (await page.locator('body').textContent())!;
    expect(body).toContain('<script>document.title="pwned"</script>');
    expect(body).toContain('[U+202E]gnp.exe [U+001B][31mred');
    expect(body).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u001b]/);
    expect(html).not.toMatch(/<script|\s(src|href)=["']?https?:/i);
  });

  test('unreachable target: INCOMPLETE, and every element of the picture is grey and dashed', async () => {
    const { results } = runs.get('incomplete')!;
    const { page, problems, requests } = await open('incomplete');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await expectSummary(page, results);
    expect(await page.locator('#verdict').getAttribute('class')).toBe('verdict incomplete');
    expect(await page.locator('#verdict').textContent()).toContain('ECONNREFUSED');
    expect(await page.locator('svg [data-state="pass"], svg [data-state="fail"]').count()).toBe(0);
    const grey = await page.locator('svg [data-state="unobserved"]').evaluateAll((elements) =>
      elements.map((element) => {
        const shape = element.querySelector('rect, line')!;
        return { stroke: shape.getAttribute('stroke'), dash: shape.getAttribute('stroke-dasharray') };
      }),
    );
    expect(grey.length).toBeGreaterThanOrEqual(5);
    for (const shape of grey) {
      expect(shape.stroke).toBe('#6e7781');
      expect(shape.dash).toBeTruthy();
    }
  });

  test('scale 20: a fleet table, findings shared by the instances shown once, the page under 3 MB', async () => {
    const { results, dir } = runs.get('scale-20')!;
    const size = (await stat(join(dir, 'report.html'))).size;
    expect(size).toBeLessThan(3 * 1024 * 1024);
    expect(results.findingGroups!.length).toBeLessThan(results.findings.length);
    const { page, problems, requests } = await open('scale-20');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await expectSummary(page, results);
    expect(await page.locator('#fleet tr.fleet-row').count()).toBe(20);
    expect(await page.locator('#verdict').getAttribute('class')).toBe('verdict passed');
    // The governance suite asks the same question for every app VPC: it is one instance.
    const names = results.suites.map((suite) => suite.name);
    expect(names.filter((name) => name === 'bedrock-cris-governance')).toHaveLength(1);
    expect(names.filter((name) => name === 'bedrock-private-connectivity')).toHaveLength(20);
    // A finding about the shared hub arrives from all 20 connectivity instances and is shown once.
    const shared = results.findingGroups!.find((group) => group.suites.length === 20)!;
    expect(shared).toBeDefined();
    const checkId = results.findings[shared.finding]!.checkId;
    expect(await page.locator(`section.check[id="check-${checkId}"]`).textContent()).toContain('Reported by bedrock-private-connectivity (all 20 instances)');
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(results.findingGroups!.length);
  });

  test('hostile strings in every field render as text', async () => {
    const evil = HOSTILE;
    const finding = (status: Finding['status']): Finding => ({
      checkId: 'network.peering-active',
      status,
      resource: { type: evil, id: evil, name: evil, account: evil, region: evil },
      message: evil,
      expected: { [evil]: evil },
      actual: [evil],
      evidence: { chart: { kind: 'bar', title: evil, data: { [evil]: 1 }, highlight: [evil] } },
    });
    const findings = [finding('fail'), finding('pass'), finding('skipped')];
    const results: ReportedResults = {
      crispVersion: evil,
      summary: summarise(findings),
      target: { kind: evil, label: evil, identities: [{ account: evil, arn: evil }], unreachable: evil },
      suites: [{ name: evil, file: evil, sha256: evil, vars: { app_vpc_id: evil, endpoint_vpc_id: evil } }],
      startedAt: evil,
      durationMs: 1,
      apiCalls: [{ service: evil, operation: evil, account: evil, region: evil, count: 1 }],
      checks: [{ id: 'network.peering-active', title: evil, severity: 'critical', rationale: evil, remediation: evil }],
      findings,
    };
    const { page, problems, requests } = await open('hostile', renderHtml(results));
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.title()).toMatch(/^crisp report — /);
    expect(await page.locator('img, script').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u001b]/);
  });

  test('the README screenshot script photographs the top of a report', async () => {
    const png = join(SHOTS, 'readme-preview.png');
    await screenshotReport(browser, join(runs.get('faulted')!.dir, 'report.html'), png);
    expect((await stat(png)).size).toBeGreaterThan(20_000);
  });
});
