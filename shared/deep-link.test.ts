import { describe, expect, it } from 'vitest';
import { parseDeepLink } from './deep-link';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZWNoIn0.c2lnbmF0dXJl';

describe('parseDeepLink', () => {
  it('accepts a join invite', () => {
    const r = parseDeepLink(`fieldtape://join?url=${encodeURIComponent('wss://lk.example.com')}&token=${TOKEN}`);
    expect(r).toEqual({ ok: true, link: { kind: 'join', url: 'wss://lk.example.com', token: TOKEN } });
  });

  it('carries an end-to-end encryption key', () => {
    const key = 'k'.repeat(22);
    const r = parseDeepLink(`fieldtape://join?url=wss%3A%2F%2Flk.example.com&token=${TOKEN}&e2ee=${key}`);
    expect(r).toEqual({ ok: true, link: { kind: 'join', url: 'wss://lk.example.com', token: TOKEN, e2eeKey: key } });
  });

  it('accepts an open link', () => {
    expect(parseDeepLink('fieldtape://open?recording=rec_abc123')).toEqual({ ok: true, link: { kind: 'open', recordingId: 'rec_abc123' } });
  });

  it.each([
    ['', /empty/],
    ['not a link', /not a link/],
    ['https://evil.example/join?url=wss://x&token=a.b.c', /must start with fieldtape/],
    ['fieldtape://join?token=' + TOKEN, /no session address/],
    ['fieldtape://join?url=wss://x', /no access token/],
    ['fieldtape://join?url=javascript:alert(1)&token=' + TOKEN, /wss:\/\/ or https:\/\//],
    ['fieldtape://join?url=wss://x&token=<script>', /malformed/],
    ['fieldtape://join?url=wss://x&url=wss://y&token=' + TOKEN, /repeats/],
    ['fieldtape://open?recording=../../etc', /no valid recording/],
    ['fieldtape://format-disk', /Unknown link action/],
    ['fieldtape://user:pw@join?url=wss://x&token=' + TOKEN, /user name or password/],
    ['fieldtape://join?url=' + 'a'.repeat(9000), /longer than/],
    ['fieldtape://join?url=wss://x&token=' + TOKEN + '&e2ee=short', /encryption key is too short/],
    ['fieldtape://join?url=wss://x&token=' + TOKEN + '&e2ee=' + encodeURIComponent('a'.repeat(22) + '"><x'), /encryption key is malformed/],
  ])('refuses %s with a clear message', (input, message) => {
    const r = parseDeepLink(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
