// A real browser joins a real LiveKit room: a token minted with livekit-server-sdk, the real livekit-client
// bundled with esbuild and served from 127.0.0.1, Debian's Chromium driven by playwright-core, and the
// server's own view (RoomServiceClient) confirming the participant. LiveKit is started by test/services.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { build } from 'esbuild';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project (test/services/global-setup.ts)`);
  return value;
}

async function servePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, 'fixtures', 'livekit-join-page.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.contents;
  const html = '<!doctype html><meta charset="utf-8"><title>livekit join</title><script type="module" src="/page.js"></script>';
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('joining LiveKit from Chromium', () => {
  const livekitUrl = env('LIVEKIT_URL');
  const apiKey = env('LIVEKIT_API_KEY');
  const apiSecret = env('LIVEKIT_API_SECRET');
  const rooms = new RoomServiceClient(livekitUrl.replace(/^ws/, 'http'), apiKey, apiSecret);
  let browser: Browser;
  let page: Awaited<ReturnType<typeof servePage>>;

  beforeAll(async () => {
    [browser, page] = await Promise.all([launchChromium(), servePage()]);
  });

  afterAll(async () => {
    await browser?.close();
    await page?.close();
  });

  it('reaches ConnectionState connected and the server lists the participant', async () => {
    const room = `join-test-${randomUUID()}`;
    const identity = `technician-${randomUUID().slice(0, 8)}`;
    const token = new AccessToken(apiKey, apiSecret, { identity, ttl: '10m' });
    token.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true });
    const jwt = await token.toJwt();

    const tab = await browser.newPage();
    const consoleLines: string[] = [];
    tab.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    tab.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    await tab.goto(page.url);
    await tab.waitForFunction(() => typeof window.lkJoin === 'function');

    try {
      await tab.evaluate(([url, t]) => window.lkJoin(url!, t!), [livekitUrl, jwt]);
    } catch (error) {
      throw new Error(`Room.connect failed: ${(error as Error).message}\nbrowser console:\n${consoleLines.join('\n')}`);
    }
    const probe = await tab.evaluate(() => window.lkProbe);
    expect(probe.error).toBeNull();
    expect(probe.state).toBe('connected');
    expect(probe.states).toContain('connecting');
    expect(probe.identity).toBe(identity);

    const participants = await rooms.listParticipants(room);
    expect(participants.map((p) => p.identity)).toContain(identity);

    // Media really flows over the loopback-only ICE/UDP port: the fake camera's RTP leaves the browser
    // (only possible once ICE and DTLS are up) and the server lists the track.
    await tab.evaluate(() => window.lkPublishCamera());
    await expect.poll(() => tab.evaluate(() => window.lkCameraBytesSent()), { timeout: 20_000 }).toBeGreaterThan(0);
    expect((await rooms.getParticipant(room, identity)).tracks).toHaveLength(1);

    await tab.evaluate(() => window.lkLeave());
    await expect
      .poll(async () => (await rooms.listParticipants(room).catch(() => [])).map((p) => p.identity), { timeout: 15_000 })
      .not.toContain(identity);
    await tab.close();
  });
});
