// A LiveKit session's end-to-end encryption key, as an invite link (`e2ee=`) or the token endpoint's reply
// (`e2eeKey`) carries it. Every participant derives the media keys from it (livekit-client's
// ExternalE2EEKeyProvider, PBKDF2), so it is the call's shared secret: at least 128 bits written as
// base64url, which needs no escaping in a link and cannot smuggle anything else into one.
export const E2EE_KEY_PATTERN = /^[A-Za-z0-9_-]{22,256}$/;

export function checkE2eeKey(value: string): { ok: true } | { ok: false; message: string } {
  if (E2EE_KEY_PATTERN.test(value)) return { ok: true };
  return {
    ok: false,
    message:
      value.length < 22
        ? 'The encryption key is too short: it needs at least 22 characters (128 bits). Ask the host for the invite again.'
        : 'The encryption key is malformed: use only letters, digits, - and _ (base64url), at most 256 characters.',
  };
}

