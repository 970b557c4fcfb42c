// Audit data is kept forever, cannot be edited or deleted, and is shown to whoever verifies the log:
// it must NEVER contain secrets (passwords, tokens, S3 keys, LiveKit credentials, signed URLs). Record
// that something happened and to what (ids, counts, reasons), not the credentials used to do it.
// This guard refuses the obvious mistakes before they become permanent: keys named like a credential
// anywhere in the data, and values that the redactor would mask (registered secrets, `password=…`,
// presigned-URL signatures).
import { AppError } from '../../../shared/errors';
import { redact } from '../secrets/redact';
import { canonicalJson, type JsonValue } from './canonical-json';

const SECRET_KEY = /secret|passw(?:or)?d|passphrase|token|credential|api[-_]?key|private[-_]?key|authorization|cookie/i;

/** The path of the first key that looks like a credential, or null. */
export function findSecretKey(value: JsonValue, path = ''): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findSecretKey(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (SECRET_KEY.test(key)) return here;
    const found = findSecretKey(item, here);
    if (found) return found;
  }
  return null;
}

/** Throws INVALID_REQUEST when audit data looks like it carries a secret. Never echoes the value. */
export function assertNoSecrets(data: JsonValue): void {
  const key = findSecretKey(data);
  if (key) {
    throw new AppError(
      'INVALID_REQUEST',
      `Audit data must not contain secrets: the key "${key}" looks like a credential. Record an id or a fact instead.`,
    );
  }
  const text = canonicalJson(data);
  if (redact(text) !== text) {
    throw new AppError(
      'INVALID_REQUEST',
      'Audit data must not contain secrets: a value looks like a credential or a known secret. Record an id or a fact instead.',
    );
  }
}
