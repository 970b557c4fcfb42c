// A registered secret is masked in the raw text and where it sits inside JSON (log lines, reports), also
// when it contains the characters JSON escapes.
import { describe, expect, it } from 'vitest';
import { redact, registerSecret, secretForms } from './redact';

describe('redact', () => {
  it('masks a secret with a quote and a backslash, raw and JSON-escaped', () => {
    const secret = 'pa"ss\\wo"rd-9f3k';
    registerSecret(secret);
    const raw = `the secret is ${secret} here`;
    expect(redact(raw)).toBe('the secret is [redacted] here');
    const json = JSON.stringify({ message: `failed with ${secret}` });
    expect(json).not.toContain(secret); // the escaped form differs from the raw one
    const masked = redact(json);
    expect(masked).toBe('{"message":"failed with [redacted]"}');
    expect(JSON.parse(masked)).toEqual({ message: 'failed with [redacted]' });
  });

  it('masks a backslash secret inside a quoted JSON string', () => {
    const secret = 'back\\slash\\only-77';
    registerSecret(secret);
    expect(secretForms(secret)).toEqual(['back\\\\slash\\\\only-77', secret]);
    expect(redact(`a=${JSON.stringify(secret)}`)).toBe('a="[redacted]"');
  });

  it('still masks plain secrets and credential shapes', () => {
    registerSecret('plainsecret123');
    expect(redact('x plainsecret123 y')).toBe('x [redacted] y');
    expect(redact('password=hunter2hunter2')).toBe('password=[redacted]');
  });
});
