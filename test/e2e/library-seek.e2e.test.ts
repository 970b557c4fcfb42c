// Done-when for the player: seeking to the middle of a 30-minute recording starts playback without
// reading the whole file, measured by the bytes the engine's media route actually served (its log line
// per response body counts what left the file). The recording is made cheaply: a tiny test pattern at a
// constant 400 kbit/s (x264 filler keeps the rate honest), imported with `fieldtape record --source file:`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../main/core/media/ffmpeg-locator';
import { launchChromium } from '../support/chromium';
import { asRecording, runCli } from '../support/cli';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess, type RunningWebShell } from '../support/web-shell-process';

const DURATION_SEC = 30 * 60;
let browser: Browser;
let shell: RunningWebShell;
let mp4Bytes: number;
const home = makeTempHome('fieldtape-seek-');
const work = makeTempHome('fieldtape-seek-src-');

beforeAll(async () => {
  const source = path.join(work.dir, 'half-hour.mp4');
  execFileSync(resolveFfmpeg().path, [
    '-v', 'error', '-f', 'lavfi', '-i', `testsrc=size=160x120:rate=5:duration=${DURATION_SEC}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p',
    '-b:v', '400k', '-minrate', '400k', '-maxrate', '400k', '-bufsize', '400k', '-x264-params', 'nal-hrd=cbr',
    source,
  ]);
  const imported = runCli(home.dir, ['record', '--source', `file:${source}`, '--title', 'Half-hour site survey', '--json'], { timeoutMs: 300_000 });
  expect(imported.code, imported.stderr).toBe(0);
  const recording = asRecording(imported.json);
  expect(recording.durationSec).toBeGreaterThan(DURATION_SEC - 1);
  mp4Bytes = recording.artifacts.find((a) => a.kind === 'mp4')!.bytes;
  shell = await startWebShellProcess(home.dir);
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  home.cleanup();
  work.cleanup();
});

function mp4Served(): Array<{ status: number; range: string | null; bytes: number }> {
  return fs
    .readFileSync(path.join(home.dir, 'logs', 'fieldtape.log'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('"media served"') && line.includes('"kind":"mp4"'))
    .map((line) => JSON.parse(line) as { status: number; range: string | null; bytes: number });
}

describe('seeking in a 30-minute recording', () => {
  it('starts playback in the middle having served a small fraction of the file', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(shell.url);
      await page.getByRole('button', { name: 'Library' }).click();
      await page.getByRole('listitem').filter({ hasText: 'Half-hour site survey' }).getByRole('button', { name: 'Play' }).click();
      const video = page.getByLabel(/^Recording:/);
      await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      expect(await video.evaluate((v: HTMLVideoElement) => v.duration)).toBeGreaterThan(DURATION_SEC - 1);

      const seekMs = await video.evaluate(
        (v: HTMLVideoElement) =>
          new Promise<number>((resolve) => {
            const started = performance.now();
            v.muted = true;
            v.addEventListener('playing', () => resolve(performance.now() - started), { once: true });
            v.currentTime = v.duration / 2;
            void v.play();
          }),
      );
      await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(DURATION_SEC / 2 + 1);
      await video.evaluate((v: HTMLVideoElement) => v.pause());

      // Let the last response bodies finish and be logged.
      await new Promise((r) => setTimeout(r, 1500));
      const served = mp4Served();
      const total = served.reduce((sum, s) => sum + s.bytes, 0);
      const starts = served.map((s) => Number(/^bytes=(\d+)-/.exec(s.range ?? '')?.[1] ?? 0));
      console.log(
        `[seek] file ${mp4Bytes} B; ${served.length} responses served ${total} B (${((100 * total) / mp4Bytes).toFixed(1)} %); ` +
          `playing ${seekMs.toFixed(0)} ms after the seek; ranges: ${served.map((s) => `${s.range}→${s.bytes}`).join(', ')}`,
      );
      expect(served.every((s) => s.status === 206)).toBe(true);
      expect(starts.some((start) => start > mp4Bytes * 0.4 && start < mp4Bytes * 0.6)).toBe(true);
      expect(total).toBeLessThan(mp4Bytes * 0.2);
    } finally {
      await page.close();
    }
  });
});
