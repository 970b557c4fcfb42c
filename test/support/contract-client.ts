// A Node client for the web shell's WebSocket: the same frames the renderer's bridge sends.
import WebSocket from 'ws';
import type { Channel } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { decodeFrame, encodeFrame, ServerFrameSchema } from '../../shared/wire';

export interface ContractClient {
  call<T = unknown>(channel: Channel | string, payload: unknown): Promise<Result<T>>;
  events: Array<{ event: string; payload: unknown }>;
  close(): void;
}

export async function connectContract(port: number, token: string): Promise<ContractClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { maxPayload: 64 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const events: ContractClient['events'] = [];
  ws.on('message', (data) => {
    const frame = ServerFrameSchema.parse(decodeFrame(String(data)));
    if (frame.t === 'evt') events.push({ event: frame.event, payload: frame.payload });
    else if (frame.id !== null) {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    }
  });
  let next = 1;
  return {
    events,
    call<T>(channel: string, payload: unknown) {
      const id = next++;
      return new Promise<Result<T>>((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void);
        ws.send(encodeFrame({ t: 'req', id, channel, payload }));
      });
    },
    close: () => ws.close(),
  };
}
