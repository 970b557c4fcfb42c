// The door every request comes through, in every host. It checks, in order: the channel exists, the
// payload is within the channel's size limit, and it matches the channel's schema. Only then does a
// handler run. Whatever happens, the caller gets a Result; stacks go to the log, never over the wire.
import { z } from 'zod';
import { REQUESTS, isChannel, type Channel, type ReplyOf } from '../../../shared/contract';
import { AppError, type Result } from '../../../shared/errors';
import { exceedsByteLimit } from '../../../shared/payload-size';
import { toAppError } from '../errors-map';
import type { Logger } from '../log';

export interface CallContext {
  host: 'electron' | 'web' | 'cli';
  /** Aborted when the caller goes away (window closed, socket dropped). */
  signal: AbortSignal;
  /** Electron: the calling window's webContents id, for per-window state (the screen it chose to capture). */
  senderId?: number;
}

export type Handlers = {
  [C in Channel]: (
    request: z.output<(typeof REQUESTS)[C]['request']>,
    context: CallContext,
  ) => Promise<ReplyOf<C>> | ReplyOf<C>;
};

export type Dispatch = (channel: unknown, payload: unknown, context: CallContext) => Promise<Result<unknown>>;

export function createRouter(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, payload, context) => {
    if (!isChannel(channel)) {
      return fail('UNKNOWN_CHANNEL', `Unknown request channel ${describe(channel)}.`);
    }
    const spec = REQUESTS[channel];
    if (exceedsByteLimit(payload, spec.maxBytes)) {
      log.warn('request refused: too large', { channel, limit: spec.maxBytes });
      return fail('PAYLOAD_TOO_LARGE', `The ${channel} request is larger than its ${spec.maxBytes}-byte limit.`);
    }
    const parsed = spec.request.safeParse(payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`);
      return fail('INVALID_REQUEST', `Malformed ${channel} request: ${issues.join('; ')}`);
    }
    try {
      const handler = handlers[channel] as (request: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, context);
      const reply = spec.reply.safeParse(value);
      if (!reply.success) {
        log.error('handler produced a reply outside the contract', { channel, issues: reply.error.message });
        return fail('INTERNAL', `Fieldtape produced an invalid ${channel} reply; see the log.`);
      }
      return { ok: true, value: reply.data };
    } catch (error) {
      const known = toAppError(error, `handling ${channel}`);
      if (known) return { ok: false, error: known.toData() };
      log.error('handler failed', { channel, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return fail('INTERNAL', `Fieldtape could not complete ${channel}; the details are in the log.`);
    }
  };
}

function fail(code: AppError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value.slice(0, 64)}"` : `of type ${typeof value}`;
}
