// The media route both shells mount: HTTP range requests against a recording's registered artifacts, the
// per-launch token (cookie or query), and refusals: malformed and out-of-range ranges (416), and every
// path-traversal shape (an artifact row pointing outside its recording, a symlink, encoded dot-dots).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RANGE_BYTES } from '../../main/core/library/media-range';
import { createEngine, type Engine } from '../../main/engine';
import { mediaProtocolResponse } from '../../main/electron/media-protocol';
import { startWebShell, type WebShell } from '../../main/web/server';
import { makeTempHome, REPO_ROOT } from '../support/temp-home';

const ID = 'rec_rangetest0001';
const OTHER = 'rec_rangetest0002';
let engine: Engine;
let shell: WebShell;
let home: ReturnType<typeof makeTempHome>;
let body: Buffer;
let secret: string;

function register(id: string, kind: string, file: string): void {
  engine.db
    .prepare('INSERT OR REPLACE INTO artifacts (recording_id, kind, path, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, kind, file, fs.existsSync(file) ? fs.statSync(file).size : 0, 'a'.repeat(64), new Date().toISOString());
}

function addRecording(id: string): string {
  engine.db
    .prepare(
      `INSERT INTO recordings (id, state, state_json, source_json, title, created_at, updated_at)
       VALUES (?, 'ready', '{"status":"ready","at":"2026-01-01T00:00:00Z"}', '{"kind":"testsrc"}', 'Range test', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    )
    .run(id);
  const dir = path.join(home.dir, 'recordings', id, 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: shell.port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const withToken = (p: string) => `${p}${p.includes('?') ? '&' : '?'}token=${shell.token}`;

beforeAll(async () => {
  home = makeTempHome();
  engine = createEngine({ dataDir: home.dir, host: 'web', delivery: { autoStart: false } });
  shell = await startWebShell({ engine, port: 0, rendererDir: path.join(REPO_ROOT, 'dist', 'renderer') });
  const dir = addRecording(ID);
  body = crypto.randomBytes(100_000);
  fs.writeFileSync(path.join(dir, 'recording.mp4'), body);
  register(ID, 'mp4', path.join(dir, 'recording.mp4'));
  secret = path.join(home.dir, 'secret.txt');
  fs.writeFileSync(secret, 'not for the browser');
});
afterAll(async () => {
  await shell.close();
  await engine.close();
  home.cleanup();
});

describe('media route: ranges', () => {
  it('serves the whole artifact, and HEAD without a body', async () => {
    const full = await get(withToken(`/media/${ID}/mp4`));
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('video/mp4');
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(full.headers['content-length']).toBe(String(body.length));
    expect(full.body.equals(body)).toBe(true);
    const head = await get(withToken(`/media/${ID}/mp4`), {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(body.length));
    expect(head.body.length).toBe(0);
  });

  it('serves exactly the requested bytes for a range, an open end and a suffix', async () => {
    const mid = await get(withToken(`/media/${ID}/mp4`), { Range: 'bytes=50000-50999' });
    expect(mid.status).toBe(206);
    expect(mid.headers['content-range']).toBe(`bytes 50000-50999/${body.length}`);
    expect(mid.body.equals(body.subarray(50000, 51000))).toBe(true);
    const tail = await get(withToken(`/media/${ID}/mp4`), { Range: 'bytes=99990-' });
    expect(tail.body.equals(body.subarray(99990))).toBe(true);
    const suffix = await get(withToken(`/media/${ID}/mp4`), { Range: 'bytes=-5' });
    expect(suffix.headers['content-range']).toBe(`bytes 99995-99999/${body.length}`);
    expect(suffix.body.equals(body.subarray(99995))).toBe(true);
    const clamped = await get(withToken(`/media/${ID}/mp4`), { Range: 'bytes=99999-200000' });
    expect(clamped.status).toBe(206);
    expect(clamped.body.length).toBe(1);
  });

  it('caps one range response at MAX_RANGE_BYTES, so an open-ended range never streams the whole file', async () => {
    const dir = path.join(home.dir, 'recordings', ID, 'artifacts');
    const big = crypto.randomBytes(MAX_RANGE_BYTES * 2 + 123);
    fs.writeFileSync(path.join(dir, 'snapshot.jpg'), big);
    register(ID, 'snapshot', path.join(dir, 'snapshot.jpg'));
    const first = await get(withToken(`/media/${ID}/snapshot`), { Range: 'bytes=0-' });
    expect(first.status).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-${MAX_RANGE_BYTES - 1}/${big.length}`);
    expect(first.body.equals(big.subarray(0, MAX_RANGE_BYTES))).toBe(true);
    const next = await get(withToken(`/media/${ID}/snapshot`), { Range: `bytes=${MAX_RANGE_BYTES * 2}-` });
    expect(next.body.equals(big.subarray(MAX_RANGE_BYTES * 2))).toBe(true);
    // Without a Range header (a download) the whole file comes in one 200.
    expect((await get(withToken(`/media/${ID}/snapshot?download=1`))).body.length).toBe(big.length);
    expect((await get(withToken(`/media/${ID}/snapshot?download=1`), {}, 'HEAD')).headers['content-disposition']).toMatch(/^attachment; filename="Range_test-rec_rangetest0001\.jpg"$/);
  });

  it('answers malformed, multiple and out-of-range ranges with 416 and the size', async () => {
    for (const range of ['bytes=abc', 'bytes=5-2', 'bytes=0-1,4-5', 'items=0-10', 'bytes=', 'bytes=100000-', 'bytes=200000-300000', 'bytes=-0']) {
      const reply = await get(withToken(`/media/${ID}/mp4`), { Range: range });
      expect(reply.status, range).toBe(416);
      expect(reply.headers['content-range'], range).toBe(`bytes */${body.length}`);
      expect(reply.body.equals(body.subarray(0, reply.body.length)) && reply.body.length > 0, range).toBe(false);
    }
  });

  it('sends the whole file again when If-Range names an older version', async () => {
    const stale = await get(withToken(`/media/${ID}/mp4`), { Range: 'bytes=0-9', 'If-Range': 'W/"stale"' });
    expect(stale.status).toBe(200);
    const etag = (await get(withToken(`/media/${ID}/mp4`), {}, 'HEAD')).headers.etag!;
    const fresh = await get(withToken(`/media/${ID}/mp4`), { Range: 'bytes=0-9', 'If-Range': etag });
    expect(fresh.status).toBe(206);
  });
});

describe('media route: access', () => {
  it('refuses requests without the token, and accepts the cookie the page load sets', async () => {
    expect((await get(`/media/${ID}/mp4`)).status).toBe(401);
    expect((await get(`/media/${ID}/mp4?token=wrong`)).status).toBe(401);
    const pageLoad = await get(`/?token=${shell.token}`);
    const cookie = String(pageLoad.headers['set-cookie']?.[0] ?? '');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/media/);
    const viaCookie = await get(`/media/${ID}/mp4`, { Cookie: cookie.split(';')[0]!, Range: 'bytes=0-3' });
    expect(viaCookie.status).toBe(206);
    expect((await get('/')).headers['set-cookie']).toBeUndefined();
  });

  it('refuses every path-traversal shape', async () => {
    const shapes = [
      `/media/${ID}/..%2F..%2F..%2Fsecret.txt`,
      `/media/..%2F..%2Fsecret.txt/mp4`,
      `/media/${ID}%2F..%2F..%2F/mp4`,
      `/media/%2e%2e/mp4`,
      `/media/${ID}/mp4/../../../secret.txt`,
      `/media/../secret.txt`,
      `/media/${ID}/passwd`,
      `/media/${ID}/raw`,
      `/media/rec_doesnotexist00/mp4`,
    ];
    for (const shape of shapes) {
      const reply = await get(withToken(shape));
      expect(reply.body.toString('utf8'), shape).not.toContain('not for the browser');
      expect(reply.headers['content-type'] ?? '', shape).not.toBe('video/mp4');
    }
  });

  it('never serves a registered path outside the recording folder, directly or through a symlink', async () => {
    const dir = addRecording(OTHER);
    register(OTHER, 'mp4', secret);
    expect((await get(withToken(`/media/${OTHER}/mp4`))).status).toBe(404);
    register(OTHER, 'snapshot', path.join(dir, '..', '..', '..', 'secret.txt'));
    expect((await get(withToken(`/media/${OTHER}/snapshot`))).status).toBe(404);
    fs.symlinkSync(secret, path.join(dir, 'filmstrip.jpg'));
    register(OTHER, 'filmstrip', path.join(dir, 'filmstrip.jpg'));
    const viaLink = await get(withToken(`/media/${OTHER}/filmstrip`));
    expect(viaLink.status).toBe(404);
    expect(viaLink.body.toString()).not.toContain('not for the browser');
    // Another recording's artifact is not reachable under this one's id either.
    register(OTHER, 'manifest', path.join(home.dir, 'recordings', ID, 'artifacts', 'recording.mp4'));
    expect((await get(withToken(`/media/${OTHER}/manifest`))).status).toBe(404);
  });
});

describe('Electron app:// adapter', () => {
  it('serves the same ranges through a fetch Request/Response', async () => {
    const reply = mediaProtocolResponse(engine.library.media, new Request(`app://fieldtape/media/${ID}/mp4`, { headers: { Range: 'bytes=10-19' } }), engine.log);
    expect(reply.status).toBe(206);
    expect(reply.headers.get('content-range')).toBe(`bytes 10-19/${body.length}`);
    expect(Buffer.from(await reply.arrayBuffer()).equals(body.subarray(10, 20))).toBe(true);
    const refused = mediaProtocolResponse(engine.library.media, new Request(`app://fieldtape/media/${ID}/mp4`, { headers: { Range: 'bytes=999999-' } }), engine.log);
    expect(refused.status).toBe(416);
    expect(mediaProtocolResponse(engine.library.media, new Request('app://fieldtape/media/..%2Fsecret/mp4'), engine.log).status).toBe(404);
  });

  it('answers a read that fails with a 500 and a plain message, as the web shell does', async () => {
    const failing = { serve: () => { throw new Error('EIO: the disk went away'); } } as unknown as typeof engine.library.media;
    const reply = mediaProtocolResponse(failing, new Request(`app://fieldtape/media/${ID}/mp4`), engine.log);
    expect(reply.status).toBe(500);
    expect(await reply.text()).toBe('The media could not be read.');
  });
});
