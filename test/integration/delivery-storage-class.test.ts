// Storage classes per kind of object, as MinIO stores them: each object of one delivery carries its own
// class (MinIO knows STANDARD and REDUCED_REDUNDANCY, so those two stand in for Pipe's INTELLIGENT_TIERING /
// STANDARD / STANDARD_IA on AWS), and a class the service refuses is named by Test connection.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../main/engine';
import { DEFAULT_TUNING } from '../../main/core/delivery/delivery-tuning';
import { addProfile, adminClient, profileSettings, seedReadyRecording } from '../support/delivery-fixture';
import { makeTempHome } from '../support/temp-home';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function setup(): Engine {
  const h = makeTempHome('fieldtape-storage-class-');
  const engine = createEngine({
    dataDir: h.dir,
    host: 'cli',
    delivery: { env: { FT_SECRET: env('FIELDTAPE_TEST_S3_WRITER_SECRET') }, tuning: { ...DEFAULT_TUNING, schedule: { delaysSec: [], networkPollSec: 1 } }, autoStart: false },
  });
  cleanups.push(() => h.cleanup(), () => engine.close());
  return engine;
}

const target = () => ({ endpoint: env('FIELDTAPE_TEST_S3_ENDPOINT'), region: env('FIELDTAPE_TEST_S3_REGION'), bucket: env('FIELDTAPE_TEST_S3_BUCKET'), accessKeyId: env('FIELDTAPE_TEST_S3_WRITER_KEY') });

describe('storage class per artifact kind', () => {
  it('sends each object with the class of its kind', async () => {
    const engine = setup();
    const profile = addProfile(
      engine,
      profileSettings('classes', target(), 'FT_SECRET', { prefixTemplate: 'classes/{recordingId}/{artifact}', storageClass: null, storageClasses: { mp4: 'REDUCED_REDUNDANCY', previews: 'STANDARD' } }),
    );
    const recording = await seedReadyRecording(engine, { mp4Bytes: DEFAULT_TUNING.partSize + 6 * 1024 * 1024 + 17, profileId: profile.id });
    const [done] = await engine.delivery.service.deliverNow([recording.id]);
    expect(done!.state, JSON.stringify(done!.lastError)).toBe('delivered');
    const admin = adminClient(target().endpoint, target().region, env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
    cleanups.push(() => admin.destroy());
    const classOf = async (kind: string) => {
      const object = done!.objects.find((o) => o.kind === kind)!;
      const head = await admin.send(new HeadObjectCommand({ Bucket: target().bucket, Key: object.key }));
      // S3 leaves the header out for STANDARD.
      return head.StorageClass ?? 'STANDARD';
    };
    // The MP4 went up in parts (multipart) and still carries its class.
    expect(done!.objects.find((o) => o.kind === 'mp4')!.partsDone).toBeGreaterThan(1);
    expect(await classOf('mp4')).toBe('REDUCED_REDUNDANCY');
    expect(await classOf('snapshot')).toBe('STANDARD');
    expect(await classOf('filmstrip')).toBe('STANDARD');
    // No group of its own and no profile-wide class: the bucket default.
    expect(await classOf('manifest')).toBe('STANDARD');
  });

  it('an older profile with one class sends it for every object', async () => {
    const engine = setup();
    const profile = addProfile(engine, profileSettings('single', target(), 'FT_SECRET', { prefixTemplate: 'single/{recordingId}/{artifact}', storageClass: 'REDUCED_REDUNDANCY' }));
    const recording = await seedReadyRecording(engine, { mp4Bytes: 200_000, profileId: profile.id });
    const [done] = await engine.delivery.service.deliverNow([recording.id]);
    expect(done!.state).toBe('delivered');
    const admin = adminClient(target().endpoint, target().region, env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
    cleanups.push(() => admin.destroy());
    for (const object of done!.objects) {
      const head = await admin.send(new HeadObjectCommand({ Bucket: target().bucket, Key: object.key }));
      expect(head.StorageClass, object.name).toBe('REDUCED_REDUNDANCY');
    }
  });

  it('Test connection names a storage class the service does not know', async () => {
    const engine = setup();
    addProfile(engine, profileSettings('tiering', target(), 'FT_SECRET', { storageClasses: { mp4: 'INTELLIGENT_TIERING' } }));
    const result = await engine.delivery.testProfile('tiering');
    expect(result).toMatchObject({ ok: false, cause: 'encryption' });
    expect(result.message).toMatch(/storage class/);
  });
});
