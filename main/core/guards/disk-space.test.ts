import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { assertFreeSpace, createDiskWatcher, formatMb, freeBytes } from './disk-space';

const MB = 1_000_000;

describe('disk guard: pure logic', () => {
  it('formats sizes in MB', () => {
    expect(formatMb(52_428_800)).toBe('52.4 MB');
    expect(formatMb(0)).toBe('0.0 MB');
  });

  it('fires onLow once per low spell, reports recovery, and treats an unreadable disk as full', () => {
    let free = 10 * MB;
    const lows: number[] = [];
    const recovered: number[] = [];
    const watcher = createDiskWatcher({
      dir: '/nowhere',
      minBytes: 5 * MB,
      intervalMs: 1000,
      onLow: (bytes) => lows.push(bytes),
      onRecovered: (bytes) => recovered.push(bytes),
      measure: () => {
        if (free < 0) throw new Error('EIO');
        return free;
      },
    });
    watcher.check();
    free = 4 * MB;
    watcher.check();
    watcher.check();
    free = 6 * MB;
    watcher.check();
    free = -1;
    expect(watcher.check()).toBe(0);
    expect(lows).toEqual([4 * MB, 0]);
    expect(recovered).toEqual([6 * MB]);
  });

  it('hands read errors to onError when given one', () => {
    const errors: unknown[] = [];
    const lows: number[] = [];
    const watcher = createDiskWatcher({
      dir: '/nowhere',
      minBytes: MB,
      intervalMs: 1000,
      onLow: (b) => lows.push(b),
      onError: (e) => errors.push(e),
      measure: () => {
        throw new Error('EIO');
      },
    });
    watcher.check();
    expect(errors).toHaveLength(1);
    expect(lows).toEqual([]);
  });

  it('measures a folder that does not exist yet on the disk it will be created on', () => {
    const missing = path.join(os.tmpdir(), `fieldtape-not-yet-${process.pid}`, 'recordings', 'r1');
    expect(freeBytes(missing)).toBe(freeBytes(os.tmpdir()));
  });
});

// A real, small filesystem. Needs Linux and root (sessions and CI run as root); skipped elsewhere.
const canMount = process.platform === 'linux' && process.getuid?.() === 0;

describe.skipIf(!canMount)('disk guard on a real 5 MB tmpfs', () => {
  let mountPoint = '';
  const fillers: string[] = [];

  beforeAll(() => {
    mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=5m', 'tmpfs', mountPoint]);
  });

  afterEach(() => {
    for (const file of fillers.splice(0)) fs.rmSync(file, { force: true });
  });

  afterAll(() => {
    if (!mountPoint) return;
    try {
      execFileSync('umount', [mountPoint]);
    } finally {
      fs.rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  /** Writes `bytes` of zeros (tmpfs allocates them for real) and returns the file. */
  function fill(bytes: number): string {
    const file = path.join(mountPoint, `filler-${fillers.length}`);
    fs.writeFileSync(file, Buffer.alloc(bytes));
    fillers.push(file);
    return file;
  }

  it('reports the free space of the mounted filesystem', () => {
    const before = freeBytes(mountPoint);
    expect(before).toBeGreaterThan(5 * MB - 100_000);
    expect(before).toBeLessThanOrEqual(5 * 1024 * 1024);
    fill(2 * MB);
    expect(before - freeBytes(mountPoint)).toBeGreaterThanOrEqual(2 * MB);
  });

  it('throws DISK_FULL with the numbers in MB and what to do once the disk is nearly full', () => {
    expect(assertFreeSpace(mountPoint, 2 * MB)).toBeGreaterThanOrEqual(2 * MB);
    fill(4_500_000);
    let error: unknown;
    try {
      assertFreeSpace(mountPoint, 2 * MB);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('DISK_FULL');
    expect(appError.message).toMatch(/^Not enough disk space: 0\.\d MB free on the disk holding .*fieldtape-tmpfs-.*, Fieldtape needs at least 2\.0 MB/);
    expect(appError.message).toMatch(/Free up space .*FIELDTAPE_HOME/);
  });

  it('fires the watcher when the disk fills up while it runs, and reports recovery', async () => {
    const lows: number[] = [];
    const recovered: number[] = [];
    const watcher = createDiskWatcher({
      dir: path.join(mountPoint, 'recordings'), // not created yet: measured at the mount point
      minBytes: 2 * MB,
      intervalMs: 20,
      onLow: (bytes) => lows.push(bytes),
      onRecovered: (bytes) => recovered.push(bytes),
    });
    watcher.start();
    try {
      expect(watcher.running).toBe(true);
      await sleep(60);
      expect(lows).toEqual([]);
      const big = fill(4_000_000);
      await waitFor(() => lows.length > 0);
      expect(lows[0]).toBeLessThan(2 * MB);
      await sleep(60);
      expect(lows).toHaveLength(1); // once per low spell, not on every tick
      fs.rmSync(big);
      await waitFor(() => recovered.length > 0);
      expect(recovered[0]).toBeGreaterThanOrEqual(2 * MB);
    } finally {
      watcher.stop();
    }
    expect(watcher.running).toBe(false);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
