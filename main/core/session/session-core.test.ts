import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnnotationSidecarSchema, type SidecarHeader } from '../../../shared/domain/annotation';
import { AppError } from '../../../shared/errors';
import { createAnnotationSidecarStore } from './annotation-sidecar';
import { createSessionProfileStore } from './session-profile-store';
import { requestSessionToken } from './token-endpoint';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-session-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const header: SidecarHeader = {
  sessionId: 'ses_1',
  recordingId: 'rec_abcdefghij',
  participant: null,
  kind: 'composite',
  sessionStartedAt: '2026-01-01T00:00:00.000Z',
  recordingStartedAt: '2026-01-01T00:00:00.000Z',
};
const stroke = { id: 's1', author: 'ada', tile: 'ada:camera', tool: 'pen' as const, color: '#ff0000', width: 0.01, points: [[0.1, 0.2]] as Array<[number, number]>, fade: false, at: 1 };

describe('annotation sidecar', () => {
  it('appends events across calls into one valid document, serialised per recording', async () => {
    const dir = tempDir();
    const store = createAnnotationSidecarStore({ fileFor: () => path.join(dir, 'annotations.json'), assertWritable: () => undefined });
    await Promise.all([
      store.append(header, [{ t: 0, at: '2026-01-01T00:00:00.000Z', op: { op: 'add', stroke } }]),
      store.append(header, [{ t: 1.5, at: '2026-01-01T00:00:01.500Z', op: { op: 'remove', id: 's1', by: 'ada' } }]),
    ]);
    const doc = AnnotationSidecarSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'annotations.json'), 'utf8')));
    expect(doc.events.map((e) => e.op.op)).toEqual(['add', 'remove']);
    expect(doc).toMatchObject({ format: 'fieldtape.annotations', version: 1, sessionId: 'ses_1', coordinates: 'normalized-content' });
  });

  it('refuses events for another session and for a finished recording', async () => {
    const dir = tempDir();
    let writable = true;
    const store = createAnnotationSidecarStore({
      fileFor: () => path.join(dir, 'annotations.json'),
      assertWritable: () => {
        if (!writable) throw new AppError('CONFLICT', 'finished');
      },
    });
    await store.append(header, []);
    await expect(store.append({ ...header, sessionId: 'ses_2' }, [])).rejects.toMatchObject({ code: 'CONFLICT' });
    writable = false;
    await expect(store.append(header, [])).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('session profile', () => {
  it('starts from defaults, saves changes and rejects invalid ones', () => {
    const file = path.join(tempDir(), 'session-profile.json');
    const store = createSessionProfileStore(file);
    expect(store.get()).toEqual({ tokenEndpoint: null, requireRemoteNotice: false, recordPerParticipant: true });
    store.update({ requireRemoteNotice: true, tokenEndpoint: 'https://tokens.example.com/t' });
    expect(createSessionProfileStore(file).get()).toMatchObject({ requireRemoteNotice: true, tokenEndpoint: 'https://tokens.example.com/t' });
    expect(() => store.update({ tokenEndpoint: 'not a url' })).toThrow(/Invalid session profile/);
  });
});

describe('token endpoint', () => {
  async function serve(handler: http.RequestListener): Promise<{ url: string; close(): void }> {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, close: () => server.close() };
  }
  const jwt = 'aaa.bbb.ccc';

  it('posts {room, identity} and accepts {url, token} or LiveKit\'s {serverUrl, participantToken}', async () => {
    let body = '';
    const ours = await serve((req, res) => {
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => res.end(JSON.stringify({ url: 'wss://lk.example.com', token: jwt })));
    });
    const theirs = await serve((_req, res) => res.end(JSON.stringify({ serverUrl: 'wss://lk.example.com', participantToken: jwt })));
    try {
      expect(await requestSessionToken(ours.url, { room: 'r', identity: 'ada' })).toEqual({ url: 'wss://lk.example.com', token: jwt });
      expect(JSON.parse(body)).toEqual({ room: 'r', identity: 'ada' });
      // The recorder participant's request says so (recorder-presence.ts); the endpoint decides the grant.
      body = '';
      await requestSessionToken(ours.url, { room: 'r', identity: 'ada.recorder', recorder: true });
      expect(JSON.parse(body)).toEqual({ room: 'r', identity: 'ada.recorder', recorder: true });
      expect(await requestSessionToken(theirs.url, { room: 'r', identity: 'ada' })).toEqual({ url: 'wss://lk.example.com', token: jwt });
    } finally {
      ours.close();
      theirs.close();
    }
  });

  it("passes on an end-to-end encryption key, and refuses one that is malformed without echoing it", async () => {
    const key = 'K3y_'.repeat(8);
    const good = await serve((_req, res) => res.end(JSON.stringify({ url: 'wss://lk.example.com', token: jwt, e2eeKey: key })));
    const bad = await serve((_req, res) => res.end(JSON.stringify({ url: 'wss://lk.example.com', token: jwt, e2eeKey: 'secret"value/with-quotes' })));
    try {
      expect(await requestSessionToken(good.url, { room: 'r', identity: 'ada' })).toEqual({ url: 'wss://lk.example.com', token: jwt, e2eeKey: key });
      const refused = await requestSessionToken(bad.url, { room: 'r', identity: 'ada' }).catch((e: Error) => e);
      expect(refused).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/encryption key is malformed/) });
      expect((refused as Error).message).not.toContain('secret');
    } finally {
      good.close();
      bad.close();
    }
  });

  it('explains a refusal, an unreachable endpoint and a missing one', async () => {
    const refusing = await serve((_req, res) => res.writeHead(403).end());
    try {
      await expect(requestSessionToken(refusing.url, { room: 'r', identity: 'a' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    } finally {
      refusing.close();
    }
    await expect(requestSessionToken('http://127.0.0.1:1/token', { room: 'r', identity: 'a' })).rejects.toMatchObject({ code: 'IO_ERROR' });
    await expect(requestSessionToken(null, { room: 'r', identity: 'a' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
