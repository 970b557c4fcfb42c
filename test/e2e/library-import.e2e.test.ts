// Import in real Chromium through the web shell: files dropped or chosen in the page are uploaded over the
// contract in chunks. Unsupported and damaged files, and a delivered folder whose file no longer matches
// its manifest, get a clear message and leave nothing behind; a delivered folder and a plain video import.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { asRecording, runCli } from '../support/cli';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess, type RunningWebShell } from '../support/web-shell-process';

let browser: Browser;
let shell: RunningWebShell;
let page: Page;
const source = makeTempHome('fieldtape-import-src-');
const home = makeTempHome('fieldtape-import-');
const work = makeTempHome('fieldtape-import-files-');
let delivered: string;
let recordingId: string;

/** Drops files on the library the way the OS does: a drop event whose DataTransfer carries File objects. */
async function drop(files: Array<{ name: string; bytes: Buffer }>): Promise<void> {
  await page.evaluate(async (list) => {
    const transfer = new DataTransfer();
    for (const f of list) transfer.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
    const target = document.querySelector('section.library')!;
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64') })));
}

const alert = () => page.getByRole('alert').filter({ hasText: 'Import failed' });
async function expectRefusal(text: RegExp): Promise<void> {
  await alert().getByText(text).waitFor({ timeout: 30_000 });
  await alert().getByRole('button', { name: 'Dismiss' }).click();
}
const stagedImports = () => (fs.existsSync(path.join(home.dir, 'imports')) ? fs.readdirSync(path.join(home.dir, 'imports')) : []);

beforeAll(async () => {
  // A recording made elsewhere, as its delivered folder would look: the artifacts beside their manifest.
  const made = runCli(source.dir, ['record', '--source', 'testsrc', '--duration', '3', '--title', 'Delivered elsewhere', '--json']);
  expect(made.code, made.stderr).toBe(0);
  const recording = asRecording(made.json);
  recordingId = recording.id;
  delivered = path.join(work.dir, 'delivered-recording');
  fs.mkdirSync(delivered);
  for (const a of recording.artifacts) fs.copyFileSync(a.path, path.join(delivered, path.basename(a.path)));

  shell = await startWebShellProcess(home.dir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(shell.url);
  await page.getByRole('button', { name: 'Library' }).click();
  await page.getByText('No recordings yet.').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  for (const dir of [source, home, work]) dir.cleanup();
});

describe('import errors', () => {
  it('refuses an unsupported file with a message saying what can be imported', async () => {
    await drop([{ name: 'notes.txt', bytes: Buffer.from('site notes') }]);
    await expectRefusal(/notes\.txt cannot be imported: Fieldtape imports a video file \(\.mp4/);
  });

  it('refuses a file that only looks like a video, before or after reading it', async () => {
    await page.getByLabel('Import video file').setInputFiles({ name: 'broken.mp4', mimeType: 'video/mp4', buffer: crypto.randomBytes(64 * 1024) });
    await expectRefusal(/broken\.mp4 is not a valid MP4\/QuickTime file/);
    const fakeHeader = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), crypto.randomBytes(32 * 1024)]);
    await drop([{ name: 'damaged.mp4', bytes: fakeHeader }]);
    await expectRefusal(/damaged\.mp4 could not be read as video/);
    await drop([{ name: 'empty.webm', bytes: Buffer.alloc(0) }]);
    await expectRefusal(/empty\.webm is empty/);
  });

  it('refuses several loose files, and a delivered folder whose file no longer matches its manifest', async () => {
    await drop([
      { name: 'a.mp4', bytes: Buffer.from('x') },
      { name: 'b.mp4', bytes: Buffer.from('y') },
    ]);
    await expectRefusal(/These 2 files have no manifest\.json/);

    const tampered = path.join(work.dir, 'tampered');
    fs.cpSync(delivered, tampered, { recursive: true });
    const snapshot = path.join(tampered, 'snapshot.jpg');
    const bytes = fs.readFileSync(snapshot);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    fs.writeFileSync(snapshot, bytes);
    await page.getByLabel('Import delivered folder').setInputFiles(tampered);
    await expectRefusal(/snapshot\.jpg does not match its manifest .* changed or damaged; nothing was imported/);

    const missing = path.join(work.dir, 'missing');
    fs.cpSync(delivered, missing, { recursive: true });
    fs.rmSync(path.join(missing, 'filmstrip.jpg'));
    await page.getByLabel('Import delivered folder').setInputFiles(missing);
    await expectRefusal(/missing filmstrip\.jpg, which its manifest lists/);

    await expect.poll(stagedImports).toEqual([]);
    expect(await page.getByTestId('library-count').innerText()).toMatch(/^0 recordings/);
  });
});

describe('imports that succeed', () => {
  it('adopts a delivered folder after checking every file against its manifest', async () => {
    await page.getByLabel('Import delivered folder').setInputFiles(delivered);
    await page.getByRole('status').getByText('Imported “Delivered elsewhere”').waitFor({ timeout: 30_000 });
    const entry = page.getByRole('listitem').filter({ hasText: 'Delivered elsewhere' });
    await entry.getByText('Ready').waitFor();
    await entry.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.getByLabel(/^Recording:/).evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Evidence' }).click();
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await evidence.getByText(recordingId, { exact: true }).waitFor();
    await evidence.getByRole('button', { name: 'Verify files now' }).click();
    await evidence.getByRole('status').getByText('All 4 files match their recorded SHA-256').waitFor();
    await page.getByRole('button', { name: 'Back to library' }).click();

    await page.getByLabel('Import delivered folder').setInputFiles(delivered);
    await expectRefusal(/is already in your library/);
  });

  it('shows a session\'s participant tracks side by side, aligned by their start, with join markers', async () => {
    // Two deliveries of one session: the same media, re-labelled as two participants' tracks that
    // started 2 s apart (the manifest does not list itself, so the files still match it).
    const manifest = JSON.parse(fs.readFileSync(path.join(delivered, 'manifest.json'), 'utf8')) as Record<string, unknown> & { startedAt: string };
    const start = Date.parse(manifest.startedAt);
    const tracks = [
      { id: 'rec_sessiontrackada01', who: 'ada', offsetMs: 0 },
      { id: 'rec_sessiontrackbob01', who: 'bob', offsetMs: 2000 },
    ];
    for (const t of tracks) {
      const folder = path.join(work.dir, t.who);
      fs.cpSync(delivered, folder, { recursive: true });
      const at = new Date(start + t.offsetMs).toISOString();
      fs.writeFileSync(
        path.join(folder, 'manifest.json'),
        JSON.stringify({ ...manifest, recordingId: t.id, sessionId: 'sess-shared', title: `Site call (${t.who})`, startedAt: at, participants: [{ identity: t.who, joinedAt: new Date(start + 1000).toISOString() }] }),
      );
      await page.getByLabel('Import delivered folder').setInputFiles(folder);
      await page.getByRole('status').getByText(`Imported “Site call (${t.who})”`).waitFor({ timeout: 30_000 });
    }
    await page.getByRole('listitem').filter({ hasText: 'Site call (bob)' }).getByRole('button', { name: 'Play' }).click();
    const lead = page.getByLabel(/^Recording:/);
    const follower = page.getByLabel('Track of ada');
    await follower.waitFor();
    await page.getByRole('group', { name: 'Session tracks' }).getByRole('button', { name: 'ada' }).waitFor();
    await page.getByRole('region', { name: 'Markers' }).getByText('bob joined').waitFor();
    await expect.poll(() => lead.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => follower.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    // bob started 2 s after ada: bob's 0.5 s is ada's 2.5 s.
    await lead.evaluate((v: HTMLVideoElement) => new Promise<void>((resolve) => {
      v.addEventListener('seeked', () => resolve(), { once: true });
      v.currentTime = 0.5;
    }));
    await expect.poll(() => follower.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(2.5, 0);
    await page.getByRole('button', { name: 'Make lead' }).click();
    await page.getByRole('heading', { name: 'Site call (ada)' }).waitFor();
    await page.getByLabel('Track of bob').waitFor();
    await page.getByRole('button', { name: 'Back to library' }).click();
  });

  it('imports a plain video dropped on the library and finalizes it like a recording', async () => {
    const clip = path.join(work.dir, 'Pump clip.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15:duration=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip]);
    await drop([{ name: 'Pump clip.mp4', bytes: fs.readFileSync(clip) }]);
    await page.getByRole('status').getByText('Imported “Pump clip”').waitFor({ timeout: 60_000 });
    const entry = page.getByRole('listitem').filter({ hasText: 'Pump clip' });
    await entry.getByText('Ready').waitFor();
    expect(await page.getByTestId('library-count').innerText()).toMatch(/^4 recordings/);
    await expect.poll(stagedImports).toEqual([]);
  });
});
