// One delivery attempt for one recording: plan the objects, send each in order (skipping what the journal
// says is already in the bucket), then commit by sending the delivered manifest last. Throws on the first
// failure; the service classifies it and schedules the next attempt.
import fs from 'node:fs';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DeliveredObject } from '../../../shared/domain/delivery';
import type { Profile } from '../../../shared/domain/profile';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import { hashFile } from '../media/hash-file';
import { writeDeliveredManifest } from './delivered-manifest';
import { contentTypeFor, DELIVERED_MANIFEST_NAME, planDelivery, type PlanPaths } from './delivery-plan';
import type { DeliveryStore, ObjectRow } from './delivery-store';
import { finishedFile, putObject, uploadMultipart, type ObjectTarget, type PartJournal } from './multipart-upload';
import type { DeliveryTuning } from './delivery-tuning';
import { storageClassFor } from './storage-class';
import type { Semaphore, Throttle } from './throttle';

export interface AttemptContext {
  recording: RecordingSnapshot;
  profile: Profile;
  client: S3Client;
  store: DeliveryStore;
  tuning: DeliveryTuning;
  slots: Semaphore;
  throttle: Throttle;
  signal: AbortSignal;
  log: Logger;
  now: () => string;
  paths: PlanPaths;
  /** Files whose SHA-256 was checked against the recording in this process (path|size|mtime). */
  verified: Set<string>;
  /** An instant-mode upload of this object still running in this process, to join rather than repeat. */
  runningUpload(name: string): Promise<unknown> | null;
  onProgress(name: string, bytesDone: number): void;
}

export function journalFor(store: DeliveryStore, recordingId: string, name: string, now: () => string): PartJournal {
  return {
    current() {
      const o = store.object(recordingId, name);
      return { uploadId: o?.uploadId ?? null, partSize: o?.partSize ?? null };
    },
    begin: (uploadId, partSize) => store.beginUpload(recordingId, name, uploadId, partSize),
    parts: (uploadId) => store.parts(recordingId, name, uploadId),
    record: (uploadId, part) => store.recordPart(recordingId, name, uploadId, part, now()),
    reset: () => store.resetUpload(recordingId, name),
  };
}

/**
 * Where and how one object is sent; its storage class is the profile's class for its kind. Instant mode
 * sends only the MP4 and names no kind, so a name ending in .mp4 stands for the MP4.
 */
export function targetFor(profile: Profile, key: string, name: string, kind: string = name.endsWith('.mp4') ? 'mp4' : 'unknown'): ObjectTarget {
  return { bucket: profile.bucket, key, contentType: contentTypeFor(name), storageClass: storageClassFor(profile, kind), encryption: profile.encryption };
}

export async function runDeliveryAttempt(ctx: AttemptContext): Promise<{ manifestKey: string | null; objects: number }> {
  const { recording, profile, store } = ctx;
  const id = recording.id;
  fs.mkdirSync(ctx.paths.deliveryDir, { recursive: true });
  store.syncObjects(id, await planDelivery(recording, profile, ctx.paths));

  for (const object of store.objects(id)) {
    ctx.signal.throwIfAborted();
    if (object.kind === 'manifest') continue;
    if (object.status !== 'delivered') await sendObject(ctx, object);
  }

  const manifestRow = store.objects(id).find((o) => o.kind === 'manifest' && o.name === DELIVERED_MANIFEST_NAME);
  if (manifestRow && manifestRow.status !== 'delivered') {
    const finalize = recording.artifacts.find((a) => a.kind === 'manifest');
    if (!finalize) throw new AppError('NOT_FOUND', `Recording ${id} has no manifest, so its delivery cannot be committed.`);
    const digest = await hashFile(finalize.path).catch(() => null);
    if (!digest || digest.sha256 !== finalize.sha256) {
      throw new AppError('CORRUPT_DATA', `The manifest of ${id} (${finalize.path}) is missing or no longer matches the SHA-256 recorded when it was finalized.`);
    }
    const objects: DeliveredObject[] = store
      .objects(id)
      .filter((o) => o.kind !== 'manifest')
      .map((o) => ({ kind: o.kind as DeliveredObject['kind'], file: o.name, key: o.key, bytes: o.bytes ?? 0, sha256: o.sha256 ?? '', etag: o.etag ?? '', checksumSha256: o.checksumSha256 }));
    const written = await writeDeliveredManifest({
      finalizeManifestPath: finalize.path,
      finalizeManifestSha256: finalize.sha256,
      profile: profile.name,
      bucket: profile.bucket,
      objects,
      outFile: manifestRow.localPath,
    });
    store.setContent(id, manifestRow.name, written.bytes, written.sha256);
    await sendObject(ctx, { ...manifestRow, bytes: written.bytes, sha256: written.sha256 });
  }
  return { manifestKey: manifestRow?.key ?? null, objects: store.objects(id).length };
}

async function sendObject(ctx: AttemptContext, object: ObjectRow): Promise<void> {
  const { store, recording } = ctx;
  const running = ctx.runningUpload(object.name);
  if (running) {
    // Instant mode is finishing this object; wait for it. If it failed, the journal it left is resumed below.
    await running.catch((error: unknown) => ctx.log.warn('instant upload failed; resuming it from the journal', { id: recording.id, error: String(error) }));
    const after = store.object(recording.id, object.name);
    if (after?.status === 'delivered') return;
  }
  await verifyLocal(ctx, object);
  const target = targetFor(ctx.profile, object.key, object.name, object.kind);
  const size = object.bytes ?? fs.statSync(object.localPath).size;
  const onProgress = (bytes: number) => ctx.onProgress(object.name, bytes);
  const common = { client: ctx.client, target, slots: ctx.slots, throttle: ctx.throttle, signal: ctx.signal, log: ctx.log, onProgress };
  const started = Date.now();
  const result =
    size <= ctx.tuning.partSize && !object.uploadId
      ? await putObject({ ...common, path: object.localPath })
      : await uploadMultipart({
          ...common,
          source: finishedFile(object.localPath, size),
          journal: journalFor(store, recording.id, object.name, ctx.now),
          partSize: ctx.tuning.partSize,
          concurrency: ctx.tuning.perObjectConcurrency,
        });
  store.objectDelivered(recording.id, object.name, result.etag, result.checksumSha256, ctx.now());
  ctx.log.info('object delivered', { id: recording.id, key: object.key, bytes: result.bytes, parts: result.parts, ms: Date.now() - started });
}

/** The bytes about to be sent must be the bytes the manifest vouches for. */
async function verifyLocal(ctx: AttemptContext, object: ObjectRow): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(object.localPath);
  } catch {
    throw new AppError('NOT_FOUND', `${path.basename(object.localPath)} of ${ctx.recording.id} is no longer on this computer (${object.localPath}), so it cannot be delivered.`);
  }
  if (object.bytes !== null && stat.size !== object.bytes) {
    throw new AppError('CORRUPT_DATA', `${object.localPath} is ${stat.size} bytes but was ${object.bytes} when finalized; it was changed, so it is not delivered.`);
  }
  const mark = `${object.localPath}|${stat.size}|${stat.mtimeMs}`;
  if (object.sha256 === null || ctx.verified.has(mark)) return;
  const digest = await hashFile(object.localPath, ctx.signal);
  if (digest.sha256 !== object.sha256) {
    throw new AppError('CORRUPT_DATA', `${object.localPath} no longer matches the SHA-256 recorded when it was finalized; it is not delivered.`);
  }
  ctx.verified.add(mark);
}
