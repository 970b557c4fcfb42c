// Delivery under faults, against real MinIO with write-only credentials throughout: a proxy of our own that
// resets connections, stalls, answers SlowDown and a "200 with an error" Complete; the uploading process
// killed and restarted; MinIO stopped and restarted; the credentials revoked and restored; the upload
// aborted behind our back; a skewed clock. After each: the object, read back with admin credentials, is
// byte-identical to the local artifact, no part the bucket had acknowledged is sent again (beyond the ones
// in flight), and nothing local was deleted before the delivery was confirmed.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AbortMultipartUploadCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../main/engine';
import { DEFAULT_TUNING, type DeliveryTuning } from '../../main/core/delivery/delivery-tuning';
import { createS3ClientFactory } from '../../main/core/delivery/s3-client';
import { recordingPaths } from '../../main/core/recording/recording-paths';
import { DeliverySnapshotSchema } from '../../shared/domain/delivery';
import type { RecordingSnapshot } from '../../shared/domain/recording';
import { exited, runCli, spawnCli, waitFor } from '../support/cli';
import { addProfile, adminClient, profileSettings, readObject, resentParts, seedReadyRecording, sha256, sha256File } from '../support/delivery-fixture';
import { startFaultProxy, withFaults, type FaultProxy } from '../support/fault-proxy';
import { startPrivateMinio, type PrivateMinio } from '../support/private-minio';
import { makeTempHome } from '../support/temp-home';

const MiB = 1024 * 1024;
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};
const shared = () => ({
  endpoint: env('FIELDTAPE_TEST_S3_ENDPOINT'),
  region: env('FIELDTAPE_TEST_S3_REGION'),
  bucket: env('FIELDTAPE_TEST_S3_BUCKET'),
  accessKeyId: env('FIELDTAPE_TEST_S3_WRITER_KEY'),
  secret: env('FIELDTAPE_TEST_S3_WRITER_SECRET'),
});

const FAST: DeliveryTuning = {
  ...DEFAULT_TUNING,
  schedule: { delaysSec: [1, 1, 1, 2, 2, 2, 3, 3, 3, 5, 5, 5], networkPollSec: 1 },
  partSize: 5 * MiB,
  perObjectConcurrency: 3,
  s3: { stallTimeoutMs: 5_000, connectTimeoutMs: 3_000, maxSockets: 16 },
  leaseMs: 10_000,
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
let privateMinio: PrivateMinio | null = null;
afterAll(async () => {
  await privateMinio?.destroy();
});

function home(): string {
  const h = makeTempHome('fieldtape-deliver-');
  cleanups.push(() => h.cleanup());
  return h.dir;
}

function engineFor(dir: string, secret: string, options: { autoStart?: boolean; tuning?: DeliveryTuning; clientFactory?: ReturnType<typeof createS3ClientFactory> } = {}): Engine {
  const engine = createEngine({
    dataDir: dir,
    host: 'cli',
    delivery: { env: { FT_TEST_SECRET: secret }, tuning: options.tuning ?? FAST, autoStart: options.autoStart ?? false, ...(options.clientFactory ? { clientFactory: options.clientFactory } : {}) },
  });
  cleanups.push(() => engine.close());
  return engine;
}

async function proxyTo(upstream: string): Promise<FaultProxy> {
  const proxy = await startFaultProxy(upstream);
  cleanups.push(() => proxy.close());
  return proxy;
}

function expectLocalIntact(recording: RecordingSnapshot, dir: string): void {
  for (const a of recording.artifacts) expect(fs.existsSync(a.path), `${a.kind} still on disk`).toBe(true);
  expect(fs.existsSync(recordingPaths(path.join(dir, 'recordings'), recording.id).journal), 'raw chunks still on disk').toBe(true);
}

async function expectDeliveredIdentical(admin: S3Client, bucket: string, engine: Engine, recording: RecordingSnapshot): Promise<void> {
  const delivery = engine.delivery.service.get(recording.id)!;
  expect(delivery.state, JSON.stringify(delivery.lastError)).toBe('delivered');
  for (const object of delivery.objects) {
    // The delivered manifest and the receipt are files the delivery made beside the recording.
    const deliveryDir = path.join(path.dirname(path.dirname(recording.artifacts[0]!.path)), 'delivery');
    const local = object.kind === 'manifest' || object.kind === 'receipt' ? fs.readFileSync(path.join(deliveryDir, object.name)) : fs.readFileSync(recording.artifacts.find((a) => path.basename(a.path) === object.name)!.path);
    const remote = await readObject(admin, bucket, object.key);
    expect(sha256(remote), `${object.key} byte-identical`).toBe(sha256(local));
  }
  // The manifest in the bucket records every other object's key, ETag and checksum.
  const manifestObject = delivery.objects.find((o) => o.kind === 'manifest')!;
  const manifest = JSON.parse((await readObject(admin, bucket, manifestObject.key)).toString('utf8')) as { delivery: { objects: Array<{ key: string; etag: string; sha256: string; checksumSha256: string | null }> } };
  for (const o of delivery.objects.filter((x) => x.kind !== 'manifest' && x.kind !== 'receipt')) {
    expect(manifest.delivery.objects).toContainEqual(expect.objectContaining({ key: o.key, etag: o.etag, sha256: o.sha256, checksumSha256: o.checksumSha256 }));
  }
}

describe('delivery through a faulty network', () => {
  it('survives connection resets, stalls, SlowDown and a 200 reply with an error body', async () => {
    const s3 = shared();
    const proxy = await proxyTo(s3.endpoint);
    const dir = home();
    const engine = engineFor(dir, s3.secret);
    const profile = addProfile(engine, profileSettings('faulty', { ...s3, endpoint: proxy.url }, 'FT_TEST_SECRET'));
    const recording = await seedReadyRecording(engine, { mp4Bytes: 28 * MiB, profileId: profile.id });
    proxy.faults = withFaults({ resetEveryBytes: 7 * MiB, slowDownNext: 2, stallNext: 1, error200Next: 1, kinds: ['part'] });

    let delivery = (await engine.delivery.service.deliverNow([recording.id]))[0]!;
    if (delivery.state !== 'delivered') expectLocalIntact(recording, dir);
    for (let i = 0; i < 3 && delivery.state !== 'delivered'; i++) delivery = (await engine.delivery.service.deliverNow([recording.id]))[0]!;
    expect(delivery.state, JSON.stringify(delivery.lastError)).toBe('delivered');

    const outcomes = new Set(proxy.requests.map((r) => r.outcome));
    for (const fault of ['reset', 'stalled', 'slow-down', 'error-200'] as const) expect(outcomes, `the proxy injected ${fault}`).toContain(fault);
    // A part the bucket acknowledged is never sent again: only the reset, stalled or refused ones are.
    expect(resentParts(proxy.requests)).toEqual([]);
    // Order: the MP4 first, then the manifest, then its receipt.
    const puts = proxy.requests.filter((r) => r.kind === 'put' || r.kind === 'create');
    expect(puts[0]!.path).toMatch(/recording\.mp4$/);
    expect(proxy.requests.filter((r) => r.kind === 'put' && r.outcome === 'forwarded').slice(-2).map((r) => path.posix.basename(r.path))).toEqual(['manifest.json', 'receipt.json']);

    const admin = adminClient(s3.endpoint, s3.region, env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
    cleanups.push(() => admin.destroy());
    await expectDeliveredIdentical(admin, s3.bucket, engine, recording);
    // Confirmed: the raw chunks go, the MP4 stays for offline review.
    expect(fs.existsSync(recordingPaths(path.join(dir, 'recordings'), recording.id).journal)).toBe(false);
    expect(fs.existsSync(recording.artifacts.find((a) => a.kind === 'mp4')!.path)).toBe(true);
    expect(engine.audit.list({ recordingId: recording.id }).map((e) => e.type)).toEqual(['delivery.completed', 'retention.purged']);
  });

  it('starts a new upload when the bucket no longer knows the old one (NoSuchUpload)', async () => {
    const s3 = shared();
    const proxy = await proxyTo(s3.endpoint);
    const dir = home();
    const engine = engineFor(dir, s3.secret, { tuning: { ...FAST, perObjectConcurrency: 1 } });
    const profile = addProfile(engine, profileSettings('lost-upload', { ...s3, endpoint: proxy.url }, 'FT_TEST_SECRET'));
    const recording = await seedReadyRecording(engine, { mp4Bytes: 21 * MiB, profileId: profile.id });
    const admin = adminClient(s3.endpoint, s3.region, env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
    cleanups.push(() => admin.destroy());
    proxy.faults = withFaults({ bytesPerSecond: 20 * MiB });

    const running = engine.delivery.service.deliverNow([recording.id]);
    const first = await waitFor(() => proxy.completedParts()[1], 30_000, 'two parts uploaded');
    // The bucket owner (or a lifecycle rule) aborts the upload in the middle.
    await admin.send(new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: recording.artifacts.length ? engine.delivery.service.get(recording.id)!.objects[0]!.key : '', UploadId: first.uploadId! }));
    const [delivery] = await running;
    expect(delivery!.state, JSON.stringify(delivery!.lastError)).toBe('delivered');
    const uploads = new Set(proxy.requests.filter((r) => r.kind === 'part').map((r) => r.uploadId));
    expect(uploads.size).toBe(2);
    await expectDeliveredIdentical(admin, s3.bucket, engine, recording);
  });

  it('keeps to the configured bandwidth limit', async () => {
    const s3 = shared();
    const engine = engineFor(home(), s3.secret);
    const profile = addProfile(engine, profileSettings('slow-link', s3, 'FT_TEST_SECRET'));
    const recording = await seedReadyRecording(engine, { mp4Bytes: 6 * MiB, profileId: profile.id });
    engine.settings.set('deliveryBandwidthKiBps', 2048); // 2 MiB/s; the bucket starts with one second's worth
    const started = Date.now();
    const [delivery] = await engine.delivery.service.deliverNow([recording.id]);
    expect(delivery!.state).toBe('delivered');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it('corrects for a skewed clock without the user noticing', async () => {
    const s3 = shared();
    const dir = home();
    const factory = createS3ClientFactory(FAST.s3);
    const engine = engineFor(dir, s3.secret, {
      clientFactory: (profile, secret) => {
        const client = factory(profile, secret);
        client.config.systemClockOffset = 40 * 60 * 1000; // this computer's clock runs 40 minutes fast
        return client;
      },
    });
    const profile = addProfile(engine, profileSettings('skewed', s3, 'FT_TEST_SECRET'));
    const recording = await seedReadyRecording(engine, { mp4Bytes: 6 * MiB, profileId: profile.id });
    const [delivery] = await engine.delivery.service.deliverNow([recording.id]);
    expect(delivery!.state, JSON.stringify(delivery!.lastError)).toBe('delivered');
    expect(fs.readFileSync(path.join(dir, 'logs', 'fieldtape.log'), 'utf8')).toMatch(/RequestTimeTooSkewed/);
  });
});

describe('delivery across a killed process', () => {
  it('sends only the missing parts after a SIGKILL mid-upload', async () => {
    const s3 = shared();
    const proxy = await proxyTo(s3.endpoint);
    const dir = home();
    const engine = engineFor(dir, s3.secret);
    const profile = addProfile(engine, profileSettings('killed', { ...s3, endpoint: proxy.url }, 'FT_TEST_SECRET'));
    const recording = await seedReadyRecording(engine, { mp4Bytes: 40 * MiB, profileId: profile.id });
    await engine.close();
    proxy.faults = withFaults({ bytesPerSecond: 10 * MiB });

    const cliEnv = { FT_TEST_SECRET: s3.secret, FIELDTAPE_DELIVERY_PART_MB: '5', FIELDTAPE_DELIVERY_PARALLEL: '2', FIELDTAPE_DELIVERY_SCHEDULE: '1,1,1' };
    const child = spawnCli(dir, ['deliver', recording.id, '--json'], cliEnv);
    // Killed once three parts are in the part journal (what counts), not merely answered by the bucket.
    const journaledCount = (): number => {
      if (!fs.existsSync(path.join(dir, 'fieldtape.db'))) return 0;
      const probe = new Database(path.join(dir, 'fieldtape.db'), { readonly: true, fileMustExist: true });
      try {
        return (probe.prepare('SELECT COUNT(*) AS n FROM delivery_parts WHERE recording_id = ?').get(recording.id) as { n: number }).n;
      } finally {
        probe.close();
      }
    };
    await waitFor(() => journaledCount() >= 3, 60_000, 'three parts journaled');
    child.kill('SIGKILL');
    await exited(child);

    const db = new Database(path.join(dir, 'fieldtape.db'), { readonly: true });
    const journaled = db.prepare('SELECT upload_id AS uploadId, part_number AS partNumber FROM delivery_parts WHERE recording_id = ?').all(recording.id) as Array<{ uploadId: string; partNumber: number }>;
    const state = (db.prepare('SELECT state FROM deliveries WHERE recording_id = ?').get(recording.id) as { state: string }).state;
    db.close();
    expect(journaled.length).toBeGreaterThanOrEqual(3);
    expect(state).toBe('uploading'); // as the dead process left it
    expectLocalIntact(recording, dir);
    const before = proxy.requests.length;

    // Not runCli: a synchronous child would block this process, and with it the proxy the child talks to.
    const again = spawnCli(dir, ['deliver', recording.id, '--json'], cliEnv);
    expect(await exited(again), again.output.stderr).toBe(0);
    const delivery = DeliverySnapshotSchema.parse(JSON.parse(again.output.stdout));
    expect(delivery.state).toBe('delivered');

    const after = proxy.requests.slice(before).filter((r) => r.kind === 'part');
    const uploadId = journaled[0]!.uploadId;
    expect(after.every((r) => r.uploadId === uploadId), 'the same upload is resumed').toBe(true);
    const journaledNumbers = new Set(journaled.map((p) => p.partNumber));
    expect(after.filter((r) => journaledNumbers.has(r.partNumber!)), 'no journaled part is sent again').toEqual([]);
    // Beyond the journal, at most the parts in flight at the kill (concurrency 2) are sent again.
    const ackedBefore = new Set(proxy.requests.slice(0, before).filter((r) => r.kind === 'part' && r.status === 200).map((r) => r.partNumber));
    const resent = after.filter((r) => ackedBefore.has(r.partNumber));
    // (A part the bucket answered but the dead process had not yet journaled is one of those.)
    expect(resent.length).toBeLessThanOrEqual(2);

    const admin = adminClient(s3.endpoint, s3.region, env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
    cleanups.push(() => admin.destroy());
    const mp4 = recording.artifacts.find((a) => a.kind === 'mp4')!;
    expect(sha256(await readObject(admin, s3.bucket, delivery.objects[0]!.key))).toBe(sha256File(mp4.path));
    const shown = runCli(dir, ['show', recording.id, '--json']).json as { artifacts: Array<{ kind: string; delivery: { state: string; key: string; etag: string; attempts: number } }> };
    for (const a of shown.artifacts) expect(a.delivery).toMatchObject({ state: 'delivered', key: expect.any(String), etag: expect.any(String) });
  });
});

describe('delivery against a MinIO that goes away', () => {
  async function minio(): Promise<PrivateMinio> {
    privateMinio ??= await startPrivateMinio();
    return privateMinio;
  }

  it('finishes by itself after MinIO is stopped and restarted mid-upload', async () => {
    const m = await minio();
    const proxy = await proxyTo(m.endpoint);
    const dir = home();
    const engine = engineFor(dir, m.writerSecret, { autoStart: true });
    const profile = addProfile(engine, profileSettings('restart', { endpoint: proxy.url, region: m.region, bucket: m.bucket, accessKeyId: m.writerKey }, 'FT_TEST_SECRET'));
    proxy.faults = withFaults({ bytesPerSecond: 8 * MiB });
    const recording = await seedReadyRecording(engine, { mp4Bytes: 30 * MiB, profileId: profile.id });
    engine.delivery.service.ensure(recording.id);
    engine.delivery.service.retryNow(recording.id);

    await waitFor(() => proxy.completedParts().length >= 2, 60_000, 'two parts acknowledged');
    await m.stop();
    await waitFor(() => engine.delivery.service.get(recording.id)!.state === 'waiting', 30_000, 'the delivery to wait for a retry');
    expectLocalIntact(recording, dir);
    expect(engine.delivery.service.get(recording.id)!.lastError?.message).toMatch(/will try again|cannot be reached/);
    await m.start();
    await waitFor(() => engine.delivery.service.get(recording.id)!.state === 'delivered', 90_000, 'delivery after the restart');

    expect(new Set(proxy.requests.filter((r) => r.kind === 'part').map((r) => r.uploadId)).size, 'the upload survived the restart').toBe(1);
    expect(resentParts(proxy.requests).length).toBeLessThanOrEqual(FAST.perObjectConcurrency);
    await expectDeliveredIdentical(m.admin, m.bucket, engine, recording);
  });

  it('pauses with a clear message when the credentials are revoked, and resumes when they are back', async () => {
    const m = await minio();
    const proxy = await proxyTo(m.endpoint);
    const dir = home();
    const engine = engineFor(dir, m.writerSecret);
    const profile = addProfile(engine, profileSettings('revoked', { endpoint: proxy.url, region: m.region, bucket: m.bucket, accessKeyId: m.writerKey }, 'FT_TEST_SECRET'));
    proxy.faults = withFaults({ bytesPerSecond: 8 * MiB });
    const recording = await seedReadyRecording(engine, { mp4Bytes: 30 * MiB, profileId: profile.id });

    const running = engine.delivery.service.deliverNow([recording.id]);
    await waitFor(() => proxy.completedParts().length >= 2, 60_000, 'two parts acknowledged');
    await m.mc('admin', 'user', 'disable', 'p', m.writerKey);
    try {
      const [paused] = await running;
      expect(paused!.state).toBe('paused');
      expect(paused!.lastError?.code).toBe('UNAUTHORIZED');
      expect(paused!.lastError?.message).toMatch(/profile "revoked"/);
      expect(paused!.lastError?.message).toMatch(/Retry/);
      expect(paused!.nextAttemptAt).not.toBeNull();
      expectLocalIntact(recording, dir);
    } finally {
      await m.mc('admin', 'user', 'enable', 'p', m.writerKey);
    }
    const journaled = engine.db.prepare('SELECT upload_id || \'#\' || part_number AS part FROM delivery_parts WHERE recording_id = ?').all(recording.id).map((r) => (r as { part: string }).part);
    expect(journaled.length).toBeGreaterThanOrEqual(2);
    const before = proxy.requests.length;
    const [delivery] = await engine.delivery.service.deliverNow([recording.id]);
    expect(delivery!.state, JSON.stringify(delivery!.lastError)).toBe('delivered');
    // Parts journaled before the revocation are never sent again; beyond them, at most the ones in flight.
    const log = JSON.stringify(proxy.requests.map((r) => [r.seq, r.kind, r.partNumber, r.status, r.outcome]));
    const after = proxy.requests.slice(before).filter((r) => r.kind === 'part');
    expect(after.filter((r) => journaled.includes(`${r.uploadId}#${r.partNumber}`)), log).toEqual([]);
    expect(resentParts(proxy.requests).length, log).toBeLessThanOrEqual(FAST.perObjectConcurrency);
    await expectDeliveredIdentical(m.admin, m.bucket, engine, recording);
  });
});
