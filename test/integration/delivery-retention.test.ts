// Retention with a clock we move: nothing local goes before its delivery is confirmed except by an explicit
// (audited) user delete; delivered MP4s stay within keep-days and a size quota, least recently used first;
// a delivery that failed for good keeps everything for failedRetentionDays, then is purged with an audit event.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../main/engine';
import { DEFAULT_TUNING } from '../../main/core/delivery/delivery-tuning';
import { addProfile, profileSettings, seedReadyRecording } from '../support/delivery-fixture';
import { makeTempHome } from '../support/temp-home';
import type { RecordingSnapshot } from '../../shared/domain/recording';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};
const DAY = 24 * 3600 * 1000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function setup(): { engine: Engine; advance(ms: number): void; dir: string } {
  const h = makeTempHome('fieldtape-retention-');
  let offset = 0;
  const engine = createEngine({
    dataDir: h.dir,
    host: 'cli',
    clock: () => new Date(Date.now() + offset),
    delivery: { env: { FT_SECRET: env('FIELDTAPE_TEST_S3_WRITER_SECRET') }, tuning: { ...DEFAULT_TUNING, schedule: { delaysSec: [], networkPollSec: 1 } }, autoStart: false },
  });
  cleanups.push(() => h.cleanup(), () => engine.close());
  return { engine, dir: h.dir, advance: (ms) => (offset += ms) };
}

const target = () => ({ endpoint: env('FIELDTAPE_TEST_S3_ENDPOINT'), region: env('FIELDTAPE_TEST_S3_REGION'), bucket: env('FIELDTAPE_TEST_S3_BUCKET'), accessKeyId: env('FIELDTAPE_TEST_S3_WRITER_KEY') });

describe('retention', () => {
  it('keeps a failed delivery for failedRetentionDays, then purges it with an audit event', async () => {
    const { engine, advance, dir } = setup();
    const profile = addProfile(engine, profileSettings('nowhere', { ...target(), bucket: 'bucket-that-is-not-ours' }, 'FT_SECRET'));
    const recording = await seedReadyRecording(engine, { mp4Bytes: 1_000_000, profileId: profile.id });
    const [failed] = await engine.delivery.service.deliverNow([recording.id]);
    expect(failed!.state).toBe('failed');
    expect(failed!.lastError?.message).toMatch(/kept for 28 days/);

    advance(27 * DAY);
    expect(engine.delivery.retention.sweep().purged).toBe(0);
    for (const a of recording.artifacts) expect(fs.existsSync(a.path)).toBe(true);

    advance(2 * DAY);
    expect(engine.delivery.retention.sweep().purged).toBe(1);
    expect(fs.existsSync(path.join(dir, 'recordings', recording.id))).toBe(false);
    expect(engine.delivery.service.get(recording.id)!.localPurgedAt).not.toBeNull();
    const purged = engine.audit.list({ recordingId: recording.id }).find((e) => e.type === 'retention.purged');
    expect(purged?.data).toMatchObject({ what: 'recording', reason: 'delivery failed', days: 28 });
  });

  it('keeps delivered MP4s within the quota (least recently used go first) and the keep period', async () => {
    const { engine, advance } = setup();
    const profile = addProfile(engine, profileSettings('lru', target(), 'FT_SECRET'));
    const recordings: RecordingSnapshot[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await seedReadyRecording(engine, { mp4Bytes: 1_000_000, profileId: profile.id });
      const [d] = await engine.delivery.service.deliverNow([r.id]);
      expect(d!.state).toBe('delivered');
      recordings.push(r);
      advance(60_000);
    }
    const undelivered = await seedReadyRecording(engine, { mp4Bytes: 1_000_000, profileId: null });
    const mp4 = (r: RecordingSnapshot) => r.artifacts.find((a) => a.kind === 'mp4')!.path;
    engine.delivery.retention.touch(recordings[0]!.id); // opened again: now the most recently used
    engine.settings.set('localMp4QuotaMb', 2);
    expect(engine.delivery.retention.sweep().mp4s).toBe(1);
    expect(recordings.map((r) => fs.existsSync(mp4(r)))).toEqual([true, false, true]);

    advance(31 * DAY);
    expect(engine.delivery.retention.sweep().mp4s).toBe(2);
    expect(recordings.map((r) => fs.existsSync(mp4(r)))).toEqual([false, false, false]);
    // Never delivered: never touched by retention.
    for (const a of undelivered.artifacts) expect(fs.existsSync(a.path)).toBe(true);
    const reasons = recordings.flatMap((r) => engine.audit.list({ recordingId: r.id }).filter((e) => e.type === 'retention.purged' && e.data.what === 'mp4').map((e) => e.data.reason));
    expect(reasons.sort()).toEqual(['age', 'age', 'quota']);
  });

  it('deletes an undelivered recording only when the user says so, and audits it', async () => {
    const { engine, dir } = setup();
    const recording = await seedReadyRecording(engine, { mp4Bytes: 200_000, profileId: null });
    expect(engine.delivery.retention.sweep()).toMatchObject({ journals: 0, mp4s: 0, purged: 0 });
    expect(fs.existsSync(path.join(dir, 'recordings', recording.id))).toBe(true);
    const result = engine.delivery.retention.deleteLocal(recording.id);
    expect(result.delivered).toBe(false);
    expect(fs.existsSync(path.join(dir, 'recordings', recording.id))).toBe(false);
    expect(engine.audit.list({ recordingId: recording.id }).at(-1)).toMatchObject({ type: 'recording.deleted', data: { by: 'user', delivered: false } });
  });
});
