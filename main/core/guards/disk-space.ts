// Free-space guard for the folders Fieldtape writes recordings into. Checked before a recording starts
// (assertFreeSpace) and watched while it runs (createDiskWatcher), so the engine can stop cleanly with
// everything written so far durable, instead of failing mid-chunk on ENOSPC.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

/**
 * Bytes available to this process on the filesystem holding `dir` (f_bavail: excludes blocks reserved
 * for root, so it is what a normal user could still write). A folder that does not exist yet is
 * measured at its nearest existing parent, i.e. the disk it will be created on.
 */
export function freeBytes(dir: string): number {
  const stats = fs.statfsSync(existingAncestor(path.resolve(dir)));
  return stats.bavail * stats.bsize;
}

/** Throws DISK_FULL unless at least `minBytes` are free where `dir` lives; returns the free bytes. */
export function assertFreeSpace(dir: string, minBytes: number, measure: (dir: string) => number = freeBytes): number {
  const free = measure(dir);
  if (free < minBytes) {
    throw new AppError(
      'DISK_FULL',
      `Not enough disk space: ${formatMb(free)} free on the disk holding ${dir}, Fieldtape needs at least ` +
        `${formatMb(minBytes)} to record safely. Free up space on that disk (for example delete delivered ` +
        'recordings or other large files), or move the data folder to a disk with more room (FIELDTAPE_HOME).',
      `free=${free} min=${minBytes}`,
    );
  }
  return free;
}

export interface DiskWatcherOptions {
  dir: string;
  minBytes: number;
  intervalMs: number;
  /** Called when free space drops below minBytes; again only after it has recovered in between. */
  onLow(freeBytes: number): void;
  /** Called when free space is back at or above minBytes after a low report. */
  onRecovered?(freeBytes: number): void;
  /**
   * The free space could not be read (e.g. the volume was unplugged). Without this handler the watcher
   * treats that as 0 bytes free: when in doubt, stop writing.
   */
  onError?(error: unknown): void;
  /** Injected measure; defaults to freeBytes. */
  measure?(dir: string): number;
}

export interface DiskWatcher {
  /** Checks at once, then every intervalMs. Starting a running watcher does nothing. */
  start(): void;
  stop(): void;
  /** One check now; returns the free bytes measured (0 when unreadable). */
  check(): number;
  readonly running: boolean;
}

export function createDiskWatcher(options: DiskWatcherOptions): DiskWatcher {
  const measure = options.measure ?? freeBytes;
  let timer: NodeJS.Timeout | null = null;
  let low = false;

  function check(): number {
    let free: number;
    try {
      free = measure(options.dir);
    } catch (error) {
      if (options.onError) {
        options.onError(error);
        return 0;
      }
      free = 0;
    }
    if (free < options.minBytes) {
      if (!low) {
        low = true;
        options.onLow(free);
      }
    } else if (low) {
      low = false;
      options.onRecovered?.(free);
    }
    return free;
  }

  return {
    start() {
      if (timer) return;
      timer = setInterval(check, options.intervalMs);
      // The watcher guards work in progress; it must not be what keeps a finished process alive.
      timer.unref();
      check();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      low = false;
    },
    check,
    get running() {
      return timer !== null;
    },
  };
}

export function formatMb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function existingAncestor(dir: string): string {
  let current = dir;
  while (!fs.existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}
