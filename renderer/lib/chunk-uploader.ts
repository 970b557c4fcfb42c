// Streams one segment's MediaRecorder chunks to the recording engine in order, with a bounded number in
// flight, retries included (MAX_CHUNKS_IN_FLIGHT, which the engine enforces; its reply comes only once a
// chunk is durable, so waiting for replies is the backpressure). A failed chunk is retried after everything before it has
// landed; re-sending is safe because the engine recognises an identical chunk as a duplicate.
import { MAX_CHUNKS_IN_FLIGHT } from '../../shared/domain/intake';
import type { AppErrorData, Result } from '../../shared/errors';

type Bytes = Uint8Array<ArrayBuffer>;

export type SendChunk = (seq: number, data: Bytes) => Promise<Result<unknown>>;

export interface ChunkUploaderOptions {
  send: SendChunk;
  maxInFlight?: number;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called once when a chunk cannot be saved after every retry; later chunks are dropped. */
  onFatal?: (error: AppErrorData, seq: number) => void;
}

export interface UploaderStats {
  /** Chunks handed to the uploader. */
  queued: number;
  /** Chunks the engine acknowledged as durable. */
  durable: number;
  /** Bytes acknowledged. */
  bytes: number;
  failed: boolean;
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Errors that retrying cannot fix: the segment is gone or the request itself is wrong. (BUSY is retried.) */
function isFatal(error: AppErrorData): boolean {
  return error.code === 'CONFLICT' || error.code === 'NOT_FOUND' || error.code === 'ILLEGAL_TRANSITION' || error.code === 'PAYLOAD_TOO_LARGE' || error.code === 'DISK_FULL';
}

export class ChunkUploader {
  private nextSeq = 0;
  private tail: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private waiting: Array<() => void> = [];
  private readonly stats: UploaderStats = { queued: 0, durable: 0, bytes: 0, failed: false };
  private readonly maxInFlight: number;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ChunkUploaderOptions) {
    this.maxInFlight = options.maxInFlight ?? MAX_CHUNKS_IN_FLIGHT;
    this.maxAttempts = options.maxAttempts ?? 12;
    this.sleep = options.sleep ?? sleepMs;
  }

  getStats(): UploaderStats {
    return { ...this.stats };
  }

  /** Chunks queued but not yet durable. */
  pending(): number {
    return this.stats.queued - this.stats.durable;
  }

  /** Queues the next chunk; its bytes may still be loading (Blob.arrayBuffer()). */
  push(bytes: Promise<ArrayBuffer | Bytes> | ArrayBuffer | Bytes): void {
    const seq = this.nextSeq++;
    this.stats.queued++;
    const previous = this.tail;
    const loaded = Promise.resolve(bytes).then((b): Bytes => (b instanceof Uint8Array ? b : new Uint8Array(b)));
    // The first attempt is sent in order as soon as a slot is free; the chunk is settled only after the
    // one before it, so `tail` resolving means everything up to here is durable (or given up).
    const done = (async () => {
      const data = await loaded;
      await this.acquireSlot(seq);
      let result: Result<unknown>;
      try {
        result = await this.attempt(seq, data);
      } finally {
        this.releaseSlot();
      }
      for (let attempt = 1; !result.ok && !this.stats.failed; attempt++) {
        if (isFatal(result.error) || attempt >= this.maxAttempts) {
          this.fail(result.error, seq);
          break;
        }
        await previous; // an earlier failure makes later chunks fail too: retry in order
        await this.sleep(Math.min(2000, 100 * 2 ** attempt));
        // A retry takes a slot like a first attempt, so the engine never sees more than the limit.
        await this.acquireRetrySlot();
        try {
          result = await this.attempt(seq, data);
        } finally {
          this.releaseSlot();
        }
      }
      await previous;
      if (result.ok) {
        this.stats.durable++;
        this.stats.bytes += data.byteLength;
      }
    })().catch(() => undefined);
    this.tail = done;
  }

  /** Resolves once every queued chunk is durable or given up. */
  async drain(): Promise<UploaderStats> {
    let seen: Promise<void> | null = null;
    while (seen !== this.tail) {
      seen = this.tail;
      await seen;
    }
    return this.getStats();
  }

  private async attempt(seq: number, data: Bytes): Promise<Result<unknown>> {
    if (this.stats.failed) return { ok: false, error: { code: 'CONFLICT', message: 'an earlier chunk failed' } };
    try {
      return await this.options.send(seq, data);
    } catch (error) {
      return { ok: false, error: { code: 'IO_ERROR', message: (error as Error).message } };
    }
  }

  private sent = -1;
  private async acquireSlot(seq: number): Promise<void> {
    // Keep first attempts in order: wait until the previous chunk has been *sent* (not settled).
    while (this.sent !== seq - 1 || this.inFlight >= this.maxInFlight) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.stats.failed) break;
    }
    this.inFlight++;
    this.sent = seq;
    this.wake();
  }

  private async acquireRetrySlot(): Promise<void> {
    while (this.inFlight >= this.maxInFlight && !this.stats.failed) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight++;
  }

  private releaseSlot(): void {
    this.inFlight--;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiting;
    this.waiting = [];
    for (const resolve of waiters) resolve();
  }

  private fail(error: AppErrorData, seq: number): void {
    if (this.stats.failed) return;
    this.stats.failed = true;
    this.wake();
    this.options.onFatal?.(error, seq);
  }
}
