import { describe, expect, it } from 'vitest';
import { createSemaphore } from './semaphore';

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
