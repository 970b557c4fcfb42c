import { describe, expect, it } from 'vitest';
import type { DeliveryState } from '../../../shared/domain/delivery';
import { transitionDelivery, type DeliveryEvent } from './delivery-state';

const now = '2026-01-01T00:00:00.000Z';
const error = { code: 'IO_ERROR' as const, message: 'reset' };
const run = (state: DeliveryState, ...events: DeliveryEvent[]) =>
  events.reduce<DeliveryState>((s, e) => {
    const r = transitionDelivery(s, e, now);
    if (!r.ok) throw new Error(r.reason);
    return r.state;
  }, state);

describe('delivery state machine', () => {
  const queued: DeliveryState = { status: 'queued', since: now };

  it('goes queued → uploading → delivered', () => {
    expect(run(queued, { type: 'start', attempt: 1 }, { type: 'delivered' })).toEqual({ status: 'delivered', at: now });
  });

  it('waits after a failure and starts again when the time comes', () => {
    const waiting = run(queued, { type: 'start', attempt: 1 }, { type: 'wait', until: 'later', reason: 'retry', error });
    expect(waiting).toMatchObject({ status: 'waiting', until: 'later', error });
    expect(run(waiting, { type: 'start', attempt: 2 })).toMatchObject({ status: 'uploading', attempt: 2 });
  });

  it('pauses on refused credentials; retry-now queues it', () => {
    const paused = run(queued, { type: 'start', attempt: 1 }, { type: 'pause', until: null, error });
    expect(paused.status).toBe('paused');
    expect(run(paused, { type: 'retry-now' }).status).toBe('queued');
  });

  it('revives a failed or cancelled delivery only by retry-now', () => {
    const failed = run(queued, { type: 'start', attempt: 1 }, { type: 'fail', error });
    expect(transitionDelivery(failed, { type: 'start', attempt: 2 }, now)).toEqual({ ok: false, reason: 'cannot start a delivery that is failed' });
    expect(run(failed, { type: 'retry-now' }).status).toBe('queued');
    const cancelled = run(queued, { type: 'cancel' });
    expect(run(cancelled, { type: 'retry-now' }).status).toBe('queued');
  });

  it('rejects illegal events instead of ignoring them', () => {
    const delivered = run(queued, { type: 'start', attempt: 1 }, { type: 'delivered' });
    for (const event of [{ type: 'cancel' }, { type: 'retry-now' }, { type: 'start', attempt: 2 }, { type: 'delivered' }] as DeliveryEvent[]) {
      expect(transitionDelivery(delivered, event, now).ok).toBe(false);
    }
    expect(transitionDelivery(queued, { type: 'delivered' }, now).ok).toBe(false);
  });

  it('puts an upload whose process died back in the queue', () => {
    expect(run(queued, { type: 'start', attempt: 1 }, { type: 'interrupted' }).status).toBe('queued');
  });
});
