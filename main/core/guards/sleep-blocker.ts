// Keeping the machine awake while something must not be interrupted (a recording, a delivery). The
// engine only knows this interface; the Electron shell plugs in powerSaveBlocker, the CLI and the web
// shell use the no-op. Reference-counted so overlapping work (two recordings, a recording and an
// upload) holds one OS blocker, released when the last holder lets go.

export interface SleepBlocker {
  /** Keeps the system awake until the returned release function is called (calling it twice is harmless). */
  acquire(reason: string): () => void;
}

/** What an OS provides: start a blocker, get a handle, stop it by that handle (Electron: powerSaveBlocker). */
export interface SleepBackend<Handle = unknown> {
  start(): Handle;
  stop(handle: Handle): void;
}

export const noopSleepBlocker: SleepBlocker = {
  acquire: () => () => {},
};

export interface RefCountedSleepBlocker extends SleepBlocker {
  /** Reasons currently holding the blocker, oldest first (for diagnostics). */
  holders(): string[];
  readonly active: boolean;
}

export function createRefCountedSleepBlocker<Handle>(backend: SleepBackend<Handle>): RefCountedSleepBlocker {
  const holders = new Map<number, string>();
  let nextId = 1;
  let handle: { value: Handle } | null = null;

  return {
    acquire(reason) {
      if (holders.size === 0 && !handle) {
        handle = { value: backend.start() }; // throws before anything is counted
      }
      const id = nextId++;
      holders.set(id, reason);
      return () => {
        if (!holders.delete(id)) return;
        if (holders.size === 0 && handle) {
          const current = handle.value;
          handle = null;
          backend.stop(current);
        }
      };
    },
    holders: () => [...holders.values()],
    get active() {
      return handle !== null;
    },
  };
}
