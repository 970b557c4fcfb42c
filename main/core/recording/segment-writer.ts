// Appends chunks to one segment's journal file. A chunk is acknowledged only after its record is
// fsync'd; a failed write (a full disk, say) is cut back off the file so the journal stays readable.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { fsyncDir, ioError, writeFileDurable } from '../fs-durable';
import { encodeRecord, MAX_CHUNK_BYTES, RECORD_HEADER_BYTES, segmentFileName, segmentMetaFileName } from './journal-format';

// The index keeps the same shape (main/core/store/recording-store.ts), so it is defined there once.
import type { SegmentMeta } from '../store/recording-store';
export type { SegmentMeta };

export interface AppendedChunk {
  seq: number;
  offset: number;
  length: number;
  sha256: string;
  /** True when this exact chunk had already been made durable (a retried send). */
  duplicate: boolean;
}

export interface SegmentWriter {
  readonly meta: SegmentMeta;
  readonly file: string;
  append(seq: number, payload: Uint8Array): Promise<AppendedChunk>;
  close(): Promise<void>;
}

export async function openSegmentWriter(journalDir: string, meta: SegmentMeta): Promise<SegmentWriter> {
  fs.mkdirSync(journalDir, { recursive: true });
  const file = path.join(journalDir, segmentFileName(meta.segment));
  if (fs.existsSync(file)) throw new AppError('CONFLICT', `Segment ${meta.segment} already exists; a new segment must have a new number.`);
  try {
    writeFileDurable(path.join(journalDir, segmentMetaFileName(meta.segment)), JSON.stringify(meta));
  } catch (error) {
    throw ioError(error, 'starting a recording segment');
  }
  const handle = await fs.promises.open(file, 'a');
  fsyncDir(journalDir);

  let size = 0;
  let next = 0;
  const digests: string[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function write(seq: number, payload: Uint8Array): Promise<AppendedChunk> {
    if (closed) throw new AppError('CONFLICT', `Segment ${meta.segment} is closed.`);
    if (payload.byteLength === 0) throw new AppError('INVALID_REQUEST', 'An empty chunk carries no media.');
    if (payload.byteLength > MAX_CHUNK_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `A chunk may hold at most ${MAX_CHUNK_BYTES} bytes.`);
    const { header, digest } = encodeRecord(seq, payload);
    const sha256 = digest.toString('hex');
    if (seq < next) {
      if (digests[seq] === sha256) return { seq, offset: -1, length: payload.byteLength, sha256, duplicate: true };
      throw new AppError('CONFLICT', `Chunk ${seq} of segment ${meta.segment} was already written with different content.`);
    }
    if (seq > next) {
      throw new AppError('INVALID_REQUEST', `Chunk ${seq} arrived before chunk ${next} of segment ${meta.segment}; send chunks in order.`);
    }
    const start = size;
    try {
      // A write may be short (a filling disk writes what fits and reports no error); loop until the whole
      // record is down, so a short write surfaces as the ENOSPC of the next attempt.
      const record = Buffer.concat([header, payload]);
      for (let done = 0; done < record.length; ) {
        const { bytesWritten } = await handle.write(record, done, record.length - done);
        done += bytesWritten;
      }
      await handle.datasync();
    } catch (error) {
      // Cut the partial record off so the journal ends on a whole record, then report.
      await handle.truncate(start).catch(() => undefined);
      throw ioError(error, `writing chunk ${seq} of segment ${meta.segment}`);
    }
    size = start + RECORD_HEADER_BYTES + payload.byteLength;
    next = seq + 1;
    digests[seq] = sha256;
    return { seq, offset: start + RECORD_HEADER_BYTES, length: payload.byteLength, sha256, duplicate: false };
  }

  return {
    meta,
    file,
    append(seq, payload) {
      // One append at a time per segment: records must never interleave.
      const result = queue.then(() => write(seq, payload));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      if (closed) return;
      await queue;
      closed = true;
      await handle.sync().catch(() => undefined);
      await handle.close();
    },
  };
}
