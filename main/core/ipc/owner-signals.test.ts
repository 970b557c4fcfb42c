// The IPC bridge's per-window abort signals: one watcher per window however many requests it sends,
// aborted (and forgotten) when the window goes away.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createOwnerSignals } from './owner-signals';

/** Stands in for a WebContents: an emitter whose 'destroyed' fires once. */
const watchDestroyed = (owner: EventEmitter, gone: () => void) => {
  owner.once('destroyed', gone);
  return () => owner.off('destroyed', gone);
};

describe('owner signals', () => {
  it('adds one listener per owner for any number of requests, and aborts all of them when the owner is destroyed', () => {
    const signals = createOwnerSignals(watchDestroyed);
    const window = new EventEmitter();
    const requests = Array.from({ length: 1000 }, () => signals.signalFor(window));
    expect(window.listenerCount('destroyed')).toBe(1);
    expect(new Set(requests).size).toBe(1);
    expect(requests[0]!.aborted).toBe(false);
    window.emit('destroyed');
    expect(requests[0]!.aborted).toBe(true);
    expect(signals.size()).toBe(0);
    expect(window.listenerCount('destroyed')).toBe(0);
  });

  it('keeps windows apart, and dispose removes every listener it added', () => {
    const signals = createOwnerSignals(watchDestroyed);
    const a = new EventEmitter();
    const b = new EventEmitter();
    const sa = signals.signalFor(a);
    const sb = signals.signalFor(b);
    a.emit('destroyed');
    expect([sa.aborted, sb.aborted]).toEqual([true, false]);
    signals.dispose();
    expect(b.listenerCount('destroyed')).toBe(0);
    expect(signals.size()).toBe(0);
  });
});
