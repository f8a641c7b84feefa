/**
 * A headless Chromium that arrives with `npm ci`: @sparticuz/chromium ships the browser
 * inside its npm package (Brotli-compressed), and playwright-core drives it. Used by the
 * browser test and `npm run screenshot`, so every machine — a fresh clone, CI — renders
 * report.html in a real browser without a system package or a download.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..');
// The package exports no package.json; its version (hence its browser build) is read from the installed copy.
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@sparticuz/chromium/package.json'), 'utf8')) as { version: string }).version;
/** Unpacked once per version, inside the project (not the shared /tmp, where another checkout may hold another version). */
const CACHE = join(ROOT, 'node_modules', '.cache', `crisp-chromium-${VERSION}`);

/**
 * The browser binary, unpacked on first use. The package unpacks into os.tmpdir(), read
 * when it starts; pointing TMPDIR at a fresh folder for that synchronous start, and
 * renaming the folder into place when done, means two test processes never run a
 * half-written binary.
 */
export async function chromiumPath(): Promise<string> {
  const binary = join(CACHE, 'chromium');
  if (existsSync(binary)) return binary;
  const staging = `${CACHE}.${process.pid}.${Date.now()}`;
  await mkdir(staging, { recursive: true });
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  let unpacking: Promise<string>;
  try {
    unpacking = sparticuz.executablePath();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
  await unpacking;
  try {
    await rename(staging, CACHE);
  } catch {
    // Another process won the race: its copy is complete, this one is not needed.
    await rm(staging, { recursive: true, force: true });
  }
  return binary;
}

/** Flags for a browser that must not reach anything: no background networking, no updates, no sandbox (root in CI). */
const FLAGS = [
  '--no-sandbox',
  '--no-zygote',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--font-render-hinting=none',
];

/** Launches headless Chromium; close it when done. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: FLAGS, headless: true });
}
