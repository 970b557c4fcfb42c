// The engine's outbound events. Payloads are validated against the contract before they leave, so a
// host never forwards something the renderer's schema would reject.
import { EVENTS, type EventName, type EventPayload } from '../../shared/contract';

type Listener = (event: EventName, payload: unknown) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(listener: Listener): () => void;
}

export function createEventBus(onInvalid: (event: EventName, message: string) => void): EventBus {
  const listeners = new Set<Listener>();
  return {
    emit(event, payload) {
      const parsed = EVENTS[event].safeParse(payload);
      if (!parsed.success) {
        onInvalid(event, parsed.error.message);
        return;
      }
      for (const listener of listeners) listener(event, parsed.data);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
