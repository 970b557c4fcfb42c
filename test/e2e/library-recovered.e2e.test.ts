// A recording whose process was SIGKILLed is never shown as live: in the library of an app (the web shell
// in Chromium) started afterwards it is interrupted, recovering, or ready with the "Interrupted, recovered"
// mark, and the app's notice names what came back. The same holds for a CLI recording killed while the app
// is already open. Every state the page ever drew is watched with a MutationObserver from the first
// paint, so a "Recording" chip shown even briefly fails the test.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { CLI, waitFor } from '../support/cli';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess, type RunningWebShell } from '../support/web-shell-process';

const SMALL = { FIELDTAPE_TESTSRC_SIZE: '320x180' };
const home = makeTempHome('fieldtape-recovered-ui-');
let browser: Browser | undefined;
let shell: RunningWebShell | undefined;
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  home.cleanup();
});

function stateOf(title: string): string | undefined {
  const file = path.join(home.dir, 'fieldtape.db');
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    return (db.prepare('SELECT state FROM recordings WHERE title = ?').get(title) as { state: string } | undefined)?.state;
  } catch (error) {
    // The CLI that creates the database may not have run its migrations yet.
    if (/no such table/.test(String(error))) return undefined;
    throw error;
  } finally {
    db.close();
  }
}

/** `fieldtape record` in its own process group, SIGKILLed (with its ffmpeg) once it has recorded a while. */
async function killedRecording(title: string): Promise<void> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'record', '--source', 'testsrc', '--duration', '60', '--no-deliver', '--title', title], {
    env: { ...process.env, ...SMALL, FIELDTAPE_HOME: home.dir },
    stdio: 'ignore',
    detached: true,
  });
  await waitFor(() => stateOf(title) === 'recording', 60_000, `${title} recording`);
  await new Promise((r) => setTimeout(r, 3_000));
  process.kill(-child.pid!, 'SIGKILL');
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
}

/** Every library row the page draws, as "title|chip,chip", from before the app's first render. */
async function watchRows(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __rows: string[] }).__rows = seen;
    const record = () => {
      for (const row of document.querySelectorAll('.entry')) {
        const title = row.querySelector('.entry-title')?.textContent ?? '';
        const chips = [...row.querySelectorAll('.chip')].map((c) => c.textContent ?? '');
        const line = `${title}|${chips.join(',')}`;
        if (seen[seen.length - 1] !== line) seen.push(line);
      }
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

const rowsSeen = (page: Page) => page.evaluate(() => (window as unknown as { __rows: string[] }).__rows.slice());

function row(page: Page, title: string) {
  return page.locator('.entry').filter({ has: page.locator('.entry-title', { hasText: title }) });
}

describe('a recording killed with its process', () => {
  it('is shown interrupted, never live, in an app started afterwards, whose notice names it', { timeout: 240_000 }, async () => {
    const title = 'Killed before the app started';
    await killedRecording(title);
    expect(stateOf(title), 'the dead process left it in the recording state').toBe('recording');

    shell = await startWebShellProcess(home.dir, SMALL);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await watchRows(page);
    await page.goto(shell.url);
    await page.getByRole('button', { name: 'Library' }).click();

    const notice = page.getByRole('region', { name: 'Notices' }).getByText(new RegExp(`^Recovered 1 recording after an unexpected stop: ${title} \\(\\d+\\.\\d s\\)\\.$`));
    await notice.waitFor({ timeout: 120_000 });
    await row(page, title).getByText('Interrupted, recovered').waitFor({ timeout: 60_000 });
    await row(page, title).locator('.chip', { hasText: /^Ready$/ }).waitFor({ timeout: 60_000 });
    const drawn = (await rowsSeen(page)).filter((line) => line.startsWith(`${title}|`));
    expect(drawn.length).toBeGreaterThan(0);
    for (const line of drawn) expect(line, 'never drawn as live').not.toMatch(/\|(Recording|Starting|Paused|Stopping|Finalizing)(,|$)/);
    // A notice is there for a window opened later, too.
    const later = await browser.newPage();
    await later.goto(shell.url);
    await later.getByRole('region', { name: 'Notices' }).getByText(`Recovered 1 recording after an unexpected stop: ${title}`, { exact: false }).waitFor({ timeout: 30_000 });
    await later.close();
  });

  it('is shown interrupted, never live, when a CLI recording dies while the app is open', { timeout: 240_000 }, async () => {
    const page = browser!.contexts()[0]!.pages()[0]!;
    const title = 'Killed while the app was open';
    await killedRecording(title);
    const before = (await rowsSeen(page)).length;
    // Opening the library reads it again: the dead owner is noticed there.
    await page.getByRole('button', { name: 'Home' }).click();
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('region', { name: 'Notices' }).getByText(new RegExp(`^Recovered 1 recording after an unexpected stop: ${title} \\(\\d+\\.\\d s\\)\\.$`)).waitFor({ timeout: 120_000 });
    await row(page, title).getByText('Interrupted, recovered').waitFor({ timeout: 60_000 });
    const drawn = (await rowsSeen(page)).slice(before).filter((line) => line.startsWith(`${title}|`));
    expect(drawn.length).toBeGreaterThan(0);
    for (const line of drawn) expect(line, 'never drawn as live after its process died').not.toMatch(/\|(Recording|Starting|Paused|Stopping|Finalizing)(,|$)/);
  });
});
