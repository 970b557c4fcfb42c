// The technician's app in Chromium through the web shell, with Chromium's fake screen, camera and
// microphone: a destination made in the Destinations page (write-only MinIO user), a "Screen and camera"
// recording of 20 s with one 5 s pause, delivered byte-identical while it was recorded (the stop → manifest
// time is printed); an audio-only recording; and a renderer crash in the middle of a recording, after which
// the page reopens, the recording goes on, and at most 2 s are lost.
import fs from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RecordingSnapshot } from '../../shared/domain/recording';
import { launchChromium } from '../support/chromium';
import { asRecordings, runCli, waitFor } from '../support/cli';
import { adminClient, readObject, sha256 } from '../support/delivery-fixture';
import { addDestination } from '../support/destinations-ui';
import { ffprobe, journalMediaSeconds, sha256File } from '../support/media-check';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess, type RunningWebShell } from '../support/web-shell-process';
import { cornerRingShare } from '../support/frame-pixels';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let browser: Browser;
let shell: RunningWebShell;
let s3: S3Client;
const home = makeTempHome('fieldtape-record-ui-');
const scratch = fs.mkdtempSync(path.join(home.dir, '..', 'fieldtape-record-ui-scratch-'));
const DESTINATION = 'field-bucket';

beforeAll(async () => {
  browser = await launchChromium({ extraArgs: ['--autoplay-policy=no-user-gesture-required'] });
  shell = await startWebShellProcess(home.dir);
  s3 = adminClient(env('FIELDTAPE_TEST_S3_ENDPOINT'), env('FIELDTAPE_TEST_S3_REGION'), env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
});
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  s3?.destroy();
  home.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function recordings(): RecordingSnapshot[] {
  const r = runCli(home.dir, ['list', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return asRecordings(JSON.parse(r.stdout));
}

async function finished(id: string, timeoutMs = 120_000): Promise<RecordingSnapshot> {
  return waitFor(() => {
    const r = recordings().find((x) => x.id === id);
    return r && (r.state === 'ready' || r.state === 'failed') ? r : null;
  }, timeoutMs, `recording ${id} to finish`);
}

const artifactPath = (r: RecordingSnapshot, kind: string) => r.artifacts.find((a) => a.kind === kind)?.path ?? null;

/** The bucket's objects of one recording (admin credentials: the writer cannot list). */
async function objectsOf(recordingId: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: env('FIELDTAPE_TEST_S3_BUCKET'), Prefix: `${DESTINATION}/`, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key?.includes(`/${recordingId}/`)) found.set(path.basename(o.Key), o.Key);
    token = page.NextContinuationToken;
  } while (token);
  return found;
}

async function openApp(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto(shell.url);
  await page.getByRole('heading', { name: 'Record' }).waitFor();
  return page;
}

/** The Record screen's recorder hands over media every 500 ms (solo-recorder.ts); the crash comes just before. */
const WORST_CASE_AFTER_CHUNK_MS = 420;

/** Resolves with the time at which the newest journal segment in `dir` next grew (a chunk became durable). */
async function nextChunkLanded(dir: string, timeoutMs: number): Promise<number> {
  const size = () => {
    const segments = fs.readdirSync(dir).filter((f) => f.endsWith('.ftj')).sort();
    return segments.length ? fs.statSync(path.join(dir, segments.at(-1)!)).size : 0;
  };
  const before = size();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await sleep(5);
    if (size() !== before) return Date.now();
  }
  throw new Error(`no chunk reached ${dir} within ${timeoutMs} ms`);
}

const indicator = (page: Page) => page.getByRole('status').filter({ hasText: /Recording( paused at)? \d\d:\d\d/ });

async function newestRecordingId(before: Set<string>): Promise<string> {
  return waitFor(() => recordings().find((r) => !before.has(r.id))?.id, 30_000, 'the new recording');
}

describe('the Record screen', () => {
  // First, while there is no destination yet: its journal is still there to measure (a delivered
  // recording's journal is removed once the delivery is confirmed).
  it('records audio only to an AAC-only MP4 of the recorded length', { timeout: 180_000 }, async () => {
    const page = await openApp();
    try {
      await page.getByRole('combobox', { name: 'Layout' }).selectOption({ label: 'Audio only' });
      const before = new Set(recordings().map((r) => r.id));
      await page.getByRole('button', { name: 'Record', exact: true }).click();
      await indicator(page).waitFor({ timeout: 30_000 });
      const id = await newestRecordingId(before);
      await sleep(6_000);
      await page.getByRole('button', { name: 'Stop recording' }).click();
      const recording = await finished(id);
      expect(recording.state).toBe('ready');
      const info = ffprobe(artifactPath(recording, 'mp4')!);
      expect(info.types).toEqual(['audio']);
      expect(info.codecs).toEqual(['aac']);
      // What the journal holds is what was recorded (measured by ffmpeg on its raw bytes, not by the
      // engine): the MP4 must be as long, within 0.5 s.
      const journalDir = path.join(home.dir, 'recordings', id, 'journal');
      const journalSec = fs.readdirSync(journalDir).filter((f) => f.endsWith('.ftj')).reduce((sum, f) => sum + journalMediaSeconds(path.join(journalDir, f), scratch), 0);
      console.log(`audio only: MP4 ${info.durationSec.toFixed(2)} s, journal ${journalSec.toFixed(2)} s`);
      expect(Math.abs(info.durationSec - journalSec)).toBeLessThanOrEqual(0.5);
      expect(info.durationSec).toBeGreaterThan(5);
      expect(recording.artifacts.some((a) => a.kind === 'waveform')).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('records screen and camera with a pause, and delivers it to the destination made in the app as it records', { timeout: 300_000 }, async () => {
    const page = await openApp();
    try {
      await addDestination(page, {
        name: DESTINATION,
        endpoint: env('FIELDTAPE_TEST_S3_ENDPOINT'),
        region: env('FIELDTAPE_TEST_S3_REGION'),
        bucket: env('FIELDTAPE_TEST_S3_BUCKET'),
        accessKeyId: env('FIELDTAPE_TEST_S3_WRITER_KEY'),
        secret: env('FIELDTAPE_TEST_S3_WRITER_SECRET'),
      });
      await page.getByRole('button', { name: 'Home' }).click();
      await page.getByRole('heading', { name: 'Record' }).waitFor();
      await page.getByText(`Delivered to ${DESTINATION}`).waitFor();

      await page.getByRole('combobox', { name: 'Layout' }).selectOption({ label: 'Screen and camera' });
      // Top left, not the default: the pixel check below then proves the choice was honoured.
      await page.getByRole('combobox', { name: 'Camera bubble corner' }).selectOption({ label: 'Top left' });
      await page.getByRole('textbox', { name: 'Ticket' }).fill('INC0012345');
      const before = new Set(recordings().map((r) => r.id));
      // From the click: whatever the start costs counts against the recording, not for it.
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Record', exact: true }).click();
      await indicator(page).waitFor({ timeout: 30_000 });
      const id = await newestRecordingId(before);
      await expect.poll(() => indicator(page).textContent(), { timeout: 5_000 }).toMatch(/Recording 00:0[1-9]/);

      await sleep(7_500);
      await page.getByRole('button', { name: 'Pause' }).click();
      await indicator(page).filter({ hasText: 'paused' }).waitFor();
      const pausedText = await indicator(page).textContent();
      await sleep(5_000);
      // The clock stands still while paused.
      expect(await indicator(page).textContent()).toBe(pausedText);
      await page.getByRole('button', { name: 'Resume' }).click();
      await sleep(Math.max(0, t0 + 20_000 - Date.now()));
      await page.getByRole('button', { name: 'Stop recording' }).click();
      const stoppedAt = Date.now();

      // Stop → the manifest in the bucket: the MP4 was uploaded while recording.
      const objects = await waitFor(async () => {
        const o = await objectsOf(id);
        return o.has('manifest.json') ? o : null;
      }, 120_000, 'the manifest in the bucket');
      const stopToManifestMs = Date.now() - stoppedAt;
      console.log(`stop → manifest in bucket: ${stopToManifestMs} ms`);

      const recording = await finished(id);
      expect(recording.state).toBe('ready');
      expect(recording.ticket).toBe('INC0012345');
      expect(recording.segments).toBe(1);
      const mp4 = artifactPath(recording, 'mp4')!;
      const info = ffprobe(mp4);
      expect(info.codecs.sort()).toEqual(['aac', 'h264']);
      // 20 s from Start to Stop with a 5 s pause: 15 s of media.
      expect(Math.abs(info.durationSec - 15)).toBeLessThanOrEqual(1);
      console.log(`solo recording: ${info.durationSec.toFixed(2)} s (${info.streamDurations.join(', ')})`);

      // The camera bubble's white ring is in the top-left corner of its frames, and in no other corner.
      const ring = cornerRingShare(mp4, info.durationSec / 2);
      console.log('bubble ring share per corner', JSON.stringify(ring));
      expect(ring['top-left']).toBeGreaterThan(0.02);
      for (const other of ['top-right', 'bottom-left', 'bottom-right'] as const) expect(ring[other]).toBeLessThan(0.005);

      // Byte-identical in the bucket, under the key the library shows.
      const key = objects.get('recording.mp4')!;
      expect(key).toBeDefined();
      expect(sha256(await readObject(s3, env('FIELDTAPE_TEST_S3_BUCKET'), key))).toBe(sha256File(mp4));
      const manifest = JSON.parse((await readObject(s3, env('FIELDTAPE_TEST_S3_BUCKET'), objects.get('manifest.json')!)).toString('utf8')) as { ticket?: string; artifacts: Array<{ file: string; sha256: string }> };
      expect(manifest.ticket).toBe('INC0012345');
      expect(manifest.artifacts.find((a) => a.file === 'recording.mp4')?.sha256).toBe(sha256File(mp4));

      // The library finds it by its ticket.
      await page.getByRole('button', { name: 'Library' }).click();
      await page.getByLabel('Search recordings').fill('INC0012345');
      await page.getByRole('listitem').filter({ hasText: 'INC0012345' }).first().waitFor({ timeout: 30_000 });
    } finally {
      await page.close();
    }
  });

  it('survives the renderer being killed mid-recording: the page reopens, the recording goes on, at most 2 s lost', { timeout: 240_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(shell.url);
      await page.getByRole('combobox', { name: 'Layout' }).selectOption({ label: 'Camera' });
      const before = new Set(recordings().map((r) => r.id));
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Record', exact: true }).click();
      await indicator(page).waitFor({ timeout: 30_000 });
      const id = await newestRecordingId(before);
      // When the recorder really started (the pipeline marks it), on this machine's clock.
      const recorderStartedAt = await page.evaluate(() => performance.timeOrigin + (performance.getEntriesByName('fieldtape:recorder-start')[0]?.startTime ?? NaN));
      expect(Number.isFinite(recorderStartedAt)).toBe(true);
      await sleep(Math.max(0, t0 + 6_000 - Date.now()));
      // The worst moment to die: a chunk has just become durable and the next is nearly due (the recorder
      // hands over every 500 ms), so the renderer holds almost a whole timeslice nobody else has.
      const landedAt = await nextChunkLanded(path.join(home.dir, 'recordings', id, 'journal'), 10_000);
      await sleep(Math.max(0, landedAt + WORST_CASE_AFTER_CHUNK_MS - Date.now()));

      // Kill the renderer, then load the page again in the same tab (as the Electron shell does after a
      // renderer crash); sessionStorage lives in the browser process and survives. Playwright keeps its
      // Page marked as crashed, so the reopened page is driven through CDP.
      const cdp = await context.newCDPSession(page);
      const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
      void cdp.send('Page.crash').catch(() => undefined);
      await crashed;
      const crashAt = Date.now();
      await cdp.send('Page.navigate', { url: shell.url });
      const evaluate = async (expression: string): Promise<unknown> => {
        const reply = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true }).catch(() => null)) as { result?: { value?: unknown } } | null;
        return reply?.result?.value;
      };
      await waitFor(async () => /Recording \d\d:\d\d/.test(String(await evaluate(`document.querySelector('.control-bar [role=status]')?.textContent ?? ''`))), 60_000, 'the indicator after reopening');
      await waitFor(() => (recordings().find((r) => r.id === id)?.segments ?? 0) >= 2, 30_000, 'the second segment');
      console.log(`renderer crash → recording again after ${Date.now() - crashAt} ms`);
      await sleep(6_000);
      await evaluate(`[...document.querySelectorAll('button')].find((b) => b.textContent === 'Stop recording').click()`);
      const stopAt = Date.now();

      const recording = await finished(id);
      expect(recording.state).toBe('ready');
      expect(recording.segments).toBeGreaterThanOrEqual(2);
      const info = ffprobe(artifactPath(recording, 'mp4')!);
      // Stop is pressed in the reopened page; its recorder stops at once (the file ends there).
      const wallSec = (stopAt - recorderStartedAt) / 1000;
      console.log(`start latency (click → recorder running): ${Math.round(recorderStartedAt - t0)} ms`);
      const lostSec = wallSec - info.durationSec;
      console.log(`renderer crash: wall ${wallSec.toFixed(2)} s, MP4 ${info.durationSec.toFixed(2)} s, lost ${lostSec.toFixed(2)} s`);
      expect(lostSec).toBeLessThanOrEqual(2);
      expect(info.durationSec).toBeGreaterThan(wallSec - 2);
    } finally {
      await context.close();
    }
  });
});
