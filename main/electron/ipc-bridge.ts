// Adapts the engine's router to Electron IPC: one ipcMain.handle per contract channel, each checking
// that the sender is a frame of our own app origin before the router validates the payload. A request's
// signal aborts when its window is destroyed: one shared signal and ONE 'destroyed' listener per window.
import { ipcMain, webContents, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS } from '../../shared/contract';
import { EVENT_CHANNEL } from '../../shared/ipc-channels';
import { createOwnerSignals } from '../core/ipc/owner-signals';
import type { Engine } from '../engine';
import { isAppUrl } from './app-origin';

export function bridgeEngineToIpc(engine: Engine): () => void {
  const signals = createOwnerSignals<WebContents>((contents, gone) => {
    contents.once('destroyed', gone);
    return () => contents.off('destroyed', gone);
  });
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event)) {
        engine.log.warn('ipc refused: untrusted sender frame', { channel });
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'This request did not come from the Fieldtape window.' } };
      }
      return engine.dispatch(channel, payload, { host: 'electron', signal: signals.signalFor(event.sender), senderId: event.sender.id });
    });
  }
  const unsubscribe = engine.events.subscribe((event, payload) => {
    for (const contents of webContents.getAllWebContents()) {
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(EVENT_CHANNEL, { event, payload });
    }
  });
  return () => {
    unsubscribe();
    signals.dispose();
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}
