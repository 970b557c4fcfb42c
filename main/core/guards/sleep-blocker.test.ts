import { describe, expect, it } from 'vitest';
import { createRefCountedSleepBlocker, noopSleepBlocker, type SleepBackend } from './sleep-blocker';

function recordingBackend() {
  const calls: string[] = [];
  let next = 100;
  const backend: SleepBackend<number> = {
    start: () => {
      calls.push(`start:${next}`);
      return next++;
    },
    stop: (id) => {
      calls.push(`stop:${id}`);
    },
  };
  return { backend, calls };
}

describe('sleep blocker', () => {
  it('the no-op blocker hands out harmless releases', () => {
    const release = noopSleepBlocker.acquire('recording rec-1');
    expect(() => {
      release();
      release();
    }).not.toThrow();
  });

  it('holds one OS blocker while any holder remains, and releases it with the last', () => {
    const { backend, calls } = recordingBackend();
    const blocker = createRefCountedSleepBlocker(backend);
    const a = blocker.acquire('recording rec-1');
    const b = blocker.acquire('delivery rec-0');
    expect(calls).toEqual(['start:100']);
    expect(blocker.holders()).toEqual(['recording rec-1', 'delivery rec-0']);
    a();
    a(); // releasing twice does not release someone else's hold
    expect(blocker.active).toBe(true);
    expect(calls).toEqual(['start:100']);
    b();
    expect(calls).toEqual(['start:100', 'stop:100']);
    expect(blocker.active).toBe(false);
    blocker.acquire('recording rec-2');
    expect(calls).toEqual(['start:100', 'stop:100', 'start:101']);
  });

  it('counts nothing when the OS refuses to start a blocker', () => {
    const blocker = createRefCountedSleepBlocker({
      start: () => {
        throw new Error('not supported');
      },
      stop: () => {},
    });
    expect(() => blocker.acquire('recording')).toThrow('not supported');
    expect(blocker.holders()).toEqual([]);
    expect(blocker.active).toBe(false);
  });
});
