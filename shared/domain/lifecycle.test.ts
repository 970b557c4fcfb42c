import { describe, expect, it } from 'vitest';
import { DELIVERY_STATUSES, type DeliveryStatus } from './delivery';
import {
  canCancelDelivery,
  canRetryDelivery,
  DELIVERY_FINISHED,
  DELIVERY_PENDING,
  DELIVERY_RETRYABLE,
  DELIVERY_WORKING,
  RECORDING_ACTIVE,
  RECORDING_OWNED,
  RECORDING_PROCESSING,
} from './lifecycle';
import { RECORDING_STATUSES, type RecordingStatus } from './recording';

// Compile-time: every list names only states of its machine (tsc -b fails on a misspelt or removed one).
// They live here, not in lifecycle.ts, so that lifecycle.ts imports nothing and recording.ts can use it.
RECORDING_ACTIVE satisfies readonly RecordingStatus[];
RECORDING_PROCESSING satisfies readonly RecordingStatus[];
DELIVERY_WORKING satisfies readonly DeliveryStatus[];
DELIVERY_PENDING satisfies readonly DeliveryStatus[];
DELIVERY_FINISHED satisfies readonly DeliveryStatus[];
DELIVERY_RETRYABLE satisfies readonly DeliveryStatus[];

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
