// Audio-only recordings end to end with what really makes them: real Chromium's MediaRecorder
// (`audio/webm;codecs=opus`, a 1 s timeslice), its chunks sent to the engine's intake over the contract
// (the web shell's WebSocket) exactly as the renderer sends them, and the same file imported through the
// library's import path. Both must end ready as an MP4 with one AAC stream and no video, as long as what
// was recorded, with a waveform image and a manifest that says the recording has no video.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPlan, LibraryEntry } from '../../shared/domain/library';
import { ManifestSchema } from '../../shared/domain/manifest';
import type { RecordingSnapshot } from '../../shared/domain/recording';
import { createEngine, type Engine } from '../../main/engine';
import { startWebShell, type WebShell } from '../../main/web/server';
import { launchChromium } from '../support/chromium';
import { connectContract, type ContractClient } from '../support/contract-client';
import { blueShare, ffprobe, pngSize, sha256File } from '../support/media-check';
import { makeTempHome, REPO_ROOT } from '../support/temp-home';

const MIME = 'audio/webm;codecs=opus';
const RECORD_SEC = 6;

let home: ReturnType<typeof makeTempHome>;
let browser: Browser;
let server: http.Server;
let engine: Engine;
let shell: WebShell;
let client: ContractClient;
let chunks: Buffer[];
/** The recording's own length: its chunks joined and remuxed by ffmpeg, probed by ffprobe (not the engine). */
let recordedSec: number;

function unwrap<T>(result: { ok: boolean; value?: unknown; error?: { message: string } }): T {
  if (!result.ok) throw new Error(result.error!.message);
  return result.value as T;
}

/** Records a tone that swells and fades, as MediaRecorder chunks (base64, one per timeslice). */
async function recordAudio(seconds: number): Promise<{ chunks: Buffer[]; mime: string }> {
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const result = await page.evaluate(
      async ({ seconds, mime }) => {
        if (!MediaRecorder.isTypeSupported(mime)) throw new Error(`${mime} is not supported by this Chromium`);
        const context = new AudioContext();
        const tone = context.createOscillator();
        tone.frequency.value = 330;
        const gain = context.createGain();
        gain.gain.setValueAtTime(0.05, context.currentTime);
        gain.gain.linearRampToValueAtTime(0.8, context.currentTime + seconds / 2);
        gain.gain.linearRampToValueAtTime(0.05, context.currentTime + seconds);
        const out = context.createMediaStreamDestination();
        tone.connect(gain).connect(out);
        tone.start();
        const recorder = new MediaRecorder(out.stream, { mimeType: mime, audioBitsPerSecond: 128_000 });
        const parts: string[] = [];
        const pending: Array<Promise<void>> = [];
        recorder.ondataavailable = (e) => {
          if (e.data.size === 0) return;
          const i = parts.push('') - 1;
          pending.push(
            e.data.arrayBuffer().then((buffer) => {
              const bytes = new Uint8Array(buffer);
              let binary = '';
              for (let j = 0; j < bytes.length; j += 0x8000) binary += String.fromCharCode(...bytes.subarray(j, j + 0x8000));
              parts[i] = btoa(binary);
            }),
          );
        };
        recorder.start(1000);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        await new Promise((resolve) => {
          recorder.onstop = resolve;
          recorder.stop();
        });
        await Promise.all(pending);
        await context.close();
        return { parts, mime: recorder.mimeType };
      },
      { seconds, mime: MIME },
    );
    return { chunks: result.parts.map((p) => Buffer.from(p, 'base64')), mime: result.mime };
  } finally {
    await page.close();
  }
}

beforeAll(async () => {
  home = makeTempHome('fieldtape-audio-only-');
  // MediaRecorder wants a secure context: 127.0.0.1 is one.
  server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>audio</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The audio context must run without a click.
  browser = await launchChromium({ extraArgs: ['--autoplay-policy=no-user-gesture-required'] });
  const recorded = await recordAudio(RECORD_SEC);
  expect(recorded.mime).toMatch(/^audio\/webm/);
  chunks = recorded.chunks;
  const joined = path.join(home.dir, 'recorded.webm');
  fs.writeFileSync(joined, Buffer.concat(chunks));
  const remuxed = path.join(home.dir, 'recorded-remuxed.mkv');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', joined, '-c', 'copy', remuxed]);
  const truth = ffprobe(remuxed);
  expect(truth.types, 'Chromium recorded audio only').toEqual(['audio']);
  recordedSec = truth.durationSec;
  console.log('recorded', JSON.stringify({ chunks: chunks.length, bytes: fs.statSync(joined).size, recordedSec }));
  expect(recordedSec).toBeGreaterThan(RECORD_SEC - 1.5);

  engine = createEngine({ dataDir: path.join(home.dir, 'data'), host: 'web' });
  engine.settings.set('minFreeDiskMb', 16);
  shell = await startWebShell({ engine, port: 0, rendererDir: path.join(REPO_ROOT, 'dist', 'renderer') });
  client = await connectContract(shell.port, shell.token);
}, 120_000);

afterAll(async () => {
  client?.close();
  await shell?.close();
  await engine?.close();
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  home?.cleanup();
});

/** The finished recording's MP4 is AAC only and as long as what was recorded; waveform and manifest agree. */
function expectAudioOnlyRecording(recording: RecordingSnapshot): void {
  expect(recording.state).toBe('ready');
  expect(recording.artifacts.map((a) => a.kind).sort()).toEqual(['manifest', 'mp4', 'waveform']);
  for (const a of recording.artifacts) expect(sha256File(a.path)).toBe(a.sha256);
  const mp4 = ffprobe(recording.artifacts.find((a) => a.kind === 'mp4')!.path);
  console.log('audio-only mp4', JSON.stringify({ id: recording.id, ...mp4, recordedSec }));
  expect(mp4.types).toEqual(['audio']);
  expect(mp4.codecs).toEqual(['aac']);
  expect(Math.abs(mp4.durationSec - recordedSec)).toBeLessThan(0.5);
  expect(Math.abs(recording.durationSec! - recordedSec)).toBeLessThan(0.5);

  const waveform = recording.artifacts.find((a) => a.kind === 'waveform')!.path;
  expect(pngSize(waveform)).toEqual({ width: 1280, height: 240 });
  expect(blueShare(waveform), 'the tone is drawn').toBeGreaterThan(0.05);

  const manifestFile = recording.artifacts.find((a) => a.kind === 'manifest')!.path;
  const manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
  expect(manifest.media).toEqual({ video: false, audio: true, silentAudioAdded: false, blankVideoAdded: false });
  expect(manifest.producedBy.sourceVideoCodec).toBe('none');
  expect(manifest.artifacts.map((a) => [a.kind, a.file])).toEqual([
    ['mp4', 'recording.mp4'],
    ['waveform', 'waveform.png'],
  ]);
}

describe('an audio-only recording from Chromium MediaRecorder', () => {
  it('made through the intake, finalizes ready to an AAC-only MP4 with a waveform', async () => {
    const started = unwrap<RecordingSnapshot>(await client.call('recording.start', { mime: MIME, title: 'Audio only' }));
    for (const [seq, data] of chunks.entries()) {
      unwrap(await client.call('recording.chunk', { recordingId: started.id, segment: 1, seq, data: new Uint8Array(data) }));
    }
    const done = unwrap<RecordingSnapshot>(await client.call('recording.stop', { recordingId: started.id }));
    expectAudioOnlyRecording(done);
    const entry = unwrap<{ entries: LibraryEntry[] }>(await client.call('library.page', { offset: 0, limit: 10 })).entries.find((e) => e.id === started.id)!;
    expect(entry).toMatchObject({ hasSnapshot: false, hasWaveform: true });
  });

  it('imported as a file through the library, ends ready as an AAC-only MP4', async () => {
    const file = Buffer.concat(chunks);
    const plan = unwrap<ImportPlan>(await client.call('library.importBegin', { files: [{ name: 'call-notes.webm', bytes: file.length }] }));
    expect(plan.kind).toBe('media');
    for (let offset = 0; offset < file.length; offset += plan.chunkBytes) {
      unwrap(await client.call('library.importChunk', { importId: plan.importId, name: 'call-notes.webm', offset, data: new Uint8Array(file.subarray(offset, offset + plan.chunkBytes)) }));
    }
    const entry = unwrap<LibraryEntry>(await client.call('library.importFinish', { importId: plan.importId }));
    const recording = engine.recordings.get(entry.id);
    expect(recording.title).toBe('call-notes');
    expectAudioOnlyRecording(recording);
  });
});
