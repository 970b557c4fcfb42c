// Parses `fieldtape://` links. They arrive from outside the app (a browser, a chat message, the OS), so
// the parser accepts only the exact shapes below and explains precisely what is wrong with anything else.
import { checkE2eeKey } from './e2ee-key';

export const DEEP_LINK_MAX_LENGTH = 8192;

export type DeepLink =
  /** e2eeKey: the session is end-to-end encrypted with this key (e2ee-key.ts). */
  | { kind: 'join'; url: string; token: string; e2eeKey?: string }
  | { kind: 'open'; recordingId: string };

export type DeepLinkResult = { ok: true; link: DeepLink } | { ok: false; message: string };

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const RECORDING_ID_SHAPE = /^[A-Za-z0-9_-]{6,64}$/;

export function parseDeepLink(raw: string): DeepLinkResult {
  const text = raw.trim();
  if (text.length === 0) return fail('The link is empty.');
  if (text.length > DEEP_LINK_MAX_LENGTH) return fail(`The link is longer than ${DEEP_LINK_MAX_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('This is not a link. Paste the whole fieldtape://join?… invite.');
  }
  if (url.protocol !== 'fieldtape:') return fail(`Links must start with fieldtape:// (got ${url.protocol}//).`);
  if (url.username || url.password) return fail('The link must not carry a user name or password.');
  // `fieldtape://join?…` parses with host "join"; `fieldtape:join?…` with pathname "join". Accept both.
  const action = (url.hostname || url.pathname.replace(/^\/+/, '')).replace(/\/+$/, '').toLowerCase();
  const params = url.searchParams;
  for (const key of params.keys()) {
    if (params.getAll(key).length > 1) return fail(`The link repeats the "${key}" parameter.`);
  }
  if (action === 'join') {
    const sessionUrl = params.get('url');
    const token = params.get('token');
    if (!sessionUrl) return fail('The invite has no session address (url=…).');
    if (!token) return fail('The invite has no access token (token=…).');
    const checkedUrl = checkSessionUrl(sessionUrl);
    if (!checkedUrl.ok) return checkedUrl;
    if (!JWT_SHAPE.test(token)) return fail('The invite token is malformed: it is not a LiveKit access token.');
    const e2eeKey = params.get('e2ee');
    if (e2eeKey === null) return { ok: true, link: { kind: 'join', url: sessionUrl, token } };
    const checkedKey = checkE2eeKey(e2eeKey);
    if (!checkedKey.ok) return checkedKey;
    return { ok: true, link: { kind: 'join', url: sessionUrl, token, e2eeKey } };
  }
  if (action === 'open') {
    const id = params.get('recording');
    if (!id || !RECORDING_ID_SHAPE.test(id)) return fail('The link names no valid recording (recording=…).');
    return { ok: true, link: { kind: 'open', recordingId: id } };
  }
  return fail(`Unknown link action "${action || '(none)'}": expected join or open.`);
}

export function checkSessionUrl(value: string): { ok: true } | { ok: false; message: string } {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return fail('The session address is not a valid URL.');
  }
  if (!['wss:', 'ws:', 'https:', 'http:'].includes(parsed.protocol)) {
    return fail(`The session address must use wss:// or https:// (got ${parsed.protocol}//).`);
  }
  if (parsed.username || parsed.password) return fail('The session address must not carry credentials.');
  return { ok: true };
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
