import { describe, expect, it } from 'vitest';
import { EventRegistry } from './event-registry';

describe('EventRegistry', () => {
  it('delivers contract events to their listeners until they unsubscribe, and drops unknown ones', () => {
    const registry = new EventRegistry();
    const seen: unknown[] = [];
    const off = registry.subscribe('recording.updated', (payload) => seen.push(payload));
    registry.dispatch('recording.updated', { id: 1 });
    registry.dispatch('no.such.event', { id: 2 });
    registry.dispatch({ toString: () => 'recording.updated' }, { id: 3 });
    off();
    registry.dispatch('recording.updated', { id: 4 });
    expect(seen).toEqual([{ id: 1 }]);
  });
});
