import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64';
import { decodeFrame, encodeFrame } from './wire';
import { exceedsByteLimit } from './payload-size';

describe('base64', () => {
  it('round-trips every length and byte value', () => {
    for (let n = 0; n < 300; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  it('rejects malformed input', () => {
    expect(() => decodeBase64('abc')).toThrow(/multiple of 4/);
    expect(() => decodeBase64('ab!d')).toThrow(/invalid/);
  });
});

describe('wire frames', () => {
  it('carries bytes inside JSON and restores them', () => {
    const frame = { t: 'req', id: 1, channel: 'x.y', payload: { data: new Uint8Array([1, 2, 255]) } };
    const back = decodeFrame(encodeFrame(frame)) as typeof frame;
    expect(back.payload.data).toBeInstanceOf(Uint8Array);
    expect([...back.payload.data]).toEqual([1, 2, 255]);
  });
});

describe('exceedsByteLimit', () => {
  it('counts bytes, strings and nesting', () => {
    expect(exceedsByteLimit({ a: 'x'.repeat(100) }, 1000)).toBe(false);
    expect(exceedsByteLimit({ a: 'x'.repeat(1000) }, 1000)).toBe(true);
    expect(exceedsByteLimit({ b: new Uint8Array(2000) }, 1000)).toBe(true);
  });

  it('treats absurd nesting as oversized instead of recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(exceedsByteLimit(deep, 1_000_000)).toBe(true);
  });
});
