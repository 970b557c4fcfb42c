// Last line of defence for secrets in text that leaves the engine (logs, diagnostics bundles, error
// messages). Known secret values are registered at the moment they are read from the keychain or the
// environment; common credential shapes are masked even when nobody registered them.
//
// A registered value is looked for in every form it can take in our output: as is, and JSON-escaped
// (log lines and reports are JSON, so a secret holding `"` or `\` appears there as `\"` or `\\`).
const known = new Set<string>();

export function registerSecret(value: string): void {
  if (value.length >= 6) known.add(value);
}

/** Whether a value is one of the registered secrets (child-env.ts drops such variables from children). */
export function isRegisteredSecret(value: string): boolean {
  return known.has(value);
}

const RULES: Array<[RegExp, string]> = [
  [/((?:secretAccessKey|secret_access_key|secret|password|token)["']?\s*[:=]\s*["']?)[^"'\s,}&]{6,}/gi, '$1[redacted]'],
  [/((?:X-Amz-)?Signature=)[0-9a-f]{16,}/gi, '$1[redacted]'],
];

/** The forms a secret takes in text we write: raw, and inside a JSON string. */
export function secretForms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  return escaped === secret ? [secret] : [escaped, secret];
}

export function redact(text: string): string {
  let out = text;
  // Longest form first, so the escaped form is not half-replaced by its raw substring.
  const forms = [...known].flatMap(secretForms).sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join('[redacted]');
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
