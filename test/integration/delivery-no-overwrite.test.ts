// Never overwrite evidence, against real MinIO with the write-only user: every PutObject and
// CompleteMultipartUpload carries If-None-Match: *.
//   two writers racing for one key: exactly one wins, the other gets a conflict, the object is the winner's;
//   a key some other writer filled first: the delivery ends failed with CONFLICT, the object is unchanged,
//     it is audited, and a retry refuses the key again without sending a write;
//   a crash right after Complete (SIGKILL through the test-only FIELDTAPE_TEST_KILL_AFTER=complete): the next
//     run's Complete gets 412, which the journal shows is our own object — delivered, not in conflict.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../main/engine';
import { DEFAULT_TUNING, type DeliveryTuning } from '../../main/core/delivery/delivery-tuning';
import { ObjectConflictError, finishedFile, uploadMultipart, putObject, type PartJournal } from '../../main/core/delivery/multipart-upload';
import { createS3ClientFactory } from '../../main/core/delivery/s3-client';
import { createSemaphore } from '../../main/core/semaphore';
import { createThrottle } from '../../main/core/delivery/throttle';
import type { PartRow } from '../../main/core/store/delivery-store';
import { DeliverySnapshotSchema } from '../../shared/domain/delivery';
import { runCliAsync } from '../support/cli-async';
import { spawnCli } from '../support/cli';
import { addProfile, adminClient, profileSettings, readObject, seedReadyRecording, sha256, writeRandomFile } from '../support/delivery-fixture';
import { startFaultProxy } from '../support/fault-proxy';
import { makeTempHome } from '../support/temp-home';

const MiB = 1024 * 1024;
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};
const shared = () => ({ endpoint: env('FIELDTAPE_TEST_S3_ENDPOINT'), region: env('FIELDTAPE_TEST_S3_REGION'), bucket: env('FIELDTAPE_TEST_S3_BUCKET'), accessKeyId: env('FIELDTAPE_TEST_S3_WRITER_KEY') });
const secret = () => env('FIELDTAPE_TEST_S3_WRITER_SECRET');
const FAST: DeliveryTuning = { ...DEFAULT_TUNING, schedule: { delaysSec: [1, 1, 1], networkPollSec: 1 }, partSize: 5 * MiB, s3: { stallTimeoutMs: 10_000, connectTimeoutMs: 3_000, maxSockets: 16 } };
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const run = randomBytes(3).toString('hex');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
let admin: S3Client | null = null;
const adminS3 = () => (admin ??= adminClient(env('FIELDTAPE_TEST_S3_ENDPOINT'), env('FIELDTAPE_TEST_S3_REGION'), env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET')));
afterAll(() => admin?.destroy());

function home(): string {
  const h = makeTempHome('fieldtape-no-overwrite-');
  cleanups.push(() => h.cleanup());
  return h.dir;
}

function engineFor(dir: string, endpoint?: string): Engine {
  const factory = createS3ClientFactory(FAST.s3);
  const engine = createEngine({
    dataDir: dir,
    host: 'cli',
    delivery: { env: { FT_TEST_SECRET: secret() }, tuning: FAST, autoStart: false, clientFactory: endpoint ? (p, s) => factory({ ...p, endpoint }, s) : factory },
  });
  cleanups.push(() => engine.close());
  return engine;
}

/** A part journal in memory: enough for two racing writers that share no database. */
function memoryJournal(): PartJournal & { refusedCalls: number } {
  let uploadId: string | null = null;
  let partSize: number | null = null;
  let sent = false;
  const parts = new Map<number, PartRow>();
  return {
    refusedCalls: 0,
    current: () => ({ uploadId, partSize }),
    begin(id, size) {
      uploadId = id;
      partSize = size;
      parts.clear();
    },
    parts: () => [...parts.values()].sort((a, b) => a.partNumber - b.partNumber),
    record: (_id, part) => void parts.set(part.partNumber, part),
    reset() {
      uploadId = null;
      partSize = null;
      parts.clear();
    },
    markWriteSent() {
      const before = sent;
      sent = true;
      return before;
    },
    refused() {
      this.refusedCalls++;
    },
  };
}

describe('If-None-Match: * on every write', () => {
  it('two writers racing for one key: one object, the winner’s; the other gets a conflict', async () => {
    const dir = home();
    const writer = createS3ClientFactory(FAST.s3)({ ...profileSettings('race', shared(), 'X'), id: 'prof_race0000', active: true, managed: false, createdAt: '', updatedAt: '' }, secret());
    cleanups.push(() => writer.destroy());
    const target = { bucket: shared().bucket, key: `no-overwrite-${run}/race/recording.mp4`, contentType: 'video/mp4', storageClass: null, encryption: { mode: 'none' as const }, objectLock: null };
    const files = ['a', 'b'].map((n) => {
      const file = path.join(dir, `${n}.bin`);
      writeRandomFile(file, 11 * MiB);
      return file;
    });
    const journals = [memoryJournal(), memoryJournal()];
    const results = await Promise.allSettled(
      files.map((file, i) =>
        uploadMultipart({ client: writer, target, source: finishedFile(file, 11 * MiB), journal: journals[i]!, partSize: 5 * MiB, slots: createSemaphore(8), concurrency: 3, throttle: createThrottle(0), signal: new AbortController().signal, log: silent }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = results.findIndex((r) => r.status === 'rejected');
    expect((results[loser] as PromiseRejectedResult).reason).toBeInstanceOf(ObjectConflictError);
    expect(journals[loser]!.refusedCalls).toBe(1);
    const stored = await readObject(adminS3(), target.bucket, target.key);
    expect(sha256(stored)).toBe(sha256(fs.readFileSync(files[1 - loser]!)));

    // The same for a small object sent in one PutObject.
    const small = { ...target, key: `no-overwrite-${run}/race/snapshot.jpg`, contentType: 'image/jpeg' };
    const puts = await Promise.allSettled(
      files.map((_f, i) => {
        const file = path.join(dir, `small-${i}.bin`);
        writeRandomFile(file, 64 * 1024);
        return putObject({ client: writer, target: small, path: file, journal: memoryJournal(), slots: createSemaphore(8), throttle: createThrottle(0), signal: new AbortController().signal, log: silent });
      }),
    );
    expect(puts.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('a key another writer filled first: CONFLICT, audited, the object unchanged, and a retry sends no write', async () => {
    const dir = home();
    const proxy = await startFaultProxy(env('FIELDTAPE_TEST_S3_ENDPOINT'));
    cleanups.push(() => proxy.close());
    const engine = engineFor(dir, proxy.url);
    const profile = addProfile(engine, profileSettings('acme', shared(), 'FT_TEST_SECRET', { prefixTemplate: `no-overwrite-${run}/{recordingId}/{artifact}` }));
    const recording = await seedReadyRecording(engine, { mp4Bytes: 2 * MiB, profileId: profile.id });
    const snapshotKey = `no-overwrite-${run}/${recording.id}/snapshot.jpg`;
    // The other writer (same write-only credentials: another device, a copied data folder) was first.
    const theirs = randomBytes(1000);
    const other = adminClient(shared().endpoint, shared().region, shared().accessKeyId, secret());
    cleanups.push(() => other.destroy());
    await other.send(new PutObjectCommand({ Bucket: shared().bucket, Key: snapshotKey, Body: theirs, IfNoneMatch: '*' }));

    const [done] = await engine.delivery.service.deliverNow([recording.id]);
    const d = DeliverySnapshotSchema.parse(done);
    expect(d.state).toBe('failed');
    expect(d.lastError?.code).toBe('CONFLICT');
    expect(d.lastError?.message).toContain(snapshotKey);
    expect(d.objects.map((o) => [o.name, o.status])).toEqual([
      ['recording.mp4', 'delivered'],
      ['snapshot.jpg', 'conflict'],
      ['filmstrip.jpg', 'pending'],
      ['manifest.json', 'pending'],
      ['receipt.json', 'pending'],
    ]);
    expect(sha256(await readObject(adminS3(), shared().bucket, snapshotKey))).toBe(sha256(theirs));
    const audited = engine.audit.list({ recordingId: recording.id }).filter((e) => e.type === 'delivery.conflict');
    expect(audited.map((e) => e.data)).toEqual([expect.objectContaining({ key: snapshotKey, found: 'now', written: false })]);

    const writesBefore = proxy.requests.filter((r) => r.kind === 'put' && r.path.endsWith('/snapshot.jpg')).length;
    expect(writesBefore).toBe(1);
    const [again] = await engine.delivery.service.deliverNow([recording.id]);
    expect(again?.state).toBe('failed');
    expect(again?.lastError?.code).toBe('CONFLICT');
    expect(proxy.requests.filter((r) => r.kind === 'put' && r.path.endsWith('/snapshot.jpg')).length).toBe(writesBefore); // never retried as a write
    expect(engine.audit.list({ recordingId: recording.id }).filter((e) => e.type === 'delivery.conflict').map((e) => e.data.found)).toEqual(['now', 'earlier']);
    expect(sha256(await readObject(adminS3(), shared().bucket, snapshotKey))).toBe(sha256(theirs));
  });

  it('SIGKILL right after Complete: the next run meets 412 on its own object and ends delivered, not in conflict', async () => {
    const dir = home();
    const engine = engineFor(dir);
    const profile = addProfile(engine, profileSettings('acme', shared(), 'FT_TEST_SECRET', { prefixTemplate: `no-overwrite-${run}/{recordingId}/{artifact}` }));
    const recording = await seedReadyRecording(engine, { mp4Bytes: 12 * MiB, profileId: profile.id });
    await engine.close();
    cleanups.pop();

    const childEnv = { FT_TEST_SECRET: secret(), FIELDTAPE_DELIVERY_PART_MB: '5', FIELDTAPE_TEST_KILL_AFTER: 'complete' };
    const child = spawnCli(dir, ['deliver', recording.id], childEnv);
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
    expect(signal, child.output.stderr).toBe('SIGKILL');
    const db = new Database(path.join(dir, 'fieldtape.db'), { readonly: true });
    const mp4 = db.prepare<[string], { status: string; write_sent_at: string | null; upload_id: string | null }>("SELECT status, write_sent_at, upload_id FROM delivery_objects WHERE recording_id = ? AND name = 'recording.mp4'").get(recording.id)!;
    db.close();
    expect(mp4.status).toBe('uploading'); // only the bucket knows it is there
    expect(mp4.write_sent_at).not.toBeNull();
    const mp4Key = `no-overwrite-${run}/${recording.id}/recording.mp4`;
    const local = recording.artifacts.find((a) => a.kind === 'mp4')!;
    expect(sha256(await readObject(adminS3(), shared().bucket, mp4Key))).toBe(local.sha256);

    const after = await runCliAsync(dir, ['deliver', recording.id, '--json'], { FT_TEST_SECRET: secret(), FIELDTAPE_DELIVERY_PART_MB: '5' });
    expect(after.code, after.stderr).toBe(0);
    const d = DeliverySnapshotSchema.parse(after.json);
    expect(d.state).toBe('delivered');
    expect(d.objects.every((o) => o.status === 'delivered')).toBe(true);
    expect(d.objects.find((o) => o.name === 'recording.mp4')?.etag).toMatch(/^"[0-9a-f]{32}-3"$/);
    const log = fs.readFileSync(path.join(dir, 'logs', 'fieldtape.log'), 'utf8');
    expect(log).toContain('object already in the bucket from our own earlier Complete (412 on If-None-Match)');
    expect(sha256(await readObject(adminS3(), shared().bucket, mp4Key))).toBe(local.sha256);
    const check = createEngine({ dataDir: dir, host: 'cli', delivery: { autoStart: false, env: {} } });
    try {
      expect(check.audit.list({ recordingId: recording.id }).map((e) => e.type)).not.toContain('delivery.conflict');
    } finally {
      await check.close();
    }
  });
});
