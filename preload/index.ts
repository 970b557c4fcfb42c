// The preload exposes `window.fieldtape`, generated from the contract, and nothing else: no ipcRenderer,
// no generic send. It runs sandboxed, so it is bundled into one file that requires only `electron`.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../shared/api';
import type { Result } from '../shared/errors';
import { EventRegistry } from '../shared/event-registry';
import { EVENT_CHANNEL } from '../shared/ipc-channels';

const events = new EventRegistry();

ipcRenderer.on(EVENT_CHANNEL, (_event, message: { event?: unknown; payload?: unknown }) => events.dispatch(message?.event, message?.payload));

const api = buildApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<Result<unknown>>,
  subscribe: (event, listener) => events.subscribe(event, listener),
});

contextBridge.exposeInMainWorld('fieldtape', api);
