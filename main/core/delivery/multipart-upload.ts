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
import type { Encryption } from '../../../shared/domain/profile';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import type { PartRow } from './delivery-store';
import { errorFacts } from './error-facts';
import { classify, innerRetryDelay } from './retry-policy';
import { sleep, throttledBody, type Semaphore, type Throttle } from './throttle';

export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;

export interface ObjectTarget {
  bucket: string;
  key: string;
  contentType: string;
  storageClass: string | null;
  encryption: Encryption;
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
}

class RestartUpload extends Error {}

/** Sends one request, retrying transient failures inside this attempt (retry-policy.innerRetryDelay). */
async function withRetries<T>(what: string, o: Pick<UploadOptions, 'signal' | 'log'>, send: () => Promise<T>, onSlowDown?: () => void): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await send();
    } catch (error) {
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
    const completed = await withRetries('CompleteMultipartUpload', o, () =>
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: target.bucket,
          Key: target.key,
          UploadId: id,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, ChecksumSHA256: p.checksumSha256 })) },
        }),
        { abortSignal: signal },
      ),
    );
    if (!completed.ETag) throw new AppError('IO_ERROR', `CompleteMultipartUpload for ${target.key} returned no ETag; it will be tried again.`);
    if (completed.ChecksumSHA256 && completed.ChecksumSHA256 !== expected) {
      throw new AppError('CORRUPT_DATA', `The bucket's checksum of ${target.key} (${completed.ChecksumSHA256}) differs from the parts sent (${expected}).`);
    }
    return { etag: completed.ETag, checksumSha256: completed.ChecksumSHA256 ?? null, bytes: parts.reduce((s, p) => s + p.size, 0), parts: parts.length };
  } finally {
    await handle.close();
  }
}

/** A small object in one PutObject: atomic, so there is nothing to journal but the result. */
export async function putObject(o: Omit<UploadOptions, 'journal' | 'partSize' | 'concurrency' | 'source'> & { path: string }): Promise<UploadResult> {
  const body = await fs.promises.readFile(o.path).catch((error: unknown) => {
    throw new AppError('NOT_FOUND', `${o.path} is missing, so it cannot be delivered (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  });
  const checksum = createHash('sha256').update(body).digest('base64');
  const release = await o.slots.acquire(o.signal);
  try {
    const reply = await withRetries(`PutObject ${o.target.key}`, o, () =>
      o.client.send(
        new PutObjectCommand({ ...objectInput(o.target), Body: throttledBody(body, o.throttle, o.signal), ContentLength: body.length, ChecksumSHA256: checksum }),
        { abortSignal: o.signal },
      ),
    );
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
