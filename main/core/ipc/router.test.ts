import { describe, expect, it, vi } from 'vitest';
import { SETTINGS_DEFAULTS } from '../../../shared/domain/settings';
import { silentLogger } from '../log';
import { createRouter, type Handlers } from './router';

function makeRouter() {
  const handlers = {
    'app.info': vi.fn(() => ({ name: 'Fieldtape', version: '1', host: 'web', dataDir: '/d', platform: 'linux' })),
    'settings.get': vi.fn(() => ({ values: SETTINGS_DEFAULTS, managed: [] })),
    'settings.set': vi.fn(() => ({ values: SETTINGS_DEFAULTS, managed: [] })),
  } satisfies Record<string, unknown>;
  const dispatch = createRouter(handlers as unknown as Handlers, silentLogger);
  const ctx = { host: 'web' as const, signal: new AbortController().signal };
  return { handlers, dispatch, ctx };
}

describe('router', () => {
  it('dispatches a valid request', async () => {
    const { dispatch, ctx, handlers } = makeRouter();
    const result = await dispatch('settings.set', { key: 'encodeCrf', value: 23 }, ctx);
    expect(result.ok).toBe(true);
    expect(handlers['settings.set']).toHaveBeenCalledOnce();
  });

  it('refuses an unknown channel', async () => {
    const { dispatch, ctx } = makeRouter();
    const result = await dispatch('shell.exec', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses a malformed payload before any handler runs', async () => {
    const { dispatch, ctx, handlers } = makeRouter();
    for (const bad of [null, 'text', { key: 'nope', value: 1 }, { key: 'encodeCrf', value: 'twenty' }, { key: 'encodeCrf', value: 99 }]) {
      const result = await dispatch('settings.set', bad, ctx);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    const extra = await dispatch('app.info', { sneaky: true }, ctx);
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(handlers['settings.set']).not.toHaveBeenCalled();
    expect(handlers['app.info']).not.toHaveBeenCalled();
  });

  it('refuses an oversized payload before parsing it', async () => {
    const { dispatch, ctx, handlers } = makeRouter();
    const result = await dispatch('settings.set', { key: 'displayName', value: 'x'.repeat(200_000) }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(handlers['settings.set']).not.toHaveBeenCalled();
  });

  it('turns a handler crash into an INTERNAL error without its stack', async () => {
    const { dispatch, ctx, handlers } = makeRouter();
    handlers['app.info'].mockImplementation(() => {
      throw new Error('secret-internal-detail at /home/x');
    });
    const result = await dispatch('app.info', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('secret-internal-detail');
  });
});
