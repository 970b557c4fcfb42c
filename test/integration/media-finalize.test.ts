// finalizeMedia against the real ffmpeg that resolveFfmpeg() picks (run once more with FFMPEG_PATH set to
// exercise another build). Fixtures are recorded on the fly in live (unseekable) WebM/Matroska.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { isAbortError } from '../../main/core/media/child-process';
import { finalizeMedia, type FinalizeInput, type FinalizeResult } from '../../main/core/media/finalize';
import { resolveFfmpeg, resolveFfprobe } from '../../main/core/media/ffmpeg-locator';
import { probeMedia } from '../../main/core/media/probe';
import { mountTmpfs } from '../support/small-filesystem';
import { chunkAndJoin, jpegSize, makeClip, processesMentioning, tempDir, truncateCopy, type ClipSpec } from '../fixtures/media';

const ffmpeg = resolveFfmpeg().path;
const ffprobe = resolveFfprobe(ffmpeg)?.path ?? null;
const FAST = { preset: 'veryfast', crf: 23 };
let tmp: ReturnType<typeof tempDir>;

beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

let counter = 0;
/** A raw segment as the journal hands it over: recorded, cut into odd-sized chunks, concatenated. */
async function segment(spec: ClipSpec): Promise<string> {
  const n = counter++;
  const clip = await makeClip(ffmpeg, path.join(tmp.dir, `clip-${n}.${spec.codec === 'h264' ? 'mkv' : 'webm'}`), spec);
  const joined = path.join(tmp.dir, `segment-${n}.raw`);
  chunkAndJoin(clip, joined, [4096, 65_536, 1000, 250_000]);
  return joined;
}

function run(segments: string[], extra: Partial<FinalizeInput> = {}): Promise<FinalizeResult> {
  const job = path.join(tmp.dir, `job-${counter++}`);
  return finalizeMedia({
    ffmpegPath: ffmpeg,
    segments,
    workDir: path.join(job, 'work'),
    outDir: path.join(job, 'out'),
    encode: FAST,
    filmstripFrames: 6,
    ...extra,
  });
}

function artifact(result: FinalizeResult, kind: string): string {
  const found = result.artifacts.find((a) => a.kind === kind);
  if (!found) throw new Error(`no ${kind} artifact`);
  return found.path;
}

async function expectH264Aac(result: FinalizeResult, expectedSec: number): Promise<void> {
  const probe = await probeMedia(artifact(result, 'mp4'), { ffmpegPath: ffmpeg, ffprobePath: ffprobe });
  expect(probe.formatName).toContain('mp4');
  expect(probe.video?.codec).toBe('h264');
  expect(probe.video?.pixFmt).toBe('yuv420p');
  expect(probe.audio?.codec).toBe('aac');
  expect(Math.abs(probe.durationSec! - expectedSec)).toBeLessThan(0.3);
  expect(Math.abs(result.durationSec - expectedSec)).toBeLessThan(0.3);
}

/** Top-level MP4 boxes in order: with +faststart the index (moov) precedes the media data (mdat). */
function topLevelBoxes(file: string): string[] {
  const data = fs.readFileSync(file);
  const boxes: string[] = [];
  for (let pos = 0; pos + 8 <= data.length; ) {
    let size = data.readUInt32BE(pos);
    if (size === 1) size = Number(data.readBigUInt64BE(pos + 8));
    boxes.push(data.toString('latin1', pos + 4, pos + 8));
    if (size < 8) break;
    pos += size;
  }
  return boxes;
}

describe('finalizeMedia (real ffmpeg)', () => {
  it('remuxes H.264 without re-encoding: h264 + aac, faststart, same duration', async () => {
    const result = await run([await segment({ codec: 'h264', durationSec: 4 })]);
    expect(result.path).toBe('remux');
    expect(result.sourceVideoCodec).toBe('h264');
    await expectH264Aac(result, 4);
    const boxes = topLevelBoxes(artifact(result, 'mp4'));
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(result.warnings).toEqual([]);
  });

  it.each(['vp8', 'vp9'] as const)('encodes %s/Opus WebM to H.264 + AAC', async (codec) => {
    const result = await run([await segment({ codec, durationSec: 3 })]);
    expect(result.path).toBe('encode');
    expect(result.sourceVideoCodec).toBe(codec);
    await expectH264Aac(result, 3);
  });

  it('joins segments in order with continuous timestamps: the duration is the sum', async () => {
    const result = await run([
      await segment({ codec: 'vp8', durationSec: 3 }),
      await segment({ codec: 'vp8', durationSec: 2, pattern: 'smptebars' }),
      await segment({ codec: 'vp8', durationSec: 1.5 }),
    ]);
    await expectH264Aac(result, 6.5);
  });

  it('joins H.264 segments by remuxing', async () => {
    const result = await run([await segment({ codec: 'h264', durationSec: 2 }), await segment({ codec: 'h264', durationSec: 3 })]);
    expect(result.path).toBe('remux');
    await expectH264Aac(result, 5);
  });

  it('salvages a last segment cut mid-cluster', async () => {
    const whole = await segment({ codec: 'vp8', durationSec: 4 });
    const cut = path.join(tmp.dir, 'cut.raw');
    truncateCopy(whole, cut, 0.6);
    const alone = await run([cut]);
    expect(alone.durationSec).toBeGreaterThan(1.5);
    expect(alone.durationSec).toBeLessThan(3.6);
    await expectH264Aac(alone, alone.durationSec);

    const afterAnother = await run([await segment({ codec: 'vp8', durationSec: 2 }), cut]);
    expect(Math.abs(afterAnother.durationSec - (2 + alone.durationSec))).toBeLessThan(0.3);
    expect(afterAnother.warnings).toEqual([]);

    // A crash cuts a segment short, capture restarts: the cut one sits in the middle.
    const beforeAnother = await run([cut, await segment({ codec: 'vp8', durationSec: 2 })]);
    expect(Math.abs(beforeAnother.durationSec - (alone.durationSec + 2))).toBeLessThan(0.3);
  });

  it('leaves out a last segment cut inside its header, with a warning', async () => {
    const whole = await segment({ codec: 'vp8', durationSec: 2 });
    const headerOnly = path.join(tmp.dir, 'header-only.raw');
    fs.writeFileSync(headerOnly, fs.readFileSync(whole).subarray(0, 150));
    const result = await run([await segment({ codec: 'vp8', durationSec: 3 }), headerOnly]);
    await expectH264Aac(result, 3);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('header-only.raw');
  });

  it('leaves out a segment that holds only the container header (no cluster), and fails if that is all', async () => {
    const whole = fs.readFileSync(await segment({ codec: 'vp8', durationSec: 1 }));
    const firstCluster = whole.indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
    expect(firstCluster).toBeGreaterThan(0);
    const headerOnly = path.join(tmp.dir, 'tracks-only.raw');
    fs.writeFileSync(headerOnly, whole.subarray(0, firstCluster));

    const result = await run([await segment({ codec: 'vp8', durationSec: 2 }), headerOnly, await segment({ codec: 'vp8', durationSec: 1 })]);
    await expectH264Aac(result, 3);
    expect(result.warnings).toEqual(['Segment tracks-only.raw contains no audio or video and was left out.']);

    const error = await run([headerOnly]).then(() => null, (e: unknown) => e);
    expect((error as AppError).code).toBe('MEDIA_ERROR');
    expect((error as AppError).message).toMatch(/contains no audio or video/);
  });

  it('adds a silent AAC track to a recording without audio, and says so', async () => {
    const result = await run([await segment({ codec: 'vp8', durationSec: 3, audio: 'none' })]);
    await expectH264Aac(result, 3);
    expect(result.media).toEqual({ video: true, audio: true, silentAudioAdded: true, blankVideoAdded: false });
  });

  it('joins segments whose size and audio differ (a capture restart)', async () => {
    const result = await run([
      await segment({ codec: 'vp8', durationSec: 2 }),
      await segment({ codec: 'vp8', durationSec: 2, size: '854x480', audio: 'none' }),
    ]);
    expect(result.path).toBe('encode');
    await expectH264Aac(result, 4);
    const probe = await probeMedia(artifact(result, 'mp4'), { ffmpegPath: ffmpeg, ffprobePath: ffprobe });
    expect([probe.video?.width, probe.video?.height]).toEqual([640, 360]);
  });

  it('makes a snapshot and a time-placed filmstrip as valid JPEGs, and hashes every artifact', async () => {
    const annotations = path.join(tmp.dir, 'annotations-in.json');
    fs.writeFileSync(annotations, JSON.stringify({ marks: [{ t: 1.5, text: 'valve' }] }));
    const progress: number[] = [];
    const result = await run([await segment({ codec: 'vp8', durationSec: 4 })], {
      filmstripFrames: 8,
      annotationsFile: annotations,
      onProgress: (f) => progress.push(f),
    });
    expect(jpegSize(artifact(result, 'snapshot'))).toEqual({ width: 640, height: 360 });
    expect(jpegSize(artifact(result, 'filmstrip'))).toEqual({ width: 8 * 160, height: 90 });
    expect(fs.readFileSync(artifact(result, 'annotations'), 'utf8')).toBe(fs.readFileSync(annotations, 'utf8'));
    expect(result.artifacts.map((a) => a.kind)).toEqual(['mp4', 'snapshot', 'filmstrip', 'annotations']);
    for (const a of result.artifacts) {
      const bytes = fs.readFileSync(a.path);
      expect(a.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(a.bytes).toBe(bytes.length);
    }
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Nothing half-written or intermediate is left behind.
    const outDir = path.dirname(artifact(result, 'mp4'));
    expect(fs.readdirSync(outDir).sort()).toEqual(['annotations.json', 'filmstrip.jpg', 'recording.mp4', 'snapshot.jpg']);
    expect(fs.readdirSync(path.join(path.dirname(outDir), 'work'))).toEqual([]);
  });

  it('stops ffmpeg on abort, leaves no process or partial file, and rejects with an abort error', async () => {
    const raw = await segment({ codec: 'vp8', durationSec: 8, size: '1280x720' });
    const controller = new AbortController();
    const job = path.join(tmp.dir, 'abort-job');
    const pending = finalizeMedia({
      ffmpegPath: ffmpeg,
      segments: [raw],
      workDir: path.join(job, 'work'),
      outDir: path.join(job, 'out'),
      encode: { preset: 'medium', crf: 20 },
      filmstripFrames: 4,
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0.08) controller.abort(); // inside the encode, which alone would take seconds
      },
    });
    const error = await pending.then(() => null, (e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(processesMentioning(job)).toEqual([]);
    expect(fs.readdirSync(path.join(job, 'out'))).toEqual([]);
    expect(fs.readdirSync(path.join(job, 'work'))).toEqual([]);
  });

  it('reports a full disk as DISK_FULL and leaves no partial file behind', async () => {
    const small = mountTmpfs(1);
    try {
      const raw = await segment({ codec: 'vp8', durationSec: 3 });
      const outDir = path.join(small.dir, 'out');
      const error = await run([raw], { outDir, encode: { preset: 'ultrafast', crf: 8 } }).then(() => null, (e: unknown) => e);
      expect((error as AppError).code).toBe('DISK_FULL');
      expect(fs.readdirSync(outDir)).toEqual([]);
    } finally {
      small.unmount();
    }
  });

  it('reports garbage input as MEDIA_ERROR naming the segment and the cause', async () => {
    const garbage = path.join(tmp.dir, 'garbage.raw');
    fs.writeFileSync(garbage, randomBytes(200_000));
    const notMatroska = await run([garbage]).then(() => null, (e: unknown) => e);
    expect(notMatroska).toBeInstanceOf(AppError);
    expect((notMatroska as AppError).code).toBe('MEDIA_ERROR');
    expect((notMatroska as AppError).message).toMatch(/garbage\.raw is not WebM\/Matroska/);

    // Looks like Matroska at first glance, then is not: ffmpeg's own diagnosis, with its stderr as detail.
    const disguised = path.join(tmp.dir, 'disguised.raw');
    const noise = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251)); // deterministic junk
    fs.writeFileSync(disguised, Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), noise, Buffer.from([0x1f, 0x43, 0xb6, 0x75]), noise]));
    const broken = await run([disguised]).then(() => null, (e: unknown) => e);
    expect((broken as AppError).code).toBe('MEDIA_ERROR');
    // ffmpeg 4.1 and 5.1 differ in how far they get: unreadable, or readable with no video in it.
    expect((broken as AppError).message).toMatch(/disguised\.raw (is not readable WebM\/Matroska media: .+|has neither an audio nor a video track: it is damaged)/);
    expect((broken as AppError).detail).toMatch(/matroska|Stream map/);
  });
});
