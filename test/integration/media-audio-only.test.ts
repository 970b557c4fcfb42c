// finalizeMedia on recordings without video (MediaRecorder's audio/webm, a participant whose camera is
// off), with the real ffmpeg: an AAC-only MP4 and a waveform image instead of snapshot and filmstrip, and a
// plan that says what the MP4 holds. Fixtures are live-style (unseekable) WebM made by ffmpeg here; the
// Chromium MediaRecorder path is in audio-only-recording.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalizeMedia, type FinalizeResult } from '../../main/core/media/finalize';
import { resolveFfmpeg } from '../../main/core/media/ffmpeg-locator';
import { chunkAndJoin, makeClip, tempDir, type ClipSpec } from '../fixtures/media';
import { blueShare, ffprobe, pngSize, sha256File } from '../support/media-check';

const ffmpeg = resolveFfmpeg().path;
let tmp: ReturnType<typeof tempDir>;
let counter = 0;

beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

async function segment(spec: ClipSpec): Promise<string> {
  const n = counter++;
  const clip = await makeClip(ffmpeg, path.join(tmp.dir, `clip-${n}.webm`), spec);
  const joined = path.join(tmp.dir, `segment-${n}.raw`);
  chunkAndJoin(clip, joined, [4096, 65_536, 1000]);
  return joined;
}

function run(segments: string[]): Promise<FinalizeResult> {
  const job = path.join(tmp.dir, `job-${counter++}`);
  return finalizeMedia({ ffmpegPath: ffmpeg, segments, workDir: path.join(job, 'work'), outDir: path.join(job, 'out'), encode: { preset: 'veryfast', crf: 23 }, filmstripFrames: 4 });
}

const file = (result: FinalizeResult, kind: string) => result.artifacts.find((a) => a.kind === kind)!.path;

describe('finalizing an audio-only recording', () => {
  it('makes an AAC-only MP4 and a waveform, and no pictures', async () => {
    const result = await run([await segment({ codec: 'vp8', video: 'none', durationSec: 4 })]);
    expect(result.artifacts.map((a) => a.kind)).toEqual(['mp4', 'waveform']);
    expect(result.media).toEqual({ video: false, audio: true, silentAudioAdded: false, blankVideoAdded: false });
    expect(result.sourceVideoCodec).toBe('none');
    const mp4 = ffprobe(file(result, 'mp4'));
    expect(mp4.types).toEqual(['audio']);
    expect(mp4.codecs).toEqual(['aac']);
    expect(Math.abs(mp4.durationSec - 4)).toBeLessThan(0.3);
    expect(Math.abs(result.durationSec - 4)).toBeLessThan(0.3);
    expect(pngSize(file(result, 'waveform'))).toEqual({ width: 1280, height: 240 });
    // A tone at -18 dBFS fills a good part of the picture; a blank or transparent image would not.
    expect(blueShare(file(result, 'waveform'))).toBeGreaterThan(0.1);
    for (const a of result.artifacts) expect(sha256File(a.path)).toBe(a.sha256);
    // Published like every artifact: nothing half-written (*.part) or intermediate is left.
    expect(fs.readdirSync(path.dirname(file(result, 'mp4'))).sort()).toEqual(['recording.mp4', 'waveform.png']);
  });

  it('joins audio-only segments (a pause) back to back', async () => {
    const result = await run([await segment({ codec: 'vp8', video: 'none', durationSec: 2 }), await segment({ codec: 'vp8', video: 'none', durationSec: 3 })]);
    const mp4 = ffprobe(file(result, 'mp4'));
    expect(mp4.codecs).toEqual(['aac']);
    expect(Math.abs(mp4.durationSec - 5)).toBeLessThan(0.3);
  });

  it('gives an audio-only segment black frames when another segment has video, and says so', async () => {
    const result = await run([await segment({ codec: 'vp8', video: 'none', durationSec: 2 }), await segment({ codec: 'vp8', durationSec: 2 })]);
    expect(result.path).toBe('encode');
    expect(result.media).toEqual({ video: true, audio: true, silentAudioAdded: false, blankVideoAdded: true });
    expect(result.artifacts.map((a) => a.kind)).toEqual(['mp4', 'snapshot', 'filmstrip']);
    const mp4 = ffprobe(file(result, 'mp4'));
    expect(mp4.codecs.sort()).toEqual(['aac', 'h264']);
    expect(Math.abs(mp4.durationSec - 4)).toBeLessThan(0.3);
  });
});
