// Last line of defence for secrets in text that leaves the engine (logs, diagnostics bundles, error
// messages). Known secret values are registered at the moment they are read from the keychain or the
// environment; common credential shapes are masked even when nobody registered them.
const known = new Set<string>();

export function registerSecret(value: string): void {
  if (value.length >= 6) known.add(value);
}

const RULES: Array<[RegExp, string]> = [
  [/((?:secretAccessKey|secret_access_key|secret|password|token)["']?\s*[:=]\s*["']?)[^"'\s,}&]{6,}/gi, '$1[redacted]'],
  [/((?:X-Amz-)?Signature=)[0-9a-f]{16,}/gi, '$1[redacted]'],
];

export function redact(text: string): string {
  let out = text;
  for (const secret of known) out = out.split(secret).join('[redacted]');
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
