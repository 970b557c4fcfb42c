import { describe, expect, it } from 'vitest';
import { checkE2eeKey, E2EE_KEY_PATTERN } from './e2ee-key';

describe('E2EE keys', () => {
  it('accepts a random 256-bit key written as base64url', () => {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const key = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(key).toMatch(E2EE_KEY_PATTERN);
    expect(checkE2eeKey(key)).toEqual({ ok: true });
  });

  it('refuses keys that are short or carry other characters', () => {
    expect(checkE2eeKey('abc')).toMatchObject({ ok: false, message: expect.stringMatching(/too short/) });
    expect(checkE2eeKey('a'.repeat(21) + '/')).toMatchObject({ ok: false, message: expect.stringMatching(/malformed/) });
    expect(checkE2eeKey('a'.repeat(257))).toMatchObject({ ok: false, message: expect.stringMatching(/malformed/) });
  });
});
