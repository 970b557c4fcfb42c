// `npm run docs:screenshots`: the pictures in docs/app.md, made from the real app so they stay true.
// Starts a web shell on a fresh data folder and drives Debian's Chromium with its fake screen, camera and
// microphone: the Record screen, the control bar while recording, and the Destinations page with a
// destination and the answer of Test connection for an endpoint nothing listens on. Needs Chromium
// (CHROME_PATH) and a Secret Service for the destination's secret: `npm run services:up` starts a private
// one, whose address this script reads from .cache/services.env.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { addDestination, testConnection } from '../test/support/destinations-ui';
import { makeTempHome, REPO_ROOT } from '../test/support/temp-home';
import { startWebShellProcess } from '../test/support/web-shell-process';

const OUT = path.join(REPO_ROOT, 'docs', 'images');

async function shot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  const file = path.join(OUT, name);
  await page.screenshot({ path: file, ...(clip ? { clip } : { fullPage: true }) });
  console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

/** The D-Bus address of a running Secret Service: this session's, or the test services' one. */
function secretServiceBus(): string {
  if (process.env.DBUS_SESSION_BUS_ADDRESS) return process.env.DBUS_SESSION_BUS_ADDRESS;
  const envFile = path.join(REPO_ROOT, '.cache', 'services.env');
  const found = fs.existsSync(envFile) ? /DBUS_SESSION_BUS_ADDRESS='([^']+)'/.exec(fs.readFileSync(envFile, 'utf8'))?.[1] : undefined;
  if (!found) throw new Error('No Secret Service to keep the example destination\'s secret in: run `npm run services:up` first (or run this inside a desktop session).');
  return found;
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const home = makeTempHome('fieldtape-screenshots-');
  const shell = await startWebShellProcess(home.dir, { DBUS_SESSION_BUS_ADDRESS: secretServiceBus() });
  const browser = await launchChromium({ extraArgs: ['--autoplay-policy=no-user-gesture-required'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(shell.url);
    await page.getByRole('heading', { name: 'Record', exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Layout' }).selectOption({ label: 'Screen and camera' });
    await page.getByRole('textbox', { name: 'Ticket' }).fill('INC0012345');
    await page.getByRole('textbox', { name: 'Title (optional)' }).fill('Pump 4 inspection');
    await page.locator('section.record').getByLabel('Camera preview').evaluate((v: HTMLVideoElement) => new Promise<void>((resolve) => (v.readyState >= 2 ? resolve() : v.addEventListener('loadeddata', () => resolve(), { once: true }))));
    await page.waitForTimeout(800);
    await shot(page, 'app-record.png');

    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /Recording 00:0[3-9]/ }).waitFor({ timeout: 30_000 });
    await shot(page, 'app-control-bar.png', { x: 0, y: 0, width: 1100, height: 170 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('status').filter({ hasText: 'paused' }).waitFor();
    await shot(page, 'app-control-bar-paused.png', { x: 0, y: 0, width: 1100, height: 110 });
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await page.getByRole('button', { name: 'Record', exact: true }).waitFor({ timeout: 60_000 });

    // An endpoint nothing listens on: Test connection then shows its "unreachable" cause and what to do.
    await addDestination(page, { name: 'field-evidence', endpoint: 'http://127.0.0.1:9', region: 'eu-central-1', bucket: 'acme-field-evidence', accessKeyId: 'AKIAEXAMPLEWRITER', secret: 'not-a-real-secret' });
    await testConnection(page, 60_000);
    await shot(page, 'app-destinations.png');

    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByText('Not delivered: add a destination').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    await shot(page, 'app-library.png', { x: 0, y: 0, width: 1100, height: 420 });
  } finally {
    await browser.close();
    await shell.stop();
    home.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
