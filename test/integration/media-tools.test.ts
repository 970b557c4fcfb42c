// The ffmpeg building blocks against the real binary: resolution, capabilities, the runner (progress,
// failure, abort), both probe paths, the filmstrip's two strategies and the streaming hash.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { isAbortError } from '../../main/core/media/child-process';
import { describeFfmpeg } from '../../main/core/media/ffmpeg-describe';
import { resolveFfmpeg, resolveFfprobe } from '../../main/core/media/ffmpeg-locator';
import { runFfmpeg } from '../../main/core/media/ffmpeg-runner';
import { hashFile } from '../../main/core/media/hash-file';
import { listKeyframeTimes } from '../../main/core/media/keyframes';
import { writePreviews } from '../../main/core/media/previews';
import { probeMedia } from '../../main/core/media/probe';
import { jpegSize, makeClip, processesMentioning, tempDir } from '../fixtures/media';

const resolved = resolveFfmpeg();
const ffmpeg = resolved.path;
const ffprobe = resolveFfprobe(ffmpeg)?.path ?? null;
let tmp: ReturnType<typeof tempDir>;
let h264: string;
let vp8Remuxed: string;

beforeAll(async () => {
  tmp = tempDir();
  h264 = await makeClip(ffmpeg, path.join(tmp.dir, 'h264.mkv'), { codec: 'h264', durationSec: 3 });
  const vp8 = await makeClip(ffmpeg, path.join(tmp.dir, 'vp8.webm'), { codec: 'vp8', durationSec: 3, audio: 'none' });
  vp8Remuxed = path.join(tmp.dir, 'vp8.mkv');
  await runFfmpeg(ffmpeg, ['-i', vp8, '-c', 'copy', vp8Remuxed]);
});
afterAll(() => tmp.cleanup());

describe('ffmpeg resolution and capabilities', () => {
  it('resolves a runnable ffmpeg with the encoders finalize needs', async () => {
    expect(['FFMPEG_PATH', 'ffmpeg-static', '@ffmpeg-installer/ffmpeg', 'PATH']).toContain(resolved.source);
    if (process.env.FFMPEG_PATH) expect(resolved.source).toBe('FFMPEG_PATH');
    const info = await describeFfmpeg(ffmpeg);
    expect(info.version).not.toBe('unknown');
    expect(info.has).toMatchObject({ libx264: true, aac: true, libvpx: true, libopus: true });
    expect(info.missing).toEqual([]);
  });
});

describe('runFfmpeg', () => {
  it('reports progress in seconds and resolves on success', async () => {
    const seen: number[] = [];
    const result = await runFfmpeg(ffmpeg, ['-i', h264, '-f', 'null', '-'], { totalSec: 3, onProgress: (s) => seen.push(s) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(3);
    expect(result.frames).toBe(90);
  });

  it('rejects a failed run with MEDIA_ERROR and the stderr tail as detail', async () => {
    const error = await runFfmpeg(ffmpeg, ['-i', path.join(tmp.dir, 'missing.webm'), '-f', 'null', '-']).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('MEDIA_ERROR');
    expect((error as AppError).message).toMatch(/No such file or directory/);
    expect((error as AppError).detail).toContain('missing.webm');
    expect((error as AppError).detail).not.toMatch(/^progress=/m);
  });

  it('kills the child on abort and rejects only after it exited', async () => {
    const marker = path.join(tmp.dir, 'abort-marker.mp4');
    const controller = new AbortController();
    // An endless source: only the abort can end this run.
    const pending = runFfmpeg(ffmpeg, ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-c:v', 'libx264', '-f', 'mp4', marker], {
      signal: controller.signal,
      onProgress: (s) => {
        if (s > 0.3) controller.abort();
      },
    });
    const error = await pending.then(() => null, (e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(processesMentioning(marker)).toEqual([]);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const error = await runFfmpeg(ffmpeg, ['-version'], { signal: AbortSignal.abort() }).then(() => null, (e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
  });
});

describe('probeMedia', () => {
  it('reads a live-recorded Matroska (no duration yet) and a remuxed one', async () => {
    const raw = await probeMedia(h264, { ffmpegPath: ffmpeg, ffprobePath: ffprobe });
    expect(raw.video).toMatchObject({ codec: 'h264', width: 640, height: 360, pixFmt: 'yuv420p' });
    expect(raw.audio).toMatchObject({ codec: 'opus', sampleRate: 48000, channels: 1 });
    const remuxed = await probeMedia(vp8Remuxed, { ffmpegPath: ffmpeg, ffprobePath: ffprobe });
    expect(remuxed.audio).toBeNull();
    expect(remuxed.video?.codec).toBe('vp8');
    expect(remuxed.durationSec).toBeCloseTo(3, 1);
  });

  it('gives the same answer from `ffmpeg -i` as from ffprobe', async () => {
    for (const file of [h264, vp8Remuxed]) {
      const viaProbe = await probeMedia(file, { ffmpegPath: ffmpeg, ffprobePath: ffprobe });
      const viaFfmpeg = await probeMedia(file, { ffmpegPath: ffmpeg, ffprobePath: null });
      expect(viaFfmpeg.formatName).toBe(viaProbe.formatName);
      expect(viaFfmpeg.video).toMatchObject({ codec: viaProbe.video!.codec, width: 640, height: 360, pixFmt: 'yuv420p' });
      expect(viaFfmpeg.video!.fps).toBeCloseTo(30, 0);
      expect(viaFfmpeg.audio).toEqual(viaProbe.audio);
      if (viaProbe.durationSec !== null) expect(viaFfmpeg.durationSec).toBeCloseTo(viaProbe.durationSec, 1);
    }
  });

  it('reports a non-media file as MEDIA_ERROR on both paths', async () => {
    const text = path.join(tmp.dir, 'notes.webm');
    fs.writeFileSync(text, 'not a video at all\n'.repeat(100));
    for (const ffprobePath of [ffprobe, null]) {
      const error = await probeMedia(text, { ffmpegPath: ffmpeg, ffprobePath }).then(() => null, (e: unknown) => e);
      expect((error as AppError).code).toBe('MEDIA_ERROR');
      expect((error as AppError).message).toMatch(/invalid data/i);
    }
  });
});

describe('snapshot and filmstrip', () => {
  it('seeks when keyframes are dense and decodes once when there is a single keyframe', async () => {
    const dense = await makeClip(ffmpeg, path.join(tmp.dir, 'dense.mkv'), { codec: 'h264', durationSec: 4, keyframeInterval: 15 });
    const sparse = await makeClip(ffmpeg, path.join(tmp.dir, 'sparse.mkv'), { codec: 'h264', durationSec: 4 });
    for (const ffprobePath of [ffprobe, null]) {
      const keys = await listKeyframeTimes(dense, { ffmpegPath: ffmpeg, ffprobePath });
      expect(keys!.length).toBeGreaterThanOrEqual(8);
      expect(await listKeyframeTimes(sparse, { ffmpegPath: ffmpeg, ffprobePath })).toHaveLength(1);
    }
    const out = (name: string) => ({ snapshotFile: path.join(tmp.dir, `${name}-snap.jpg`), filmstripFile: path.join(tmp.dir, `${name}-strip.jpg`) });
    const common = { ffprobePath: ffprobe, filmstripFrames: 5, fps: 30 };
    expect(await writePreviews(ffmpeg, dense, 4, { ...common, ...out('dense') })).toBe('seek');
    expect(await writePreviews(ffmpeg, sparse, 4, { ...common, ...out('sparse') })).toBe('single-pass');
    for (const name of ['dense', 'sparse']) {
      expect(jpegSize(out(name).snapshotFile)).toEqual({ width: 640, height: 360 });
      expect(jpegSize(out(name).filmstripFile)).toEqual({ width: 800, height: 90 });
    }
  });

  it('places filmstrip frames at the same times whichever strategy runs', async () => {
    const clip = await makeClip(ffmpeg, path.join(tmp.dir, 'strategies.mkv'), { codec: 'h264', durationSec: 3, keyframeInterval: 10 });
    const files = (name: string) => ({ snapshotFile: path.join(tmp.dir, `${name}-s.jpg`), filmstripFile: path.join(tmp.dir, `${name}-f.jpg`) });
    for (const strategy of ['seek', 'single-pass'] as const) {
      await writePreviews(ffmpeg, clip, 3, { ffprobePath: ffprobe, filmstripFrames: 4, strategy, ...files(strategy) });
    }
    const decode = async (file: string) => {
      const raw = path.join(tmp.dir, `${path.basename(file)}.gray`);
      await runFfmpeg(ffmpeg, ['-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', raw]);
      return fs.readFileSync(raw);
    };
    for (const kind of ['snapshotFile', 'filmstripFile'] as const) {
      const a = await decode(files('seek')[kind]);
      const b = await decode(files('single-pass')[kind]);
      const meanDiff = a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
      // Neighbouring frames of testsrc2 differ by ~2.5 on average; the same frame decodes identically.
      expect(meanDiff).toBeLessThan(0.5);
    }
  });
});

describe('hashFile', () => {
  it('matches crypto over the whole file', async () => {
    const digest = await hashFile(h264);
    const bytes = fs.readFileSync(h264);
    expect(digest).toEqual({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });
});
