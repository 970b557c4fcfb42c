// Bounded concurrency: at most `limit` holders at once, the rest wait in order (an aborted waiter leaves
// the queue). The engine's uploads share one (delivery concurrency); finalize has its own.
export interface Semaphore {
  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  readonly limit: number;
  setLimit(limit: number): void;
}

export function createSemaphore(initial: number): Semaphore {
  let limit = Math.max(1, Math.floor(initial));
  let used = 0;
  const waiting: Array<() => void> = [];
  const pump = () => {
    while (used < limit && waiting.length > 0) {
      used++;
      waiting.shift()!();
    }
  };
  return {
    get limit() {
      return limit;
    },
    setLimit(next) {
      limit = Math.max(1, Math.floor(next));
      pump();
    },
    acquire(signal) {
      return new Promise((resolve, reject) => {
        let released = false;
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(() => {
            if (released) return;
            released = true;
            used--;
            pump();
          });
        };
        const onAbort = () => {
          const at = waiting.indexOf(grant);
          if (at >= 0) waiting.splice(at, 1);
          reject(signal!.reason);
        };
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(grant);
        pump();
      });
    },
  };
}
