// An optional bandwidth limit, shared by every upload of the engine (their concurrency: ../semaphore.ts).
import { Readable } from 'node:stream';

export interface Throttle {
  /** Waits until `bytes` may be sent under the limit; returns at once when there is none. */
  take(bytes: number, signal?: AbortSignal): Promise<void>;
  /** Bytes per second; 0 means unlimited. */
  setRate(bytesPerSecond: number): void;
  readonly rate: number;
}

/** A token bucket holding at most one second of tokens, so a pause does not turn into a burst. */
export function createThrottle(bytesPerSecond: number, now: () => number = () => Date.now()): Throttle {
  let rate = Math.max(0, bytesPerSecond);
  let tokens = rate;
  let last = now();
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const t = now();
    tokens = Math.min(rate, tokens + ((t - last) / 1000) * rate);
    last = t;
  };
  return {
    get rate() {
      return rate;
    },
    setRate(next) {
      rate = Math.max(0, next);
      tokens = Math.min(tokens, rate);
    },
    take(bytes, signal) {
      if (rate === 0) return Promise.resolve();
      // One waiter at a time, in order, so a big request cannot starve the small ones forever.
      const turn = queue.then(async () => {
        refill();
        tokens -= bytes;
        if (tokens < 0) {
          signal?.throwIfAborted();
          await sleep((-tokens / rate) * 1000, signal);
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const SLICE = 64 * 1024;

/** A request body that releases `data` no faster than the throttle allows. */
export function throttledBody(data: Buffer, throttle: Throttle, signal?: AbortSignal): Readable | Buffer {
  if (throttle.rate === 0) return data;
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      const slice = data.subarray(offset, Math.min(offset + SLICE, data.length));
      offset += slice.length;
      throttle.take(slice.length, signal).then(
        () => this.push(slice),
        (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
}
