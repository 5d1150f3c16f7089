// Debian's Chromium driven by playwright-core, with the flags this machine and CI
// need so that Chromium never reaches for the network.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.VB_CHROMIUM || '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Same rendering on every machine: no font hinting or LCD text differences.
  '--font-render-hinting=none', '--disable-lcd-text', '--force-color-profile=srgb',
];

/** Starts headless Chromium with a fresh profile; the profile is removed on close. */
export async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-chromium-'));
  // launchPersistentContext is the way playwright takes a --user-data-dir of ours.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(10_000);
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a page that records console errors, uncaught exceptions, failed requests
 * and HTTP errors into `page.problems`. */
export async function openPage(context, url, { viewport, colorScheme = 'light' } = {}) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme, media: 'screen' });
  page.problems = [];
  // A request the previous page left running is aborted when goto() leaves it:
  // that is the test moving on, not a broken page. So is the favicon, which Chromium
  // fetches on its own schedule and can report after the next goto() began (CI saw a
  // file:// page's favicon aborted by the next http page). Whether each asset exists
  // is checked by the link checks.
  page.generation = 0;
  const born = new WeakMap();
  page.on('request', (r) => born.set(r, page.generation));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`uncaught exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    const movedOn = born.get(r) !== page.generation || /\/favicon\.[a-z]+$/.test(r.url());
    if (error === 'net::ERR_ABORTED' && movedOn) return;
    page.problems.push(`request failed: ${r.url()} (${error})`);
  });
  page.on('response', (r) => { if (r.status() >= 400) page.problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  if (url) await goto(page, url);
  return page;
}

/** Navigates and waits until the page and its deferred script ran. */
export async function goto(page, url) {
  page.generation = (page.generation ?? 0) + 1;
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response && !response.ok()) page.problems.push(`HTTP ${response.status()}: ${url}`);
  return response;
}
