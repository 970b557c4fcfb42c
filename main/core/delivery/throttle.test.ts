import { describe, expect, it } from 'vitest';
import { createThrottle } from './throttle';

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
