import { describe, expect, it } from 'vitest';
import { createSemaphore, createThrottle } from './throttle';

describe('semaphore', () => {
  it('never lets more than the limit run, and honours a lowered limit', async () => {
    const sem = createSemaphore(2);
    let running = 0;
    let peak = 0;
    const job = async () => {
      const release = await sem.acquire();
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      release();
    };
    await Promise.all(Array.from({ length: 10 }, job));
    expect(peak).toBe(2);
    sem.setLimit(1);
    peak = 0;
    await Promise.all(Array.from({ length: 5 }, job));
    expect(peak).toBe(1);
  });

  it('gives up waiting when aborted', async () => {
    const sem = createSemaphore(1);
    const hold = await sem.acquire();
    const controller = new AbortController();
    const waiting = sem.acquire(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    hold();
    const again = await sem.acquire();
    again();
  });
});

describe('bandwidth throttle', () => {
  it('is free when unlimited', async () => {
    const t = createThrottle(0);
    const started = Date.now();
    await t.take(1e9);
    expect(Date.now() - started).toBeLessThan(20);
  });

  it('spreads bytes over time at the configured rate', async () => {
    const t = createThrottle(1_000_000);
    const started = Date.now();
    for (let i = 0; i < 4; i++) await t.take(500_000);
    // 2 MB at 1 MB/s with a 1-second bucket: about one second of waiting.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
