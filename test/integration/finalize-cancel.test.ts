// Quitting does not wait out a long encode: closing the engine cancels a running finalize, which then
// publishes nothing and leaves the journal; the next start finishes the recording from it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../main/core/config/policy';
import { CAPTURE_MIME, startDeviceCapture } from '../../main/core/recording/capture/device-capture';
import { createEngine } from '../../main/engine';
import { waitFor } from '../support/cli';
import { ffprobe } from '../support/media-check';
import { makeTempHome } from '../support/temp-home';

const homes: Array<{ cleanup(): void }> = [];
afterAll(() => homes.forEach((h) => h.cleanup()));

describe('closing the engine during finalize', () => {
  it('cancels the finalize, publishes nothing, and the next start finishes the recording from its journal', { timeout: 180_000 }, async () => {
    const home = makeTempHome('fieldtape-cancel-');
    homes.push(home);
    const open = () => createEngine({ dataDir: home.dir, host: 'cli', policy: loadPolicy({ sources: [], env: {} }) });
    const engine = open();
    // A slow encode keeps finalize busy long enough to close the engine in the middle of it.
    engine.settings.set('encodePreset', 'slow');
    const recording = await engine.recordings.create({ source: { kind: 'testsrc' }, mime: CAPTURE_MIME });
    startDeviceCapture({ service: engine.recordings, recordingId: recording.id, ffmpegPath: engine.ffmpeg().path, source: { kind: 'testsrc' }, durationSec: null, log: engine.log });
    await waitFor(() => engine.recordings.get(recording.id).chunks >= 5, 60_000, 'five durable chunks');
    const stopped = engine.recordings.stop(recording.id);
    await waitFor(() => engine.recordings.get(recording.id).state === 'finalizing', 60_000, 'finalizing');
    await new Promise((r) => setTimeout(r, 300)); // ffmpeg is encoding now
    await engine.close();
    const left = await stopped;
    expect(left.state, 'cancelled, not failed').toBe('finalizing');
    const dir = path.join(home.dir, 'recordings', recording.id);
    expect(fs.readdirSync(path.join(dir, 'journal')).filter((f) => f.endsWith('.ftj')).length).toBeGreaterThan(0);
    const artifacts = path.join(dir, 'artifacts');
    expect(fs.existsSync(artifacts) ? fs.readdirSync(artifacts).filter((f) => !f.endsWith('.part')) : []).toEqual([]);

    const next = open();
    try {
      const report = await next.start();
      expect(report.recovered.map((r) => [r.recording.id, r.from])).toEqual([[recording.id, 'finalizing']]);
      const done = next.recordings.get(recording.id);
      expect(done.state).toBe('ready');
      const mp4 = done.artifacts.find((a) => a.kind === 'mp4')!;
      expect(ffprobe(mp4.path).durationSec).toBeGreaterThan(3);
    } finally {
      await next.close();
    }
  });
});
