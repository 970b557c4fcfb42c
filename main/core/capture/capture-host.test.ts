import { describe, expect, it } from 'vitest';
import { REQUESTS } from '../../../shared/contract';
import type { CaptureSources } from '../../../shared/contracts/capture';
import type { CallContext } from '../ipc/router';
import { BROWSER_PICKER, createCaptureHandlers, type CaptureHost } from './capture-host';

const context: CallContext = { host: 'web', signal: new AbortController().signal };

describe('capture handlers', () => {
  it('tell a host without a picker to use the browser\'s getDisplayMedia picker', async () => {
    const handlers = createCaptureHandlers(undefined);
    const reply = await handlers['capture.sources']({}, context);
    expect(reply).toEqual({ picker: false, systemAudio: 'unsupported', systemAudioNote: expect.any(String), sources: [] });
    expect(REQUESTS['capture.sources'].reply.safeParse(reply).success).toBe(true);
    expect(() => handlers['capture.select']({ sourceId: 'screen:1:0', systemAudio: false }, context)).toThrow(/only in the desktop app/);
  });

  it('pass the caller\'s context to the host that has one', async () => {
    const seen: CallContext[] = [];
    const listed: CaptureSources = { ...BROWSER_PICKER, picker: true, sources: [{ id: 'screen:1:0', name: 'Screen 1', kind: 'screen', thumbnail: null }] };
    const host: CaptureHost = {
      sources: async (ctx) => (seen.push(ctx), listed),
      select: (choice, ctx) => (seen.push(ctx), { ...choice, expiresAt: '2026-12-03T10:00:30.000Z' }),
    };
    const handlers = createCaptureHandlers(host);
    const electron = { ...context, host: 'electron' as const, senderId: 7 };
    expect(await handlers['capture.sources']({}, electron)).toBe(listed);
    expect(await handlers['capture.select']({ sourceId: 'screen:1:0', systemAudio: true }, electron)).toMatchObject({ sourceId: 'screen:1:0', systemAudio: true });
    expect(seen.map((c) => c.senderId)).toEqual([7, 7]);
  });
});
