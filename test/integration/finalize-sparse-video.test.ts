// A participant whose camera never reaches the host is recorded as a still image (their initials), and
// Chromium's H.264 MediaRecorder then sends a frame only every second or two. A stream copy of that into
// MP4 once kept 0.003 s of a 7 s video (ffmpeg guesses decode times from a frame rate it cannot know);
// finalize must notice and keep the real times. The recording is made here by real Chromium, exactly as
// the session recorder makes it (canvas capture track + MediaRecorder), and finalized by the real ffmpeg.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalizeMedia } from '../../main/core/media/finalize';
import { resolveFfmpeg } from '../../main/core/media/ffmpeg-locator';
import { launchChromium } from '../support/chromium';
import { ffprobe as independentProbe } from '../support/media-check';
import { makeTempHome } from '../support/temp-home';

const ffmpeg = resolveFfmpeg().path;

let browser: Browser;
let server: http.Server;
let origin: string;
const tmp = makeTempHome('fieldtape-sparse-');

beforeAll(async () => {
  // getUserMedia-free, but MediaRecorder wants a secure context: 127.0.0.1 is one.
  server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>sparse</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // The audio context must run without a click, as it does in the session page after a reload.
  browser = await launchChromium({ extraArgs: ['--autoplay-policy=no-user-gesture-required'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  tmp.cleanup();
});

/** Records `seconds` of a still canvas with a frame requested every `everyMs`, plus silent audio. */
async function recordStill(seconds: number, everyMs: number): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.goto(origin);
    const base64 = await page.evaluate(
      async ({ seconds, everyMs }) => {
        const canvas = document.createElement('canvas');
        canvas.width = 1280;
        canvas.height = 720;
        const ctx = canvas.getContext('2d', { alpha: false })!;
        const draw = () => {
          ctx.fillStyle = '#1d2430';
          ctx.fillRect(0, 0, 1280, 720);
          ctx.fillStyle = '#5b6575';
          ctx.font = '600 144px sans-serif';
          ctx.fillText('B', 600, 400);
        };
        draw();
        const track = canvas.captureStream(0).getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
        // Like the session's audio mix: a silent source keeps the audio clock (and so the muxer) going.
        const context = new AudioContext();
        const audio = context.createMediaStreamDestination();
        const silence = context.createConstantSource();
        silence.offset.value = 0;
        silence.connect(audio);
        silence.start();
        const mime = ['video/webm;codecs=h264,opus', 'video/webm;codecs=vp8,opus'].find((m) => MediaRecorder.isTypeSupported(m))!;
        const recorder = new MediaRecorder(new MediaStream([track, ...audio.stream.getAudioTracks()]), { mimeType: mime });
        const chunks: Blob[] = [];
        recorder.ondataavailable = (e) => chunks.push(e.data);
        recorder.start(1000);
        const timer = setInterval(() => {
          draw();
          track.requestFrame();
        }, everyMs);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        clearInterval(timer);
        await new Promise((resolve) => {
          recorder.onstop = resolve;
          recorder.stop();
        });
        const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return { data: btoa(binary), mime };
      },
      { seconds, everyMs },
    );
    expect(base64.mime, 'this Chromium records H.264 (the copy path under test)').toContain('h264');
    return Buffer.from(base64.data, 'base64');
  } finally {
    await page.close();
  }
}

describe('finalizing a sparse-frame H.264 recording from Chromium', () => {
  it('encodes it at a steady rate for as long as it was recorded instead of squeezing it into milliseconds', { timeout: 120_000 }, async () => {
    const raw = path.join(tmp.dir, 'segment-000001.raw');
    // Frames at about 0, 2.2 and 4.4 s: with three, a stream copy once kept 0.003 s of video.
    fs.writeFileSync(raw, await recordStill(5.5, 2200));
    const result = await finalizeMedia({
      ffmpegPath: ffmpeg,
      segments: [raw],
      workDir: path.join(tmp.dir, 'work'),
      outDir: path.join(tmp.dir, 'out'),
      encode: { preset: 'veryfast', crf: 23 },
      filmstripFrames: 4,
    });
    const mp4 = independentProbe(result.artifacts.find((a) => a.kind === 'mp4')!.path, true);
    console.log('sparse recording', JSON.stringify({ path: result.path, ...mp4 }));
    expect(result.path).toBe('encode');
    expect(mp4.codecs.sort()).toEqual(['aac', 'h264']);
    // The still image is there from start to end, at a steady rate, and not past the recording's end.
    const videoSec = Number(mp4.streamDurations.find((d) => d.startsWith('video:'))?.split(':')[1]);
    expect(videoSec, 'the video lasts as long as the recording').toBeGreaterThanOrEqual(mp4.durationSec - 0.5);
    expect(mp4.durationSec).toBeLessThan(6.5);
    expect(mp4.videoFrames! / videoSec).toBeGreaterThan(10);
  });
});
