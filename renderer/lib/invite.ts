// Everything a user may hand us to join a session — a fieldtape://join link, a session address plus a
// token, or the web shell's ?join=<encoded link> — turned into {url, token} or a message saying what is
// wrong. The token's own expiry is checked here, before any server is asked.
import { checkSessionUrl, parseDeepLink } from '../../shared/deep-link';
import { checkE2eeKey } from '../../shared/e2ee-key';

export interface Invite {
  url: string;
  token: string;
  /** The session is end-to-end encrypted with this key (shared/e2ee-key.ts); absent: not encrypted. */
  e2eeKey?: string;
}

export type InviteResult = { ok: true; invite: Invite; identity: string | null; room: string | null } | { ok: false; message: string };

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface TokenClaims {
  identity: string | null;
  room: string | null;
  name: string | null;
  expiresAt: number | null;
  /** LiveKit's `recorder` grant: while such a participant is in the room, every client sees it as recorded. */
  recorder: boolean;
}

/** Reads a LiveKit token's claims without verifying it (the server does that). */
export function readTokenClaims(token: string): TokenClaims | null {
  if (!JWT_SHAPE.test(token)) return null;
  try {
    const part = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '='))) as Record<string, unknown>;
    const video = (json.video ?? {}) as Record<string, unknown>;
    return {
      identity: typeof json.sub === 'string' ? json.sub : null,
      room: typeof video.room === 'string' ? video.room : null,
      name: typeof json.name === 'string' ? json.name : null,
      expiresAt: typeof json.exp === 'number' ? json.exp * 1000 : null,
      recorder: video.recorder === true,
    };
  } catch {
    return null;
  }
}

export function checkInvite(invite: Invite, now = Date.now()): InviteResult {
  const url = checkSessionUrl(invite.url.trim());
  if (!url.ok) return url;
  const token = invite.token.trim();
  const claims = readTokenClaims(token);
  if (!claims) return { ok: false, message: 'The access token is malformed: it is not a LiveKit access token.' };
  if (claims.expiresAt !== null && claims.expiresAt <= now) {
    return {
      ok: false,
      message: `This invite's token expired at ${new Date(claims.expiresAt).toLocaleString()}. Ask the host for a new invite.`,
    };
  }
  const e2eeKey = invite.e2eeKey?.trim() || undefined;
  if (e2eeKey) {
    const key = checkE2eeKey(e2eeKey);
    if (!key.ok) return key;
  }
  return { ok: true, invite: { url: invite.url.trim(), token, ...(e2eeKey ? { e2eeKey } : {}) }, identity: claims.identity, room: claims.room };
}

/** The "Invite link" box: a fieldtape://join link. */
export function parseInviteLink(text: string, now = Date.now()): InviteResult {
  const parsed = parseDeepLink(text);
  if (!parsed.ok) return parsed;
  if (parsed.link.kind !== 'join') return { ok: false, message: 'This link opens a recording; it is not a session invite.' };
  return checkInvite({ url: parsed.link.url, token: parsed.link.token, ...(parsed.link.e2eeKey ? { e2eeKey: parsed.link.e2eeKey } : {}) }, now);
}

/** The web shell passes an invite as ?join=<encoded fieldtape://join link>. */
export function inviteFromSearch(search: string): string | null {
  const value = new URLSearchParams(search).get('join');
  return value && value.trim() ? value.trim() : null;
}

export function buildInviteLink(invite: Invite): string {
  const key = invite.e2eeKey ? `&e2ee=${encodeURIComponent(invite.e2eeKey)}` : '';
  return `fieldtape://join?url=${encodeURIComponent(invite.url)}&token=${encodeURIComponent(invite.token)}${key}`;
}
