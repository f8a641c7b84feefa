/**
 * `npm run screenshot`: regenerates docs/report.png, the picture of report.html in the
 * README. It runs every suite on the lab with one fault (the endpoint security group admits
 * the wrong port), so the verdict names real failures and the topology marks them, and
 * photographs the top of the page in the headless Chromium the browser test uses.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { runSuites } from '../harness/engine/run.ts';
import { launchLab } from '../lab/index.ts';
import { launchChromium } from './chromium.ts';

const ROOT = join(import.meta.dirname, '..');
/** Where the README finds the picture. */
export const README_SCREENSHOT = join(ROOT, 'docs', 'report.png');
/** The fault the picture shows. */
export const SCREENSHOT_FAULT = 'sg-wrong-port';

/** Photographs the top of a report: the verdict and the topology, at a width people read on. */
export async function screenshotReport(browser: Browser, htmlPath: string, pngPath: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1250 } });
  try {
    await page.goto(pathToFileURL(htmlPath).href);
    await mkdir(join(pngPath, '..'), { recursive: true });
    await page.screenshot({ path: pngPath });
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const work = join(ROOT, 'reports', 'screenshot');
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const target = join(work, 'lab.yaml');
  await writeFile(target, `kind: lab\nfault: ${SCREENSHOT_FAULT}\n`);
  const { results } = await runSuites({
    suites: [join(ROOT, 'suites')],
    target,
    vars: [],
    out: join(work, 'out'),
    checks: [],
    launchLab,
    progress: (message) => process.stderr.write(`crisp: ${message}\n`),
  });
  const browser = await launchChromium();
  try {
    await screenshotReport(browser, join(work, 'out', 'report.html'), README_SCREENSHOT);
  } finally {
    await browser.close();
  }
  process.stdout.write(`wrote ${README_SCREENSHOT} (${results.summary.fail} failing findings in the pictured run)\n`);
}

if (import.meta.main) await main();
