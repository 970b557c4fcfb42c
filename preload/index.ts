// The preload exposes `window.fieldtape`, generated from the contract, and nothing else: no ipcRenderer,
// no generic send. It runs sandboxed, so it is bundled into one file that requires only `electron`.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../shared/api';
import { isEventName, type EventName } from '../shared/contract';
import type { Result } from '../shared/errors';
import { EVENT_CHANNEL } from '../shared/ipc-channels';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, message: { event?: unknown; payload?: unknown }) => {
  if (!isEventName(message?.event)) return;
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
});

const api = buildApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<Result<unknown>>,
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
});

contextBridge.exposeInMainWorld('fieldtape', api);
