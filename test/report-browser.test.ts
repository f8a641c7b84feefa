/**
 * report.html in a real browser (Debian's Chromium driven by playwright-core):
 * it opens from file:// with no console errors and no network, the summary
 * equals results.json, the topology marks the failing element, and a hostile
 * tag value renders as text. Skipped, with the reason, where Chromium is absent
 * (install it with `apt-get install chromium`).
 */
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CallLog } from '../harness/model/call-log.ts';
import { runSuites } from '../harness/engine/run.ts';
import { launchLab } from '../lab/index.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { findFault } from '../lab/faults.ts';
import { provisionLab } from '../lab/open-lab.ts';
import { ALL_SUITES } from './support/lab-scenario.ts';

const CHROMIUM = process.env.CRISP_CHROMIUM ?? '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script> & "quotes"';
let moto: MotoServer | undefined;

beforeAll(async () => {
  if (existsSync(CHROMIUM)) moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
});

test.skipIf(!existsSync(CHROMIUM))(
  `report.html renders in headless Chromium (${existsSync(CHROMIUM) ? CHROMIUM : 'skipped: no Chromium at ' + CHROMIUM})`,
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crisp-browser-'));
    const lab = await provisionLab(moto!.endpoint, { variant: 'cross-account', scale: 1 });
    const clients = new AwsClients({ kind: 'moto', endpoint: moto!.endpoint }, new CallLog());
    await clients
      .ec2('111111111111', 'ap-southeast-6')
      .send(new CreateTagsCommand({ Resources: [lab.estate.apps[0]!.vpcId], Tags: [{ Key: 'Name', Value: HOSTILE }] }));
    await findFault('sg-wrong-port')!.apply!(clients, lab.estate);
    clients.destroy();
    const target = join(dir, 'moto.yaml');
    const vars = join(dir, 'vars.json');
    await writeFile(target, `kind: moto\nendpoint: ${moto!.endpoint}\n`);
    await writeFile(vars, JSON.stringify(lab.varSets[0]));
    const out = join(dir, 'out');
    const { results } = await runSuites({ launchLab, suites: ALL_SUITES, target, vars: [vars], out, checks: [], progress: () => {} });
    expect(results.summary.fail).toBeGreaterThan(0);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
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
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      const screenshot = join(dir, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect((await stat(screenshot)).size).toBeGreaterThan(20_000);
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      for (const [status, count] of Object.entries(results.summary)) {
        expect(await page.locator(`#summary td[data-status="${status}"]`).textContent()).toBe(String(count));
      }
      expect(await page.locator('#verdict').textContent()).toContain('FAILED');
      // The hostile tag is text: no element was created from it, no script ran.
      expect(await page.title()).not.toBe('pwned');
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('body').textContent()).toContain('<script>document.title="pwned"</script>');
      // The topology marks the endpoints whose security group is wrong.
      expect(await page.locator('svg g.node.fail').count()).toBeGreaterThan(0);
      const html = await readFile(join(out, 'report.html'), 'utf8');
      expect(html).not.toMatch(/<script|\s(src|href)=["']?https?:/i);
    } finally {
      await browser.close();
    }
  },
  120_000,
);
