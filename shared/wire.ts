// The web shell's framing of the contract over a WebSocket. Electron IPC structured-clones payloads;
// JSON cannot carry bytes, so Uint8Array travels as {"$bytes": base64} and is restored on arrival.
import { z } from 'zod';
import { decodeBase64, encodeBase64 } from './base64';
import { AppErrorSchema } from './errors';

export const ClientFrameSchema = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  payload: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export const ServerFrameSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('res'),
    id: z.number().int().nonnegative().nullable(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: AppErrorSchema }),
    ]),
  }),
  z.object({ t: z.literal('evt'), event: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

export function encodeFrame(frame: unknown): string {
  return JSON.stringify(frame, (_key, value: unknown) =>
    value instanceof Uint8Array ? { $bytes: encodeBase64(value) } : value,
  );
}

export function decodeFrame(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const bytes = (value as { $bytes?: unknown }).$bytes;
      if (typeof bytes === 'string' && Object.keys(value).length === 1) return decodeBase64(bytes);
    }
    return value;
  });
}
