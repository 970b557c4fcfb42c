// The web shell's smaller doors (issue 17): a forged Host header (DNS rebinding) is refused on every
// route and on the WebSocket, and the media cookie carries a media-only token that cannot open the
// contract, never the launch token.
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine, type Engine } from '../../main/engine';
import { startWebShell, type WebShell } from '../../main/web/server';
import { makeTempHome, REPO_ROOT } from '../support/temp-home';

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
  await engine.close();
  home.cleanup();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}
function get(rawPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: shell.port, path: rawPath, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/api${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('web shell: Host header (DNS rebinding)', () => {
  it('serves 127.0.0.1:PORT and localhost:PORT, and refuses any other Host with 421 on pages and media', async () => {
    expect((await get('/', { Host: `127.0.0.1:${shell.port}` })).status).toBe(200);
    expect((await get('/', { Host: `localhost:${shell.port}` })).status).toBe(200);
    for (const host of [`evil.example:${shell.port}`, 'evil.example', `127.0.0.1:${shell.port + 1}`, `127.0.0.1.evil.example:${shell.port}`]) {
      const page = await get(`/?token=${shell.token}`, { Host: host });
      expect(page.status, host).toBe(421);
      expect(page.body).toMatch(/answers only to 127\.0\.0\.1 and localhost/);
      expect(page.headers['set-cookie'], host).toBeUndefined(); // no media cookie for a rebinding page
      expect((await get(`/media/rec_abcdefghij/mp4?token=${shell.token}`, { Host: host })).status, host).toBe(421);
    }
  });

  it('refuses a WebSocket upgrade with the right token but a forged Host', async () => {
    await expect(connect(`?token=${shell.token}`, { Host: `evil.example:${shell.port}`, Origin: `http://evil.example:${shell.port}` })).rejects.toThrow('HTTP 403');
    const ws = await connect(`?token=${shell.token}`, { Host: `localhost:${shell.port}` });
    ws.close();
  });
});

describe('web shell: the media cookie', () => {
  it('holds a media-only token: it reads media, cannot open the contract, and the launch token is not in it', async () => {
    const pageLoad = await get(`/?token=${shell.token}`);
    const setCookie = String(pageLoad.headers['set-cookie']?.[0] ?? '');
    const pair = setCookie.split(';')[0]!;
    const value = pair.slice(pair.indexOf('=') + 1);
    expect(value.length).toBeGreaterThanOrEqual(40);
    expect(setCookie).not.toContain(shell.token);
    expect(value).not.toBe(shell.token);

    // The route accepts the cookie (an unknown recording is then 404, not 401) ...
    expect((await get('/media/rec_abcdefghij/mp4', { Cookie: pair })).status).toBe(404);
    expect((await get('/media/rec_abcdefghij/mp4', { Cookie: `${pair.split('=')[0]}=${'x'.repeat(value.length)}` })).status).toBe(401);
    // ... but only as the cookie: as a token it opens neither the media route nor the WebSocket.
    expect((await get(`/media/rec_abcdefghij/mp4?token=${value}`)).status).toBe(401);
    await expect(connect(`?token=${value}`)).rejects.toThrow('HTTP 401');
    await expect(connect(`?token=${value}`, { Cookie: pair })).rejects.toThrow('HTTP 401');
  });
});
