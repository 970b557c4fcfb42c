// One AbortSignal per owner (an Electron WebContents), aborted when the owner goes away. Every request
// from the same window shares it, so the IPC bridge adds ONE 'destroyed' listener per window instead of
// one per call (which leaked a listener and an AbortController on every request of a long-lived window).
// The host supplies how to watch an owner; this file needs no Electron.

export interface OwnerSignals<Owner> {
  /** The owner's signal; the first call for an owner starts watching it. */
  signalFor(owner: Owner): AbortSignal;
  /** Owners currently watched (for tests and leak checks). */
  size(): number;
  /** Stops watching every owner (their signals stay as they are). */
  dispose(): void;
}

/** watch(owner, gone) registers `gone` to run once when the owner is gone and returns how to unregister. */
export function createOwnerSignals<Owner>(watch: (owner: Owner, gone: () => void) => () => void): OwnerSignals<Owner> {
  const watched = new Map<Owner, { controller: AbortController; unwatch: () => void }>();
  return {
    signalFor(owner) {
      const existing = watched.get(owner);
      if (existing) return existing.controller.signal;
      const controller = new AbortController();
      const entry = {
        controller,
        unwatch: watch(owner, () => {
          watched.delete(owner);
          controller.abort(new Error('The window that sent this request was closed.'));
        }),
      };
      watched.set(owner, entry);
      return controller.signal;
    },
    size: () => watched.size,
    dispose() {
      for (const entry of watched.values()) entry.unwatch();
      watched.clear();
    },
  };
}
