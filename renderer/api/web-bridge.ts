// In the web shell there is no preload: this builds the same `FieldtapeApi` over the shell's WebSocket,
// using the access token the shell printed in the page URL.
import { buildApi, type FieldtapeApi } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { EventRegistry } from '../../shared/event-registry';
import { decodeFrame, encodeFrame, ServerFrameSchema } from '../../shared/wire';

export function connectWebBridge(location: Location): FieldtapeApi {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const events = new EventRegistry();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opening: Promise<WebSocket> | null = null;

  const failAll = (message: string) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'UNAUTHORIZED', message } });
    pending.clear();
  };

  function open(): Promise<WebSocket> {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    opening ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(socketUrl);
      ws.onopen = () => {
        socket = ws;
        opening = null;
        resolve(ws);
      };
      ws.onerror = () => {
        opening = null;
        reject(new Error('The Fieldtape web shell refused the connection: open the exact URL it printed (with its token).'));
      };
      ws.onclose = () => {
        socket = null;
        failAll('The connection to the Fieldtape web shell closed.');
      };
      ws.onmessage = (message) => {
        const frame = ServerFrameSchema.safeParse(decodeFrame(String(message.data)));
        if (!frame.success) return;
        if (frame.data.t === 'res') {
          if (frame.data.id === null) return;
          pending.get(frame.data.id)?.(frame.data.result);
          pending.delete(frame.data.id);
        } else {
          events.dispatch(frame.data.event, frame.data.payload);
        }
      };
    });
    return opening;
  }

  return buildApi({
    async invoke(channel, payload) {
      let ws: WebSocket;
      try {
        ws = await open();
      } catch (error) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: (error as Error).message } };
      }
      const id = nextId++;
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve);
        ws.send(encodeFrame({ t: 'req', id, channel, payload }));
      });
    },
    subscribe(event, listener) {
      void open().catch(() => undefined);
      return events.subscribe(event, listener);
    },
  });
}
