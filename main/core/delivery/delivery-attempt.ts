// One delivery attempt for one recording: plan the objects, send each in order (skipping what the journal
// says is already in the bucket), commit by sending the delivered manifest, then the evidence: the receipt
// (issued once, main/core/evidence/receipt-issuer.ts) and, when the destination names a TSA, one try at its
// time-stamp (which never fails the attempt: main/core/delivery/timestamp-delivery.ts). Throws on the first
// failure; the service classifies it and schedules the next attempt. An object whose key already holds
// someone else's object (412 on If-None-Match) is a conflict: audited, marked, and never written again.
import fs from 'node:fs';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AuditEventType } from '../../../shared/domain/audit';
import type { DeliveredObject } from '../../../shared/domain/delivery';
import { RECEIPT_FILE_NAME } from '../../../shared/domain/evidence';
import type { Profile } from '../../../shared/domain/profile';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import { AppError } from '../../../shared/errors';
import type { ReceiptIssuer } from '../evidence/receipt-issuer';
import type { TimestampJob } from './timestamp-delivery';
import { writeFileDurable } from '../fs-durable';
import type { Logger } from '../log';
import { hashFile } from '../media/hash-file';
import { writeDeliveredManifest } from './delivered-manifest';
import { DELIVERED_MANIFEST_NAME, planDelivery, type PlanPaths } from './delivery-plan';
import type { DeliveryStore, ObjectRow } from '../store/delivery-store';
import { finishedFile, ObjectConflictError, putObject, uploadMultipart } from './multipart-upload';
import type { DeliveryTuning } from './delivery-tuning';
import { journalFor, targetFor, writeJournalFor } from './object-write';
import type { Semaphore } from '../semaphore';
import type { Throttle } from './throttle';

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
  audit(type: AuditEventType, entry: { recordingId: string; sessionId: string | null; data: Record<string, unknown> }): void;
  /** Receipts and time-stamps; absent: no receipt is sent (tests of the bare upload engine). */
  evidence?: { issuer: ReceiptIssuer; timestamps: TimestampJob };
  clock(): Date;
}

/** What the journal keeps about a PutObject: whether its write was sent before, and a conflict. */
export async function runDeliveryAttempt(ctx: AttemptContext): Promise<{ manifestKey: string | null; objects: number; receiptSha256: string | null }> {
  const { recording, profile, store } = ctx;
  const id = recording.id;
  fs.mkdirSync(ctx.paths.deliveryDir, { recursive: true });
  store.syncObjects(id, await planDelivery(recording, profile, ctx.paths));

  for (const object of store.objects(id)) {
    ctx.signal.throwIfAborted();
    if (object.kind === 'manifest' || object.kind === 'receipt') continue;
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
      .filter((o) => o.kind !== 'manifest' && o.kind !== 'receipt')
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
  const receiptSha256 = manifestRow ? await sendReceipt(ctx, store.object(id, manifestRow.name)!) : null;
  return { manifestKey: manifestRow?.key ?? null, objects: store.objects(id).length, receiptSha256 };
}

/**
 * After the manifest: the receipt (its bytes come from SQLite, where they were stored when it was issued)
 * and one try at its time-stamp, whose failure only schedules the next try.
 */
async function sendReceipt(ctx: AttemptContext, manifest: ObjectRow): Promise<string | null> {
  const { store, recording } = ctx;
  const row = store.object(recording.id, RECEIPT_FILE_NAME);
  if (!row || !ctx.evidence) return null;
  if (manifest.status !== 'delivered' || manifest.sha256 === null || manifest.bytes === null) {
    throw new AppError('INTERNAL', `The receipt of ${recording.id} cannot be issued before its manifest is delivered.`);
  }
  const receipt = ctx.evidence.issuer.issue({
    recordingId: recording.id,
    sessionId: recording.sessionId,
    profile: ctx.profile,
    manifest: { key: manifest.key, bytes: manifest.bytes, sha256: manifest.sha256 },
  });
  if (row.status !== 'delivered') {
    const current = fs.existsSync(row.localPath) ? fs.readFileSync(row.localPath, 'utf8') : null;
    if (current !== receipt.text) writeFileDurable(row.localPath, receipt.text);
    const bytes = Buffer.byteLength(receipt.text);
    store.setContent(recording.id, row.name, bytes, receipt.sha256);
    await sendObject(ctx, { ...row, bytes, sha256: receipt.sha256 });
  }
  const status = await ctx.evidence.timestamps.stamp(recording.id, { client: ctx.client, profile: ctx.profile, signal: ctx.signal }).catch((error: unknown) => {
    ctx.log.warn('time-stamp try failed; it is retried on the schedule', { id: recording.id, error: String(error) });
    return 'pending' as const;
  });
  if (status !== null && status !== 'none') ctx.log.info('receipt time-stamp', { id: recording.id, status });
  return receipt.sha256;
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
  const current = store.object(recording.id, object.name);
  if (current?.status === 'conflict') throw conflict(ctx, new ObjectConflictError(object.key), object, false);
  await verifyLocal(ctx, object);
  const target = targetFor(ctx.profile, object.key, object.name, object.kind, ctx.clock());
  const size = object.bytes ?? fs.statSync(object.localPath).size;
  const onProgress = (bytes: number) => ctx.onProgress(object.name, bytes);
  const common = { client: ctx.client, target, slots: ctx.slots, throttle: ctx.throttle, signal: ctx.signal, log: ctx.log, onProgress };
  const started = Date.now();
  let result;
  try {
    result =
      size <= ctx.tuning.partSize && !object.uploadId
        ? await putObject({ ...common, path: object.localPath, journal: writeJournalFor(store, recording.id, object.name) })
        : await uploadMultipart({
            ...common,
            source: finishedFile(object.localPath, size),
            journal: journalFor(store, recording.id, object.name, ctx.now),
            partSize: ctx.tuning.partSize,
            concurrency: ctx.tuning.perObjectConcurrency,
          });
  } catch (error) {
    if (error instanceof ObjectConflictError) throw conflict(ctx, error, object, true);
    throw error;
  }
  store.objectDelivered(recording.id, object.name, result.etag, result.checksumSha256, ctx.now());
  ctx.log.info('object delivered', { id: recording.id, key: object.key, bytes: result.bytes, parts: result.parts, ms: Date.now() - started, alreadyThere: result.alreadyThere ?? false });
}

/**
 * Audited each time an attempt meets it: when the 412 arrives (found), and when a later attempt (a manual
 * retry, or the attempt after an instant-mode upload that met it) refuses the key again without writing.
 */
function conflict(ctx: AttemptContext, error: ObjectConflictError, object: ObjectRow, found: boolean): ObjectConflictError {
  ctx.audit('delivery.conflict', {
    recordingId: ctx.recording.id,
    sessionId: ctx.recording.sessionId,
    data: { key: object.key, name: object.name, bucket: ctx.profile.bucket, written: false, found: found ? 'now' : 'earlier' },
  });
  ctx.log.warn('delivery conflict: the key holds another object; not overwritten', { id: ctx.recording.id, key: object.key, found });
  return error;
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
