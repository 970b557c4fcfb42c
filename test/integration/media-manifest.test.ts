// manifest.json from a real finalize, and `fieldtape doctor`'s report.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestSchema } from '../../shared/domain/manifest';
import { AppError } from '../../shared/errors';
import { doctorCommand } from '../../main/cli/commands/doctor';
import type { CliIo } from '../../main/cli/command';
import { describeFfmpeg } from '../../main/core/media/ffmpeg-describe';
import { resolveFfmpeg } from '../../main/core/media/ffmpeg-locator';
import { finalizeMedia, type FinalizeResult } from '../../main/core/media/finalize';
import { buildManifest } from '../../main/core/media/manifest';
import { APP_VERSION } from '../../main/core/version';
import { chunkAndJoin, makeClip, tempDir } from '../fixtures/media';

const ffmpeg = resolveFfmpeg();
let tmp: ReturnType<typeof tempDir>;
let finalized: FinalizeResult;
let outDir: string;

beforeAll(async () => {
  tmp = tempDir();
  const clip = await makeClip(ffmpeg.path, path.join(tmp.dir, 'clip.webm'), { codec: 'vp8', durationSec: 2 });
  const raw = path.join(tmp.dir, 'segment.raw');
  chunkAndJoin(clip, raw, [30_000]);
  outDir = path.join(tmp.dir, 'out');
  finalized = await finalizeMedia({
    ffmpegPath: ffmpeg.path,
    segments: [raw],
    workDir: path.join(tmp.dir, 'work'),
    outDir,
    encode: { preset: 'ultrafast', crf: 28 },
    filmstripFrames: 3,
  });
});
afterAll(() => tmp.cleanup());

const base = () => ({
  outDir,
  recordingId: 'rec_0123456789abcdef',
  sessionId: 'session-42',
  startedAt: '2026-11-23T08:00:00.000Z',
  stoppedAt: '2026-11-23T08:00:02.100Z',
  durationSec: finalized.durationSec,
  sources: [{ kind: 'camera' as const, device: '/dev/video0' }],
  participants: [{ identity: 'tech-1', name: 'Ada' }],
  artifacts: finalized.artifacts,
  finalizePath: finalized.path,
  sourceVideoCodec: finalized.sourceVideoCodec,
  media: finalized.media,
  clock: () => new Date('2026-11-23T08:00:05.000Z'),
});

describe('buildManifest', () => {
  it('writes a schema-valid manifest listing every artifact with size and SHA-256', async () => {
    const ffmpegVersion = (await describeFfmpeg(ffmpeg.path)).version;
    const result = await buildManifest({ ...base(), ffmpegVersion });
    expect(result.path).toBe(path.join(outDir, 'manifest.json'));
    const bytes = fs.readFileSync(result.path);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.bytes).toBe(bytes.length);

    const manifest = ManifestSchema.parse(JSON.parse(bytes.toString('utf8')));
    expect(manifest.producedBy).toEqual({
      app: 'Fieldtape',
      appVersion: APP_VERSION,
      ffmpegVersion,
      finalizePath: 'encode',
      sourceVideoCodec: 'vp8',
    });
    expect(manifest.artifacts.map((a) => a.file)).toEqual(['recording.mp4', 'snapshot.jpg', 'filmstrip.jpg']);
    // The segment carried video and audio: nothing was added to the MP4.
    expect(manifest.media).toEqual({ video: true, audio: true, silentAudioAdded: false, blankVideoAdded: false });
    for (const entry of manifest.artifacts) {
      const data = fs.readFileSync(path.join(outDir, entry.file));
      expect(entry.sha256).toBe(createHash('sha256').update(data).digest('hex'));
      expect(entry.bytes).toBe(data.length);
    }
    expect(manifest).toMatchObject({ recordingId: 'rec_0123456789abcdef', sessionId: 'session-42', createdAt: '2026-11-23T08:00:05.000Z' });
  });

  it('refuses an artifact outside the output folder and an invalid recording id', async () => {
    const stray = { ...finalized.artifacts[0]!, path: path.join(tmp.dir, 'elsewhere.mp4') };
    await expect(buildManifest({ ...base(), ffmpegVersion: 'x', artifacts: [stray] })).rejects.toBeInstanceOf(AppError);
    await expect(buildManifest({ ...base(), ffmpegVersion: 'x', recordingId: 'nope' })).rejects.toThrow(/recordingId/);
  });
});

describe('fieldtape doctor', () => {
  function io(json: boolean): CliIo & { results: unknown[]; human: string[] } {
    const results: unknown[] = [];
    const human: string[] = [];
    return {
      json,
      results,
      human,
      result(value, text) {
        results.push(value);
        if (text) human.push(text);
      },
      say(text) {
        human.push(text);
      },
      readStdin: async () => '',
    };
  }

  it('prints one JSON document with the ffmpeg in use, its version and encoders, and ffprobe', async () => {
    const out = io(true);
    expect(await doctorCommand.run([], out)).toBe(0);
    expect(out.results).toHaveLength(1);
    const report = out.results[0] as { ok: boolean; ffmpeg: Record<string, unknown>; ffprobe: unknown };
    expect(report.ok).toBe(true);
    expect(report.ffmpeg).toMatchObject({ path: ffmpeg.path, source: ffmpeg.source, has: { libx264: true, aac: true } });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('explains in words which binary was used', async () => {
    const out = io(false);
    await doctorCommand.run([], out);
    expect(out.human.join('\n')).toContain(`source:   ${ffmpeg.source}`);
    expect(out.human.join('\n')).toMatch(/libx264 yes/);
  });
});
