// The delivery lifecycle as a pure transition function (like recording-state.ts): the service persists
// the new state before acting on it, and an illegal event is rejected with a reason, never ignored.
//   queued ─start→ uploading ─delivered→ delivered
//   uploading ─failed(wait|pause|fail)→ waiting | paused | failed
//   waiting | paused ─start→ uploading           (the scheduled time came, or a nudge pulled it forward)
//   waiting | paused | failed | cancelled ─retry-now→ queued
//   queued | waiting | paused | uploading ─cancel→ cancelled
//   uploading ─interrupted→ queued               (the process that was uploading is gone)
import type { DeliveryState } from '../../../shared/domain/delivery';
import type { AppErrorData } from '../../../shared/errors';
import { canCancelDelivery, canRetryDelivery, DELIVERY_FINISHED } from '../../../shared/domain/lifecycle';

export type DeliveryEvent =
  | { type: 'start'; attempt: number }
  | { type: 'delivered' }
  | { type: 'wait'; until: string; reason: 'retry' | 'slow-down' | 'network'; error: AppErrorData }
  | { type: 'pause'; until: string | null; error: AppErrorData }
  | { type: 'fail'; error: AppErrorData }
  | { type: 'retry-now' }
  | { type: 'cancel' }
  | { type: 'interrupted' };

export type DeliveryTransition = { ok: true; state: DeliveryState } | { ok: false; reason: string };

export const FINISHED: ReadonlySet<string> = new Set(DELIVERY_FINISHED);
export const RUNNABLE = new Set(['queued', 'waiting', 'paused']);

export function transitionDelivery(state: DeliveryState, event: DeliveryEvent, now: string): DeliveryTransition {
  const ok = (next: DeliveryState): DeliveryTransition => ({ ok: true, state: next });
  switch (event.type) {
    case 'start':
      if (RUNNABLE.has(state.status)) return ok({ status: 'uploading', since: now, attempt: event.attempt });
      break;
    case 'delivered':
      if (state.status === 'uploading') return ok({ status: 'delivered', at: now });
      break;
    case 'wait':
      if (state.status === 'uploading') return ok({ status: 'waiting', until: event.until, reason: event.reason, error: event.error });
      break;
    case 'pause':
      if (state.status === 'uploading') return ok({ status: 'paused', since: now, until: event.until, error: event.error });
      break;
    case 'fail':
      if (state.status === 'uploading' || RUNNABLE.has(state.status)) return ok({ status: 'failed', at: now, error: event.error });
      break;
    case 'retry-now':
      if (canRetryDelivery(state.status)) return ok({ status: 'queued', since: now });
      if (state.status === 'queued') return ok(state);
      break;
    case 'cancel':
      if (canCancelDelivery(state.status)) return ok({ status: 'cancelled', at: now });
      break;
    case 'interrupted':
      if (state.status === 'uploading') return ok({ status: 'queued', since: now });
      break;
  }
  return { ok: false, reason: `cannot ${event.type} a delivery that is ${state.status}` };
}
