import { describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS, REQUESTS } from '../contract';
import { CAPTURE_REQUESTS, CaptureSourcesSchema, MAX_CAPTURE_SOURCES, MAX_THUMBNAIL_CHARS } from './capture';
import { AppCommandSchema } from './shell';

const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const source = { id: 'screen:1:0', name: 'Entire screen', kind: 'screen' as const, thumbnail: png };
const sources = (list: unknown[]) => ({ picker: true, systemAudio: 'loopback', systemAudioNote: 'ok', sources: list });

describe('capture contract', () => {
  it('is part of the one contract', () => {
    expect(CHANNELS).toEqual(expect.arrayContaining(['capture.sources', 'capture.select']));
    expect(REQUESTS['capture.select']).toBe(CAPTURE_REQUESTS['capture.select']);
    expect(Object.keys(EVENTS)).toEqual(expect.arrayContaining(['app.command', 'app.indicator']));
  });

  it('accepts sources with PNG thumbnails or none', () => {
    expect(CaptureSourcesSchema.safeParse(sources([source, { ...source, id: 'window:42:0', kind: 'window', thumbnail: null }])).success).toBe(true);
    expect(CaptureSourcesSchema.safeParse({ picker: false, systemAudio: 'unsupported', systemAudioNote: '', sources: [] }).success).toBe(true);
  });

  it('refuses thumbnails that are not small PNG data URLs', () => {
    for (const thumbnail of [
      'data:text/html;base64,PHNjcmlwdD4=',
      'javascript:alert(1)',
      'https://example.com/x.png',
      'data:image/png;base64,<svg>',
      `data:image/png;base64,${'A'.repeat(MAX_THUMBNAIL_CHARS)}`,
    ]) {
      expect(CaptureSourcesSchema.safeParse(sources([{ ...source, thumbnail }])).success, thumbnail.slice(0, 40)).toBe(false);
    }
  });

  it('bounds the list and the kinds', () => {
    expect(CaptureSourcesSchema.safeParse(sources(Array.from({ length: MAX_CAPTURE_SOURCES + 1 }, () => source))).success).toBe(false);
    expect(CaptureSourcesSchema.safeParse(sources([{ ...source, kind: 'tab' }])).success).toBe(false);
    expect(CaptureSourcesSchema.safeParse({ ...sources([]), systemAudio: 'yes' }).success).toBe(false);
  });

  it('validates capture.select strictly', () => {
    const select = REQUESTS['capture.select'].request;
    expect(select.safeParse({ sourceId: 'screen:1:0', systemAudio: false }).success).toBe(true);
    expect(select.safeParse({ sourceId: '', systemAudio: false }).success).toBe(false);
    expect(select.safeParse({ sourceId: 'screen:1:0' }).success).toBe(false);
    expect(select.safeParse({ sourceId: 'screen:1:0', systemAudio: true, constraints: {} }).success).toBe(false);
    expect(REQUESTS['capture.sources'].request.safeParse({ types: ['screen'] }).success).toBe(false);
  });

  it('names exactly the three app commands', () => {
    expect(AppCommandSchema.shape.command.options).toEqual(['record.toggle', 'record.start', 'record.stop']);
    expect(EVENTS['app.command'].safeParse({ command: 'record.pause' }).success).toBe(false);
  });
});
