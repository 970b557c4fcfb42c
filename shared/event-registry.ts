// Who listens to which engine event, on the page's side of either bridge (the Electron preload and the
// web shell's WebSocket bridge). Events that the contract does not name are dropped here, once for both.
import { isEventName, type EventName } from './contract';

export type EventListener = (payload: unknown) => void;

export class EventRegistry {
  private readonly listeners = new Map<EventName, Set<EventListener>>();

  subscribe(event: EventName, listener: EventListener): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  /** Delivers an event that arrived from the engine; anything that is not a contract event is ignored. */
  dispatch(event: unknown, payload: unknown): void {
    if (!isEventName(event)) return;
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}
