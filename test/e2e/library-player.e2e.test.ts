// The library and the offline player in real Chromium through the web shell: a recording made by the CLI
// (with annotations appended over the contract while it records) is found in the library, plays and
// seeks through HTTP range requests, answers the keyboard, shows its filmstrip previews and its
// annotation overlay (toggleable), and its evidence view re-verifies every file and the audit chain.
// Then it is renamed, tagged, found by tag, and deleted with the plan shown first.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingSnapshotSchema, type RecordingSnapshot } from '../../shared/domain/recording';
import { launchChromium } from '../support/chromium';
import { exited, runCli, spawnCli } from '../support/cli';
import { connectContract } from '../support/contract-client';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess, type RunningWebShell } from '../support/web-shell-process';

let browser: Browser;
let shell: RunningWebShell;
let page: Page;
let recording: RecordingSnapshot;
const home = makeTempHome();

interface Served {
  kind: string;
  status: number;
  range: string | null;
  bytes: number;
}
function mediaServed(): Served[] {
  const log = fs.readFileSync(path.join(home.dir, 'logs', 'fieldtape.log'), 'utf8');
  return log
    .split('\n')
    .filter((line) => line.includes('"media served"'))
    .map((line) => JSON.parse(line) as Served);
}

beforeAll(async () => {
  shell = await startWebShellProcess(home.dir);
  const url = new URL(shell.url);
  const contract = await connectContract(Number(url.port), url.searchParams.get('token')!);
  try {
    // A real capture; while it records, annotations arrive the way a session's renderer sends them.
    const cli = spawnCli(home.dir, ['record', '--source', 'testsrc', '--duration', '8', '--title', 'Boiler room visit', '--json']);
    const id = await (async () => {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
        const list = await contract.call<RecordingSnapshot[]>('recording.list', {});
        const live = list.ok ? list.value.find((r) => r.state === 'recording') : undefined;
        if (live) return live.id;
      }
      throw new Error(`the CLI recording never started: ${cli.output.stderr}`);
    })();
    const at = (t: number) => new Date(Date.now() + t * 1000).toISOString();
    const stroke = { id: 'mark-1', author: 'tech', tile: 'tech:camera', tool: 'rect', color: '#ff0000', width: 0.02, points: [[0.25, 0.25], [0.75, 0.75]], fade: false, at: Date.now() };
    const appended = await contract.call('session.annotations', {
      header: { sessionId: 'sess-e2e', recordingId: id, participant: 'tech', kind: 'participant', sessionStartedAt: at(0), recordingStartedAt: at(0) },
      events: [{ t: 0.2, at: at(0.2), op: { op: 'add', stroke } }],
    });
    expect(appended.ok, JSON.stringify(appended)).toBe(true);
    expect(await exited(cli)).toBe(0);
    recording = RecordingSnapshotSchema.parse(JSON.parse(cli.output.stdout));
    expect(recording.artifacts.map((a) => a.kind).sort()).toEqual(['annotations', 'filmstrip', 'manifest', 'mp4', 'snapshot']);
  } finally {
    contract.close();
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(shell.url);
  await page.getByRole('button', { name: 'Library' }).click();
});
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  home.cleanup();
});

const player = () => page.getByLabel(/^Recording:/);
const mediaTime = () => player().evaluate((v: HTMLVideoElement) => v.currentTime);

describe('the offline player', () => {
  it('lists the recording and plays it, seeking through range requests', async () => {
    const entry = page.getByRole('listitem').filter({ hasText: 'Boiler room visit' });
    await entry.getByText('Ready').waitFor();
    await entry.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => player().evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(await player().evaluate((v: HTMLVideoElement) => v.duration)).toBeGreaterThan(6);
    await player().evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await expect.poll(mediaTime, { timeout: 10_000 }).toBeGreaterThan(0.3);
    await player().evaluate((v: HTMLVideoElement) => v.pause());

    await player().evaluate((v: HTMLVideoElement) => new Promise<void>((resolve) => {
      v.addEventListener('seeked', () => resolve(), { once: true });
      v.currentTime = 6;
    }));
    expect(await mediaTime()).toBeCloseTo(6, 0);
    const served = mediaServed().filter((s) => s.kind === 'mp4');
    expect(served.every((s) => s.status === 206 || s.status === 200)).toBe(true);
    expect(served.some((s) => s.status === 206 && s.range !== null)).toBe(true);
  });

  it('answers the keyboard: frame step, J/L, arrows, speed', async () => {
    await page.getByRole('heading', { name: 'Boiler room visit' }).click();
    await player().evaluate((v: HTMLVideoElement) => new Promise<void>((resolve) => {
      v.addEventListener('seeked', () => resolve(), { once: true });
      v.currentTime = 4;
    }));
    await page.keyboard.press('.');
    await expect.poll(mediaTime).toBeGreaterThan(4.01);
    const stepped = await mediaTime();
    expect(stepped).toBeLessThan(4.2);
    await page.keyboard.press(',');
    await expect.poll(mediaTime).toBeLessThan(stepped);
    await page.keyboard.press('j');
    await expect.poll(mediaTime).toBe(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(mediaTime).toBeCloseTo(5, 1);
    await page.keyboard.press('>');
    await expect.poll(() => page.getByLabel('Speed').inputValue()).toBe('1.25');
    await page.keyboard.press('<');
    await page.keyboard.press('<');
    await page.keyboard.press('<');
    await page.keyboard.press('<');
    await expect.poll(() => page.getByLabel('Speed').inputValue()).toBe('0.5');
    expect(await player().evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(0.5);
    await page.keyboard.press(' ');
    await expect.poll(() => player().evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
    await page.keyboard.press('k');
    await expect.poll(() => player().evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
  });

  it('draws the annotation overlay at its time and toggles it', async () => {
    const overlay = page.getByTestId('annotation-overlay');
    await player().evaluate((v: HTMLVideoElement) => new Promise<void>((resolve) => {
      v.addEventListener('seeked', () => resolve(), { once: true });
      v.currentTime = 3;
    }));
    await expect.poll(() => overlay.getAttribute('data-marks')).toBe('1');
    // The rectangle's left edge (x = 25 % of the picture) is painted red; the middle is not.
    const pixels = await overlay.evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d')!;
      const video = document.querySelector('.player video') as HTMLVideoElement;
      const scale = Math.min(canvas.width / video.videoWidth, canvas.height / video.videoHeight);
      const x0 = (canvas.width - video.videoWidth * scale) / 2;
      const y0 = (canvas.height - video.videoHeight * scale) / 2;
      const at = (fx: number, fy: number) => Array.from(ctx.getImageData(Math.round(x0 + fx * video.videoWidth * scale), Math.round(y0 + fy * video.videoHeight * scale), 1, 1).data);
      return { edge: at(0.25, 0.5), middle: at(0.5, 0.5) };
    });
    expect(pixels.edge[0]).toBeGreaterThan(200);
    expect(pixels.edge[3]).toBeGreaterThan(100);
    expect(pixels.middle[3]).toBe(0);
    await expect.poll(() => page.getByRole('region', { name: 'Annotation marks' }).innerText()).toContain('rect by tech');

    const toggle = page.getByRole('button', { name: 'Annotations' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await overlay.isHidden()).toBe(true);
    await page.keyboard.press('a');
    expect(await overlay.isVisible()).toBe(true);
  });

  it('previews filmstrip frames under the pointer and seeks on click', async () => {
    const strip = page.getByRole('slider', { name: 'Seek' });
    const box = (await strip.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2);
    const preview = page.getByRole('img', { name: /^Preview at / });
    await preview.waitFor();
    expect(await preview.getAttribute('data-frame')).toBe('0');
    await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2);
    await expect.poll(() => preview.getAttribute('data-frame')).toBe('9');
    expect(await preview.getAttribute('aria-label')).toMatch(/Preview at 0:0[78]/);
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await expect.poll(mediaTime).toBeGreaterThan(3);
    expect(await mediaTime()).toBeLessThan(5);
  });

  it('re-verifies every file in the evidence view and shows the verified audit chain', async () => {
    await page.getByRole('button', { name: 'Evidence' }).click();
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await evidence.getByText('Audit chain verified').waitFor();
    await evidence.getByText(recording.id, { exact: true }).waitFor();
    for (const event of ['recording.started', 'recording.stopped', 'recording.finalized']) await evidence.getByRole('cell', { name: event }).waitFor();
    await evidence.getByRole('button', { name: 'Verify files now' }).click();
    await evidence.getByRole('status').getByText('All 5 files match their recorded SHA-256').waitFor();

    // Alter the snapshot on disk: verification names it.
    const snapshot = recording.artifacts.find((a) => a.kind === 'snapshot')!;
    fs.appendFileSync(snapshot.path, Buffer.from([0]));
    await evidence.getByRole('button', { name: 'Verify files now' }).click();
    await evidence.getByRole('status').getByText('1 of 5 files do not match').waitFor();
    await evidence.locator('tr[data-kind="snapshot"]').getByText(/has changed since it was recorded/).waitFor();
    fs.truncateSync(snapshot.path, snapshot.bytes);
    await page.getByRole('button', { name: 'Evidence' }).click();
  });
});

describe('export', () => {
  const exportsDir = () => path.join(home.dir, 'exports');
  const probeDuration = (file: string) =>
    Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
  const runExport = async (folder: string) => {
    const panel = page.getByRole('region', { name: 'Export' });
    await panel.getByLabel('Export folder name').fill(folder);
    await panel.getByRole('button', { name: 'Export' }).click();
    await panel.getByRole('status').getByText(`Exported to`).waitFor({ timeout: 60_000 });
    return panel;
  };

  it('saves the recorded MP4 unchanged with its manifest', async () => {
    const panel = await runExport('whole');
    await panel.getByRole('status').getByText(/\(the recorded MP4, unchanged\)/).waitFor();
    const files = fs.readdirSync(path.join(exportsDir(), 'whole')).sort();
    expect(files).toEqual(['export.json', 'manifest.json', expect.stringMatching(/^boiler-room-visit-rec_.*\.mp4$/)].sort());
    const mp4 = files.find((f) => f.endsWith('.mp4'))!;
    const digest = crypto.createHash('sha256').update(fs.readFileSync(path.join(exportsDir(), 'whole', mp4))).digest('hex');
    expect(digest).toBe(recording.artifacts.find((a) => a.kind === 'mp4')!.sha256);
  });

  it('cuts a clip without re-encoding, and burns the annotations into another', async () => {
    const panel = page.getByRole('region', { name: 'Export' });
    const seekTo = (t: number) =>
      player().evaluate((v: HTMLVideoElement, at: number) => new Promise<void>((resolve) => {
        v.addEventListener('seeked', () => resolve(), { once: true });
        v.currentTime = at;
      }), t);
    await seekTo(2);
    await panel.getByRole('button', { name: 'Clip starts here' }).click();
    await seekTo(5);
    await panel.getByRole('button', { name: 'Clip ends here' }).click();
    await panel.getByText('Clip 0:02–0:05').waitFor();
    await runExport('clip');
    await panel.getByRole('status').getByText(/\(cut without re-encoding\)/).waitFor();
    const clip = fs.readdirSync(path.join(exportsDir(), 'clip')).find((f) => f.endsWith('.mp4'))!;
    expect(clip).toMatch(/-clip-2-5s\.mp4$/);
    const clipSec = probeDuration(path.join(exportsDir(), 'clip', clip));
    expect(clipSec).toBeGreaterThan(2.5);
    expect(clipSec).toBeLessThan(5.5); // may start up to a keyframe early
    const record = JSON.parse(fs.readFileSync(path.join(exportsDir(), 'clip', 'export.json'), 'utf8')) as { video: string; clip: { cut: string } };
    expect(record.video).toBe('copy');

    await panel.getByLabel('Burn in annotations').check();
    await runExport('burned');
    await panel.getByRole('status').getByText(/\(re-encoded with annotations\)/).waitFor();
    const burned = path.join(exportsDir(), 'burned', fs.readdirSync(path.join(exportsDir(), 'burned')).find((f) => f.endsWith('-annotated.mp4'))!);
    expect(probeDuration(burned)).toBeCloseTo(3, 0);
    // One frame as raw RGB: the rectangle's left edge (25 % across, half way down) is red.
    const size = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', burned], { encoding: 'utf8' }).trim().split(',').map(Number);
    const [w, h] = size as [number, number];
    const frame = execFileSync('ffmpeg', ['-v', 'error', '-ss', '1', '-i', burned, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 64 * 1024 * 1024 });
    const px = (fx: number, fy: number) => {
      const i = (Math.round(fy * h) * w + Math.round(fx * w)) * 3;
      return [frame[i]!, frame[i + 1]!, frame[i + 2]!];
    };
    const edge = px(0.25, 0.5);
    expect(edge[0]).toBeGreaterThan(180);
    expect(edge[1]).toBeLessThan(90);
    expect(edge[2]).toBeLessThan(90);
  });
});

describe('the library', () => {
  it('renames, tags, finds by tag, and deletes with the plan shown first', async () => {
    await page.getByRole('button', { name: 'Back to library' }).click();
    const entry = page.getByRole('listitem').filter({ hasText: 'Boiler room visit' });
    await entry.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit recording' });
    await dialog.getByLabel('Title').fill('Boiler room, second visit');
    await dialog.getByLabel('Tags').fill('warranty, Site-12');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const renamed = page.getByRole('listitem').filter({ hasText: 'Boiler room, second visit' });
    await renamed.getByText('#site-12').waitFor();

    const search = page.getByLabel('Search recordings');
    await search.fill('nothing-like-this');
    await page.getByText('No recording matches.').waitFor();
    await search.fill('warr');
    await renamed.waitFor();
    await search.fill(recording.createdAt.slice(0, 7));
    await renamed.waitFor();
    await page.getByRole('button', { name: 'Failed' }).click();
    await page.getByText('No recording matches.').waitFor();
    await page.getByRole('button', { name: 'Failed' }).click();
    await search.fill('');

    await renamed.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: /^Delete/ });
    await confirm.getByText('never delivered, so nothing is in a bucket').waitFor();
    await confirm.getByText('MP4 video').waitFor();
    await confirm.getByRole('button', { name: 'Delete from this computer' }).click();
    await page.getByText('No recordings yet.').waitFor();
    expect(fs.existsSync(path.join(home.dir, 'recordings', recording.id))).toBe(false);

    const audit = runCli(home.dir, ['audit', 'list', '--recording', recording.id, '--json']);
    const events = audit.json as Array<{ type: string; data: Record<string, unknown> }>;
    const deleted = events.find((e) => e.type === 'recording.deleted');
    expect(deleted?.data.title).toBe('Boiler room, second visit');
    expect(runCli(home.dir, ['audit', 'verify', '--json']).code).toBe(0);
  });
});
