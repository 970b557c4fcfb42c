// A real browser joins a real LiveKit room: a token minted with livekit-server-sdk, the real livekit-client
// alone on a page of its own (test/support/bare-livekit-page.ts), Debian's Chromium driven by
// playwright-core, and the server's own view (RoomServiceClient) confirming the participant. LiveKit is
// started by test/services.
import { randomUUID } from 'node:crypto';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBareLivekitPage, type BareLivekitPage } from '../support/bare-livekit-page';
import { launchChromium } from '../support/chromium';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project (test/services/global-setup.ts)`);
  return value;
}

describe('joining LiveKit from Chromium', () => {
  const livekitUrl = env('LIVEKIT_URL');
  const apiKey = env('LIVEKIT_API_KEY');
  const apiSecret = env('LIVEKIT_API_SECRET');
  const rooms = new RoomServiceClient(livekitUrl.replace(/^ws/, 'http'), apiKey, apiSecret);
  let browser: Browser;
  let page: BareLivekitPage;

  beforeAll(async () => {
    [browser, page] = await Promise.all([launchChromium(), serveBareLivekitPage()]);
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
