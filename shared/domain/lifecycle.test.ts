import { describe, expect, it } from 'vitest';
import { DELIVERY_STATUSES } from './delivery';
import { canCancelDelivery, canRetryDelivery, DELIVERY_FINISHED, DELIVERY_PENDING, RECORDING_ACTIVE, RECORDING_OWNED, RECORDING_PROCESSING } from './lifecycle';
import { RECORDING_STATUSES } from './recording';

describe('lifecycle facts', () => {
  it('sorts every delivery status into exactly one of pending and finished', () => {
    // A status added to the machine without a place here fails this test rather than going unshown.
    expect([...DELIVERY_PENDING, ...DELIVERY_FINISHED].sort()).toEqual([...DELIVERY_STATUSES].sort());
  });

  it('offers Cancel for every unfinished delivery and Retry for those not working right now', () => {
    expect(DELIVERY_STATUSES.filter(canCancelDelivery)).toEqual(['queued', 'uploading', 'waiting', 'paused']);
    expect(DELIVERY_STATUSES.filter(canRetryDelivery)).toEqual(['waiting', 'paused', 'failed', 'cancelled']);
  });

  it('names only real recording states, and owned = active + processing', () => {
    for (const state of RECORDING_OWNED) expect(RECORDING_STATUSES).toContain(state);
    expect(RECORDING_OWNED).toEqual([...RECORDING_ACTIVE, ...RECORDING_PROCESSING]);
    expect(RECORDING_OWNED).not.toContain('interrupted');
    expect(RECORDING_OWNED).not.toContain('ready');
  });
});
