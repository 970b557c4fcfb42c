// The web shell's door: the WebSocket refuses connections without the launch token, and malformed or
// oversized messages get a clear error without reaching a handler.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_WIRE_BYTES } from '../../shared/contract';
import { decodeFrame, encodeFrame } from '../../shared/wire';
import { createEngine, type Engine } from '../../main/engine';
import { startWebShell, type WebShell } from '../../main/web/server';
import { makeTempHome, REPO_ROOT } from '../support/temp-home';
import { connectContract } from '../support/contract-client';
import { createActivityTracker } from '../../main/core/update/activity';
import path from 'node:path';

let engine: Engine;
let shell: WebShell;
let home: ReturnType<typeof makeTempHome>;

beforeAll(async () => {
  home = makeTempHome();
  engine = createEngine({ dataDir: home.dir, host: 'web' });
  shell = await startWebShell({ engine, port: 0, rendererDir: path.join(REPO_ROOT, 'dist', 'renderer') });
});
afterAll(async () => {
  await shell.close();
  engine.close();
  home.cleanup();
});

function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/api${query}`, { headers, maxPayload: MAX_WIRE_BYTES * 2 });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(decodeFrame(String(data)))));
}

describe('web shell WebSocket', () => {
  it('refuses a connection without a token', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
  });

  it('refuses a connection with a wrong token', async () => {
    await expect(connect('?token=' + 'A'.repeat(shell.token.length))).rejects.toThrow('HTTP 401');
  });

  it('refuses a browser connection from a foreign origin even with the token', async () => {
    await expect(connect(`?token=${shell.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 401');
  });

  it('answers a valid request', async () => {
    const ws = await connect(`?token=${shell.token}`);
    ws.send(encodeFrame({ t: 'req', id: 7, channel: 'settings.get', payload: {} }));
    const frame = await nextFrame(ws);
    expect(frame).toMatchObject({ t: 'res', id: 7, result: { ok: true, value: { values: { encodeCrf: 20 } } } });
    ws.close();
  });

  it('gives malformed messages a clear error', async () => {
    const ws = await connect(`?token=${shell.token}`);
    ws.send('{not json');
    expect(await nextFrame(ws)).toMatchObject({ result: { ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/not valid JSON/) } } });
    ws.send(JSON.stringify({ hello: 'world' }));
    expect(await nextFrame(ws)).toMatchObject({ result: { ok: false, error: { code: 'INVALID_REQUEST' } } });
    ws.send(encodeFrame({ t: 'req', id: 1, channel: 'settings.set', payload: { key: 'encodeCrf', value: 'loud' } }));
    expect(await nextFrame(ws)).toMatchObject({ id: 1, result: { ok: false, error: { code: 'INVALID_REQUEST' } } });
    ws.send(encodeFrame({ t: 'req', id: 2, channel: 'fs.readFile', payload: {} }));
    expect(await nextFrame(ws)).toMatchObject({ id: 2, result: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } } });
    expect(engine.settings.get().encodeCrf).toBe(20);
    ws.close();
  });

  it("counts a window's live session for the updater: session.presence reaches the engine's event listeners", async () => {
    // The Electron updater's activity tracker listens to the engine exactly like this (main/electron/updater.ts).
    const activity = createActivityTracker();
    const unsubscribe = engine.events.subscribe((event, payload) => activity.observe(event, payload));
    const client = await connectContract(shell.port, shell.token);
    try {
      expect((await client.call('session.presence', { room: 'field-42', live: true })).ok).toBe(true);
      expect(activity.current().sessions).toBe(1);
      expect((await client.call('session.presence', { room: 'field-42', live: 'yes' } as never)).ok).toBe(false);
      expect((await client.call('session.presence', { room: 'field-42', live: false })).ok).toBe(true);
      expect(activity.current().sessions).toBe(0);
    } finally {
      client.close();
      unsubscribe();
    }
  });

  it('refuses a request over its channel limit', async () => {
    const ws = await connect(`?token=${shell.token}`);
    ws.send(encodeFrame({ t: 'req', id: 3, channel: 'settings.set', payload: { key: 'displayName', value: 'x'.repeat(100_000) } }));
    expect(await nextFrame(ws)).toMatchObject({ id: 3, result: { ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(engine.settings.get().displayName).toBe('Technician');
    ws.close();
  });

  it('closes the socket on a frame over the wire limit without reading it into a handler', async () => {
    const ws = await connect(`?token=${shell.token}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(MAX_WIRE_BYTES + 1));
    expect(await closed).toBe(1009);
  });
});

describe('web shell capture picker', () => {
  it('answers capture.sources with no picker, so the renderer lets getDisplayMedia\'s browser picker choose', async () => {
    const client = await connectContract(shell.port, shell.token);
    try {
      expect(await client.call('capture.sources', {})).toEqual({
        ok: true,
        value: { picker: false, systemAudio: 'unsupported', systemAudioNote: expect.stringMatching(/browser/), sources: [] },
      });
      const select = await client.call('capture.select', { sourceId: 'screen:1:0', systemAudio: true });
      expect(select).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/only in the desktop app/) } });
    } finally {
      client.close();
    }
  });
});

describe('web shell static files', () => {
  it('never serves files outside the renderer folder', async () => {
    for (const attempt of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd']) {
      const body = await new Promise<string>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: shell.port, path: attempt }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(body).not.toContain('root:');
    }
  });

  it('sends a strict Content-Security-Policy', async () => {
    const csp = await new Promise<string | undefined>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: shell.port, path: '/' }, (res) => {
        res.resume();
        resolve(res.headers['content-security-policy'] as string | undefined);
      }).on('error', reject);
    });
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });
});
