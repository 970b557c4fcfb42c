// Builds the `window.fieldtape` object from the contract: one function per channel, grouped by domain
// (`settings.get` becomes `api.settings.get(request)`), plus `on(event, listener)`. The Electron preload
// and the web shell's bridge both call this with their own transport, so their shapes cannot drift.
import type { Result } from './errors';
import { CHANNELS, type Channel, type EventName, type EventPayload, type ReplyOf, type RequestOf } from './contract';

export interface Transport {
  invoke(channel: Channel, payload: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

type DomainOf<C extends string> = C extends `${infer D}.${string}` ? D : never;
type Domains = DomainOf<Channel>;

export type FieldtapeApi = {
  [D in Domains]: {
    [C in Channel as C extends `${D}.${infer V}` ? V : never]: (request: RequestOf<C>) => Promise<Result<ReplyOf<C>>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export function buildApi(transport: Transport): FieldtapeApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    const [domain, verb] = channel.split('.') as [string, string];
    const group = (api[domain] ??= {}) as Record<string, unknown>;
    group[verb] = (request: unknown) => transport.invoke(channel, request ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  return api as FieldtapeApi;
}
