// Object Lock against a MinIO of the test's own: a bucket made with `mc mb --with-lock`, a writer whose
// policy is s3:PutObject + s3:PutObjectRetention (what docs/evidence.md asks customers for).
//   a destination with COMPLIANCE retention delivers every object locked (multipart MP4 and small ones);
//   the bucket's admin cannot delete a locked version before its retain-until date, bypass or not;
//   `profile test` says when the bucket has no lock configuration, and when the policy lacks PutObjectRetention;
//   a delivery to a bucket without Object Lock fails with a message that says so.
import { DeleteObjectCommand, GetObjectRetentionCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../main/engine';
import { DEFAULT_TUNING } from '../../main/core/delivery/delivery-tuning';
import { addProfile, profileSettings, sha256, seedReadyRecording } from '../support/delivery-fixture';
import { startPrivateMinio, type PrivateMinio } from '../support/private-minio';
import { makeTempHome } from '../support/temp-home';

const MiB = 1024 * 1024;
let minio: PrivateMinio;
let engine: Engine;
const home = makeTempHome('fieldtape-object-lock-');

beforeAll(async () => {
  minio = await startPrivateMinio({ withLock: true, bucket: 'fieldtape-locked' });
  engine = createEngine({
    dataDir: home.dir,
    host: 'cli',
    delivery: {
      env: { FT_WRITER: minio.writerSecret, FT_BROAD: minio.broadSecret },
      tuning: { ...DEFAULT_TUNING, partSize: 5 * MiB, schedule: { delaysSec: [1], networkPollSec: 1 } },
      autoStart: false,
    },
  });
});
afterAll(async () => {
  await engine?.close();
  await minio?.destroy(); // the locked objects go with the server's data folder
  home.cleanup();
});

const target = (bucket: string, key: string) => ({ endpoint: minio.endpoint, region: minio.region, bucket, accessKeyId: key });
const COMPLIANCE = { objectLock: { mode: 'COMPLIANCE' as const, days: 1 } };

describe('Object Lock retention', () => {
  it('profile test: passes on a lockable bucket, names a bucket without Object Lock and a policy without PutObjectRetention', async () => {
    addProfile(engine, profileSettings('locked', target(minio.bucket, minio.writerKey), 'FT_WRITER', COMPLIANCE));
    const ok = await engine.delivery.testProfile('locked');
    expect(ok, ok.message).toMatchObject({ ok: true, cause: 'ok' });
    expect(ok.message).toContain('COMPLIANCE retention for 1 days');

    addProfile(engine, profileSettings('nolock', target(minio.plainBucket!, minio.writerKey), 'FT_WRITER', COMPLIANCE));
    const nolock = await engine.delivery.testProfile('nolock');
    expect(nolock.cause).toBe('object-lock');
    expect(nolock.message).toMatch(/has no Object Lock configuration/);
    // Without lock headers the same bucket is fine: the cause really is the lock.
    addProfile(engine, profileSettings('nolock-plain', target(minio.plainBucket!, minio.writerKey), 'FT_WRITER'));
    expect((await engine.delivery.testProfile('nolock-plain')).cause).toBe('ok');

    addProfile(engine, profileSettings('putonly', target(minio.bucket, minio.broadKey), 'FT_BROAD', COMPLIANCE));
    const putOnly = await engine.delivery.testProfile('putonly');
    expect(putOnly.cause).toBe('object-lock');
    expect(putOnly.message).toContain('s3:PutObjectRetention');
  });

  it('delivers every object COMPLIANCE-locked, and the admin cannot delete a locked version before its date', async () => {
    const profile = engine.delivery.profiles.mustGet('locked');
    engine.delivery.profiles.activate('locked');
    const recording = await seedReadyRecording(engine, { mp4Bytes: 12 * MiB, profileId: profile.id });
    const sent = Date.now();
    const [done] = await engine.delivery.service.deliverNow([recording.id]);
    expect(done?.state, JSON.stringify(done?.lastError)).toBe('delivered');
    expect(done!.objects.map((o) => o.name)).toEqual(['recording.mp4', 'snapshot.jpg', 'filmstrip.jpg', 'manifest.json', 'receipt.json']);

    for (const o of done!.objects) {
      const retention = await minio.admin.send(new GetObjectRetentionCommand({ Bucket: minio.bucket, Key: o.key }));
      expect(retention.Retention?.Mode, o.name).toBe('COMPLIANCE');
      const until = retention.Retention!.RetainUntilDate!.getTime();
      expect(until, o.name).toBeGreaterThan(sent + 86_400_000 - 120_000);
      expect(until, o.name).toBeLessThan(Date.now() + 86_400_000 + 120_000);
    }
    const mp4 = done!.objects.find((o) => o.name === 'recording.mp4')!;
    const head = await minio.admin.send(new HeadObjectCommand({ Bucket: minio.bucket, Key: mp4.key }));
    expect(head.VersionId).toBeTruthy();
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    await expect(minio.admin.send(new DeleteObjectCommand({ Bucket: minio.bucket, Key: mp4.key, VersionId: head.VersionId }))).rejects.toThrow();
    await expect(minio.admin.send(new DeleteObjectCommand({ Bucket: minio.bucket, Key: mp4.key, VersionId: head.VersionId, BypassGovernanceRetention: true }))).rejects.toThrow();
    // Still there, byte for byte.
    expect(sha256(await minio.read(mp4.key))).toBe(recording.artifacts.find((a) => a.kind === 'mp4')!.sha256);
  });

  it('a delivery that asks for retention on a bucket without Object Lock fails, saying so', async () => {
    const profile = engine.delivery.profiles.mustGet('nolock');
    const recording = await seedReadyRecording(engine, { mp4Bytes: 1 * MiB, profileId: profile.id });
    const [done] = await engine.delivery.service.deliverNow([recording.id]);
    expect(done?.state).toBe('failed');
    expect(done?.lastError?.message).toMatch(/asks for Object Lock retention, but bucket "fieldtape-locked-nolock" has no Object Lock configuration/);
  });
});
