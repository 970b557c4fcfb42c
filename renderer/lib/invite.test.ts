import { describe, expect, it } from 'vitest';
import { buildInviteLink, checkInvite, inviteFromSearch, parseInviteLink, readTokenClaims } from './invite';

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${enc({ alg: 'HS256' })}.${enc(claims)}.c2ln`;
}

const now = 1_700_000_000_000;

describe('invites', () => {
  it('reads identity, room and expiry from a token', () => {
    const token = jwt({ sub: 'ada', exp: now / 1000 + 60, video: { room: 'r1' } });
    expect(readTokenClaims(token)).toEqual({ identity: 'ada', room: 'r1', name: null, expiresAt: now + 60_000, recorder: false });
  });

  it("reads LiveKit's recorder grant, which only `video.recorder: true` gives", () => {
    expect(readTokenClaims(jwt({ sub: 'a.recorder', video: { room: 'r1', recorder: true, hidden: true } }))?.recorder).toBe(true);
    expect(readTokenClaims(jwt({ sub: 'a', video: { room: 'r1', recorder: 'true' } }))?.recorder).toBe(false);
  });

  it('accepts a fieldtape://join link and round-trips it', () => {
    const invite = { url: 'wss://lk.example.com', token: jwt({ sub: 'ada', exp: now / 1000 + 60 }) };
    const result = parseInviteLink(buildInviteLink(invite), now);
    expect(result).toMatchObject({ ok: true, invite, identity: 'ada' });
  });

  it('round-trips an end-to-end encryption key, and an invite without one has none', () => {
    const invite = { url: 'wss://lk.example.com', token: jwt({ sub: 'ada' }), e2eeKey: 'abcdefghijklmnopqrstuv-_12' };
    const link = buildInviteLink(invite);
    expect(link).toContain('&e2ee=abcdefghijklmnopqrstuv-_12');
    expect(parseInviteLink(link, now)).toMatchObject({ ok: true, invite });
    const plain = parseInviteLink(buildInviteLink({ url: invite.url, token: invite.token }), now);
    expect(plain.ok && 'e2eeKey' in plain.invite).toBe(false);
    expect(checkInvite({ ...invite, e2eeKey: 'short' }, now)).toMatchObject({ ok: false, message: expect.stringMatching(/too short/) });
  });

  it('says an expired token expired, before any server is asked', () => {
    const result = checkInvite({ url: 'wss://lk.example.com', token: jwt({ sub: 'ada', exp: now / 1000 - 5 }) }, now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/expired/);
  });

  it('explains malformed links and tokens', () => {
    expect(parseInviteLink('https://example.com', now)).toMatchObject({ ok: false });
    expect(checkInvite({ url: 'wss://x', token: 'nope' }, now)).toMatchObject({ ok: false, message: expect.stringMatching(/malformed/) });
    expect(checkInvite({ url: 'ftp://x', token: jwt({}) }, now)).toMatchObject({ ok: false });
  });

  it('takes the invite from ?join=', () => {
    const link = buildInviteLink({ url: 'ws://127.0.0.1:7880', token: jwt({ sub: 'x' }) });
    expect(inviteFromSearch(`?token=abc&join=${encodeURIComponent(link)}`)).toBe(link);
    expect(inviteFromSearch('?token=abc')).toBeNull();
  });
});
