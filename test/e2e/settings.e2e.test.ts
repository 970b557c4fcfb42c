// The real UI in Chromium through the web shell: the Record screen opens first, About shows the facts, a setting changed in the
// Settings screen is saved, and it is still there after the web shell process restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess } from '../support/web-shell-process';

let browser: Browser;
const home = makeTempHome();

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  home.cleanup();
});

describe('settings in the real UI', () => {
  it('shows the home screen and keeps a changed setting across a web shell restart', async () => {
    const first = await startWebShellProcess(home.dir);
    const page = await browser.newPage();
    try {
      await page.goto(first.url);
      // The app opens on the Record screen; the version facts live under About.
      await page.getByRole('heading', { name: 'Record', exact: true }).waitFor();
      await page.getByRole('button', { name: 'About' }).click();
      await page.getByRole('heading', { name: 'Welcome to Fieldtape' }).waitFor();
      await page.getByText(home.dir, { exact: true }).waitFor();

      await page.getByRole('button', { name: 'Settings' }).click();
      const name = page.getByLabel('Display name');
      await expect.poll(() => name.inputValue()).toBe('Technician');
      await name.fill('Ada from Field Ops');
      await name.press('Enter');
      await page.getByRole('status').getByText('Saved.').waitFor();

      const crf = page.getByLabel('Encode quality (CRF)');
      await crf.fill('77');
      await crf.press('Enter');
      await page.getByRole("status").getByText(/invalid value for encodeCrf/i).waitFor();
    } finally {
      await page.close();
      await first.stop();
    }

    const second = await startWebShellProcess(home.dir);
    const again = await browser.newPage();
    try {
      await again.goto(second.url);
      await again.getByRole('button', { name: 'Settings' }).click();
      await expect.poll(() => again.getByLabel('Display name').inputValue()).toBe('Ada from Field Ops');
      await expect.poll(() => again.getByLabel('Encode quality (CRF)').inputValue()).toBe('20');
    } finally {
      await again.close();
      await second.stop();
    }
  });

  it('accepts only a usable accelerator as the record shortcut', async () => {
    const shell = await startWebShellProcess(home.dir);
    const page = await browser.newPage();
    try {
      await page.goto(shell.url);
      await page.getByRole('button', { name: 'Settings' }).click();
      const shortcut = page.getByLabel('Record shortcut');
      await expect.poll(() => shortcut.inputValue()).toBe('CommandOrControl+Shift+R');
      await shortcut.fill('Shift+R');
      await shortcut.press('Enter');
      await page.getByRole('status').getByText(/every other application/).waitFor();
      await shortcut.fill('Alt+F9');
      await shortcut.press('Enter');
      await page.getByRole('status').getByText('Saved.').waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Settings' }).click();
      await expect.poll(() => page.getByLabel('Record shortcut').inputValue()).toBe('Alt+F9');
    } finally {
      await page.close();
      await shell.stop();
    }
  });

  it('shows a clear message when the page is opened without the access token', async () => {
    const shell = await startWebShellProcess(home.dir);
    const page = await browser.newPage();
    try {
      await page.goto(shell.url.replace(/\?token=.*/, ''));
      await page.getByRole('alert').getByText(/refused the connection/).waitFor();
    } finally {
      await page.close();
      await shell.stop();
    }
  });
});
