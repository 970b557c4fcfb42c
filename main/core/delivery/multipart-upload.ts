// The resumable upload engine, on @aws-sdk/client-s3 commands directly. Write-only credentials can do
// CreateMultipartUpload, UploadPart and CompleteMultipartUpload and nothing else (no ListParts, no Abort,
// no Head, no Get), so what has been uploaded is known only from our own journal:
//   - a part counts once its number, offset, size, SHA-256 and ETag are committed to SQLite;
//   - after a crash only parts without a journal row are sent (plus, at most, the ones that were in flight);
//   - every part carries x-amz-checksum-sha256, Complete echoes them, and the composite checksum S3 returns
//     is compared with the one computed here: S3 itself has verified every byte;
//   - NoSuchUpload (the upload expired or was cleaned up) starts a new upload; its parts are orphaned for the
//     bucket's AbortIncompleteMultipartUpload lifecycle rule, since the writer cannot abort.
// The source may still be growing (instant mode): a part is sent once the bytes it covers exist.
//
// Evidence is never overwritten: every PutObject and CompleteMultipartUpload carries If-None-Match: *
// (it needs only s3:PutObject). A 412 answer means the key already holds an object. Before each of those
// final writes the journal records that it is being sent; a 412 after an earlier send of ours (a crash, or
// a lost reply, after Complete or Put) is our own object and counts as delivered; any other 412 is a
// conflict: recorded, and never sent again (docs/evidence.md).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import type { Encryption, ObjectLock } from '../../../shared/domain/profile';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import type { PartRow } from '../store/delivery-store';
import { errorFacts } from './error-facts';
import { classify, innerRetryDelay } from './retry-policy';
import { testKillPoint } from './test-hooks';
import type { Semaphore } from '../semaphore';
import { sleep, throttledBody, type Throttle } from './throttle';

export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;

export interface ObjectTarget {
  bucket: string;
  key: string;
  contentType: string;
  storageClass: string | null;
  encryption: Encryption;
  /** Object Lock retention sent with the object (Create/Put); null: none (the bucket's default applies). */
  objectLock: (ObjectLock & { retainUntil: Date }) | null;
}

export interface UploadSource {
  path: string;
  /** Resolves once at least `bytes` bytes exist, or the file is final (then `available` is its size). */
  waitFor(bytes: number, signal: AbortSignal): Promise<{ available: number; final: boolean }>;
}

export function finishedFile(path: string, size: number): UploadSource {
  return { path, waitFor: async () => ({ available: size, final: true }) };
}

/** The journal of one object's multipart upload (backed by delivery_objects / delivery_parts). */
export interface PartJournal {
  current(): { uploadId: string | null; partSize: number | null };
  begin(uploadId: string, partSize: number): void;
  parts(uploadId: string): PartRow[];
  record(uploadId: string, part: PartRow): void;
  reset(): void;
  /** The object's final write (Complete, or Put) is about to be sent: returns whether one was sent before. */
  markWriteSent(): boolean;
  /** The key holds an object that is not ours (a 412 with no earlier write of ours): never send it again. */
  refused(): void;
}

/** What the journal keeps about a PutObject: only whether it was sent before (see markWriteSent). */
export type WriteJournal = Pick<PartJournal, 'markWriteSent' | 'refused'>;

/** The key already holds an object that this device did not write: a conflict, never retried as a write. */
export class ObjectConflictError extends AppError {
  constructor(readonly key: string) {
    super(
      'CONFLICT',
      `The bucket already holds another object under ${key} (412 Precondition Failed on If-None-Match: *), so it was not overwritten. ` +
        'Ask the bucket owner which writer put it there; this delivery will not write that key again.',
    );
  }
}

export interface UploadOptions {
  client: S3Client;
  target: ObjectTarget;
  source: UploadSource;
  journal: PartJournal;
  /** Preferred part size; a large known size raises it so there are at most 10,000 parts. */
  partSize: number;
  /** Engine-wide bound on requests in flight. */
  slots: Semaphore;
  /** Parts of this object in flight at once (halved on SlowDown). */
  concurrency: number;
  throttle: Throttle;
  signal: AbortSignal;
  log: Logger;
  /** Bytes of this object that are journaled as uploaded. */
  onProgress?(bytesDone: number): void;
}

export interface UploadResult {
  etag: string;
  checksumSha256: string | null;
  bytes: number;
  parts: number;
  /** True when the key already held our own object (a 412 after an earlier send of ours); the ETag was computed here. */
  alreadyThere?: boolean;
}

class RestartUpload extends Error {}

/** A 412 to a write carrying If-None-Match: *; `ours` says whether a write of ours had been sent before. */
class PreconditionFailed extends Error {
  constructor(readonly ours: boolean) {
    super('PreconditionFailed');
  }
}

export function isPreconditionFailed(error: unknown): boolean {
  const facts = errorFacts(error);
  return facts.status === 412 || facts.code === 'PreconditionFailed';
}

/**
 * Sends a final write (Put or Complete) with If-None-Match: *. The first send is "ours before" only when the
 * journal had already recorded one; every later send (a retry inside this attempt) follows one of ours.
 */
function guardedWrite<T>(journal: WriteJournal, send: () => Promise<T>): () => Promise<T> {
  let sentBefore = journal.markWriteSent();
  return async () => {
    const ours = sentBefore;
    sentBefore = true;
    try {
      return await send();
    } catch (error) {
      if (isPreconditionFailed(error)) throw new PreconditionFailed(ours);
      throw error;
    }
  };
}

/** S3's ETag of a multipart object: MD5 over the parts' binary MD5s, then "-N" (unknown for SSE-KMS parts). */
export function multipartEtag(parts: Array<Pick<PartRow, 'etag'>>): string {
  const md5s = parts.map((p) => p.etag.replace(/"/g, ''));
  if (!md5s.every((m) => /^[0-9a-f]{32}$/.test(m))) return '"unknown"';
  return `"${createHash('md5').update(Buffer.concat(md5s.map((m) => Buffer.from(m, 'hex')))).digest('hex')}-${parts.length}"`;
}

/** Sends one request, retrying transient failures inside this attempt (retry-policy.innerRetryDelay). */
async function withRetries<T>(what: string, o: Pick<UploadOptions, 'signal' | 'log'>, send: () => Promise<T>, onSlowDown?: () => void): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await send();
    } catch (error) {
      if (error instanceof PreconditionFailed) throw error;
      if (o.signal.aborted) throw o.signal.reason;
      const facts = errorFacts(error);
      const decision = classify(facts);
      if (decision.kind === 'restart-upload') throw new RestartUpload(`${what}: ${facts.code}`);
      const delay = innerRetryDelay(decision, tries);
      if (delay === null) throw error;
      if (decision.kind === 'slow-down') onSlowDown?.();
      o.log.warn('S3 request failed; retrying', { what, code: facts.code, status: facts.status, retryInMs: delay, tries: tries + 1 });
      await sleep(delay, o.signal);
    }
  }
}

function encryptionInput(e: Encryption) {
  if (e.mode === 'SSE-S3') return { ServerSideEncryption: 'AES256' as const };
  if (e.mode === 'SSE-KMS') return { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: e.kmsKeyId };
  return {};
}

function objectInput(t: ObjectTarget) {
  return {
    Bucket: t.bucket,
    Key: t.key,
    ContentType: t.contentType,
    ...(t.storageClass ? { StorageClass: t.storageClass as StorageClass } : {}),
    ...encryptionInput(t.encryption),
    ...(t.objectLock ? { ObjectLockMode: t.objectLock.mode, ObjectLockRetainUntilDate: t.objectLock.retainUntil } : {}),
  };
}

export function choosePartSize(preferred: number, size: number | null): number {
  const floor = Math.max(MIN_PART_BYTES, preferred);
  if (size === null) return floor;
  const needed = Math.ceil(size / MAX_PARTS);
  const MiB = 1024 * 1024;
  return Math.max(floor, Math.ceil(needed / MiB) * MiB);
}

/** S3's composite SHA-256 of a multipart object: SHA-256 over the parts' binary digests, then "-N". */
export function compositeChecksum(parts: Array<Pick<PartRow, 'checksumSha256'>>): string {
  const digests = Buffer.concat(parts.map((p) => Buffer.from(p.checksumSha256, 'base64')));
  return `${createHash('sha256').update(digests).digest('base64')}-${parts.length}`;
}

async function readExactly(handle: fs.promises.FileHandle, offset: number, length: number, path: string): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
    if (bytesRead === 0) throw new AppError('CORRUPT_DATA', `${path} is shorter than when its delivery started; it was changed or truncated. Finalize the recording again.`);
    done += bytesRead;
  }
  return buffer;
}

export async function uploadMultipart(o: UploadOptions): Promise<UploadResult> {
  let restarts = 0;
  for (;;) {
    try {
      return await uploadOnce(o);
    } catch (error) {
      if (!(error instanceof RestartUpload) || restarts >= 2) throw error;
      restarts++;
      o.log.warn('multipart upload is gone on the server; starting a new one', { key: o.target.key, reason: error.message });
      o.journal.reset();
    }
  }
}

async function uploadOnce(o: UploadOptions): Promise<UploadResult> {
  const { client, target, signal } = o;
  let { uploadId, partSize } = o.journal.current();
  if (!uploadId || !partSize) {
    const initial = await o.source.waitFor(0, signal);
    partSize = choosePartSize(o.partSize, initial.final ? initial.available : null);
    const created = await withRetries('CreateMultipartUpload', o, () =>
      client.send(new CreateMultipartUploadCommand({ ...objectInput(target), ChecksumAlgorithm: 'SHA256' }), { abortSignal: signal }),
    );
    if (!created.UploadId) throw new AppError('INTERNAL', 'CreateMultipartUpload returned no upload id.');
    uploadId = created.UploadId;
    o.journal.begin(uploadId, partSize);
  }
  const id = uploadId;
  const size = partSize;
  const done = new Map(o.journal.parts(id).map((p) => [p.partNumber, p]));
  let bytesDone = [...done.values()].reduce((sum, p) => sum + p.size, 0);
  o.onProgress?.(bytesDone);

  const handle = await fs.promises.open(o.source.path, 'r').catch((error: unknown) => {
    throw new AppError('NOT_FOUND', `${o.source.path} is missing, so it cannot be delivered (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  });
  try {
    let next = 1;
    // In an object, not a `let`: the workers set it, and TypeScript does not follow assignments in closures.
    const known: { lastPart: number | null } = { lastPart: null };
    let allowed = Math.max(1, o.concurrency);
    let failure: unknown = null;
    const halve = () => {
      allowed = Math.max(1, Math.floor(allowed / 2));
    };

    const worker = async (index: number): Promise<void> => {
      while (failure === null && index < allowed) {
        const n = next;
        if (known.lastPart !== null && n > known.lastPart) return;
        next++;
        if (done.has(n)) continue;
        const start = (n - 1) * size;
        const ready = await o.source.waitFor(start + size, signal);
        if (ready.final) {
          const last = Math.max(1, Math.ceil(ready.available / size));
          known.lastPart = known.lastPart === null ? last : Math.min(known.lastPart, last);
          if (n > last) return;
        }
        const length = Math.min(size, ready.available - start);
        if (length <= 0 && !(n === 1 && ready.available === 0)) return;
        const body = await readExactly(handle, start, Math.max(0, length), o.source.path);
        const checksum = createHash('sha256').update(body).digest('base64');
        const release = await o.slots.acquire(signal);
        let etag: string;
        try {
          const reply = await withRetries(
            `UploadPart ${n}`,
            o,
            () =>
              client.send(
                new UploadPartCommand({
                  Bucket: target.bucket,
                  Key: target.key,
                  UploadId: id,
                  PartNumber: n,
                  Body: throttledBody(body, o.throttle, signal),
                  ContentLength: body.length,
                  ChecksumSHA256: checksum,
                }),
                { abortSignal: signal },
              ),
            halve,
          );
          if (!reply.ETag) throw new AppError('INTERNAL', `UploadPart ${n} returned no ETag.`);
          if (reply.ChecksumSHA256 && reply.ChecksumSHA256 !== checksum) {
            throw new AppError('CORRUPT_DATA', `The bucket stored part ${n} of ${target.key} with another checksum than was sent.`);
          }
          etag = reply.ETag;
        } finally {
          release();
        }
        const part: PartRow = { partNumber: n, offset: start, size: body.length, checksumSha256: checksum, etag };
        o.journal.record(id, part); // only now does the part count
        done.set(n, part);
        bytesDone += part.size;
        o.onProgress?.(bytesDone);
      }
    };

    // Worker 0 always runs; the others stop taking parts once SlowDown has halved `allowed` below them.
    // A part number is taken only by a worker that then sends it, so halving never skips a part.
    await Promise.all(
      Array.from({ length: Math.max(1, o.concurrency) }, (_v, i) =>
        worker(i).catch((error: unknown) => {
          failure ??= error;
        }),
      ),
    );
    if (failure !== null) throw failure;
    const lastPart = known.lastPart;
    if (lastPart === null) throw new AppError('INTERNAL', `The upload of ${target.key} ended without knowing its size.`);
    const missing = Array.from({ length: lastPart }, (_v, i) => i + 1).filter((n) => !done.has(n));
    if (missing.length > 0) throw new AppError('INTERNAL', `The upload of ${target.key} is missing parts ${missing.join(', ')}.`);

    const parts = Array.from({ length: lastPart }, (_v, i) => done.get(i + 1)!);
    const expected = compositeChecksum(parts);
    const bytes = parts.reduce((s, p) => s + p.size, 0);
    const complete = guardedWrite(o.journal, () =>
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: target.bucket,
          Key: target.key,
          UploadId: id,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, ChecksumSHA256: p.checksumSha256 })) },
          IfNoneMatch: '*',
        }),
        { abortSignal: signal },
      ),
    );
    let completed;
    try {
      completed = await withRetries('CompleteMultipartUpload', o, complete);
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
      if (!error.ours) {
        o.journal.refused();
        throw new ObjectConflictError(target.key);
      }
      // Our own Complete landed before (its reply was lost, or the process died right after it).
      o.log.info('object already in the bucket from our own earlier Complete (412 on If-None-Match)', { key: target.key });
      return { etag: multipartEtag(parts), checksumSha256: expected, bytes, parts: parts.length, alreadyThere: true };
    }
    testKillPoint('complete');
    if (!completed.ETag) throw new AppError('IO_ERROR', `CompleteMultipartUpload for ${target.key} returned no ETag; it will be tried again.`);
    if (completed.ChecksumSHA256 && completed.ChecksumSHA256 !== expected) {
      throw new AppError('CORRUPT_DATA', `The bucket's checksum of ${target.key} (${completed.ChecksumSHA256}) differs from the parts sent (${expected}).`);
    }
    return { etag: completed.ETag, checksumSha256: completed.ChecksumSHA256 ?? null, bytes, parts: parts.length };
  } finally {
    await handle.close();
  }
}

/** A small object in one PutObject: atomic, so there is nothing to journal but the result. */
export async function putObject(o: Omit<UploadOptions, 'journal' | 'partSize' | 'concurrency' | 'source'> & { path: string; journal: WriteJournal }): Promise<UploadResult> {
  const body = await fs.promises.readFile(o.path).catch((error: unknown) => {
    throw new AppError('NOT_FOUND', `${o.path} is missing, so it cannot be delivered (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  });
  const checksum = createHash('sha256').update(body).digest('base64');
  const release = await o.slots.acquire(o.signal);
  try {
    const put = guardedWrite(o.journal, () =>
      o.client.send(
        new PutObjectCommand({ ...objectInput(o.target), Body: throttledBody(body, o.throttle, o.signal), ContentLength: body.length, ChecksumSHA256: checksum, IfNoneMatch: '*' }),
        { abortSignal: o.signal },
      ),
    );
    let reply;
    try {
      reply = await withRetries(`PutObject ${o.target.key}`, o, put);
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
      if (!error.ours) {
        o.journal.refused();
        throw new ObjectConflictError(o.target.key);
      }
      o.log.info('object already in the bucket from our own earlier PutObject (412 on If-None-Match)', { key: o.target.key });
      o.onProgress?.(body.length);
      return { etag: `"${createHash('md5').update(body).digest('hex')}"`, checksumSha256: checksum, bytes: body.length, parts: 1, alreadyThere: true };
    }
    testKillPoint('put');
    if (!reply.ETag) throw new AppError('IO_ERROR', `PutObject for ${o.target.key} returned no ETag; it will be tried again.`);
    if (reply.ChecksumSHA256 && reply.ChecksumSHA256 !== checksum) {
      throw new AppError('CORRUPT_DATA', `The bucket stored ${o.target.key} with another checksum than was sent.`);
    }
    o.onProgress?.(body.length);
    return { etag: reply.ETag, checksumSha256: reply.ChecksumSHA256 ?? checksum, bytes: body.length, parts: 1 };
  } finally {
    release();
  }
}
