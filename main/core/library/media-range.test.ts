import { describe, expect, it } from 'vitest';
import { parseMediaPath, parseRange } from './media-range';

describe('Range header parsing', () => {
  it('accepts one byte range, an open end, or a suffix, clamping the end to the file', () => {
    expect(parseRange(undefined, 100)).toBe('none');
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
  });

  it('refuses malformed, several, reversed and out-of-file ranges', () => {
    for (const bad of ['bytes=', 'bytes=-', 'bytes=a-b', 'items=0-1', 'bytes=5-2', 'bytes=0-1,5-6', 'bytes=100-', 'bytes=-0', 'bytes=1e3-', 'bytes=9999999999999999-']) {
      expect(parseRange(bad, 100), bad).toBe('unsatisfiable');
    }
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
  });
});

describe('media paths', () => {
  it('splits /media/<id>/<kind> and nothing else', () => {
    expect(parseMediaPath('/media/rec_abc/mp4')).toEqual({ recordingId: 'rec_abc', kind: 'mp4' });
    expect(parseMediaPath('/media/rec_abc/mp4/extra')).toBeNull();
    expect(parseMediaPath('/media/rec_abc')).toBeNull();
    expect(parseMediaPath('/other/rec_abc/mp4')).toBeNull();
  });
});
