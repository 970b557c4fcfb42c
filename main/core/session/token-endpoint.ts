// Asks the profile's token endpoint for a session: POST {room, identity} → {url, token[, e2eeKey]}. Done in the
// engine, so the renderer's CSP need not allow arbitrary origins and the endpoint needs no CORS.
// While the host records, the app also asks POST {room, identity, recorder: true}: the endpoint should
// answer with a token for a hidden participant holding LiveKit's `recorder` grant (docs/sessions.md).
import { checkSessionUrl } from '../../../shared/deep-link';
import { checkE2eeKey } from '../../../shared/e2ee-key';
import { AppError } from '../../../shared/errors';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface TokenRequest {
  room: string;
  identity: string;
  recorder?: boolean;
}

export async function requestSessionToken(
  endpoint: string | null,
  body: TokenRequest,
  options: { fetch?: typeof fetch; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<{ url: string; token: string; e2eeKey?: string }> {
  if (!endpoint) {
    throw new AppError('NOT_FOUND', 'This profile has no token endpoint. Paste an invite link instead, or set the endpoint under Session profile.');
  }
  const doFetch = options.fetch ?? fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await doFetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    const why = timeout.aborted ? 'it did not answer within 10 s' : (error as Error).message;
    throw new AppError('IO_ERROR', `The token endpoint ${origin(endpoint)} could not be reached (${why}). Check the address and your network.`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new AppError('UNAUTHORIZED', `The token endpoint refused to issue a token for room "${body.room}" (HTTP ${response.status}).`);
  }
  if (!response.ok) {
    throw new AppError('IO_ERROR', `The token endpoint answered HTTP ${response.status}; try again or ask whoever runs it.`);
  }
  let reply: Record<string, unknown>;
  try {
    reply = (await response.json()) as Record<string, unknown>;
  } catch {
    throw new AppError('INVALID_REQUEST', 'The token endpoint did not answer with JSON.');
  }
  // {url, token} is ours; {serverUrl, participantToken} is LiveKit's own token-server shape.
  const url = typeof reply.url === 'string' ? reply.url : typeof reply.serverUrl === 'string' ? reply.serverUrl : null;
  const token = typeof reply.token === 'string' ? reply.token : typeof reply.participantToken === 'string' ? reply.participantToken : null;
  if (!url || !token) throw new AppError('INVALID_REQUEST', 'The token endpoint answered without a url and token.');
  const checked = checkSessionUrl(url);
  if (!checked.ok) throw new AppError('INVALID_REQUEST', `The token endpoint gave an unusable session address: ${checked.message}`);
  if (!JWT_SHAPE.test(token)) throw new AppError('INVALID_REQUEST', 'The token endpoint gave a token that is not a LiveKit access token.');
  // An end-to-end encrypted session: the key every participant encrypts with (never logged or stored).
  const e2eeKey = reply.e2eeKey;
  if (e2eeKey === undefined || e2eeKey === null) return { url, token };
  const key = typeof e2eeKey === 'string' ? checkE2eeKey(e2eeKey) : { ok: false as const, message: 'The encryption key is not text.' };
  if (!key.ok) throw new AppError('INVALID_REQUEST', `The token endpoint gave an unusable end-to-end encryption key: ${key.message}`);
  return { url, token, e2eeKey: e2eeKey as string };
}

function origin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return 'address';
  }
}
