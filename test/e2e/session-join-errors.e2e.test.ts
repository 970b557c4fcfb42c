// The pre-join screen's errors, in the real UI against a real livekit-server: a malformed invite, an
// expired token, a token the server refuses, an unreachable server, denied camera and microphone; and
// joining through the profile's token endpoint.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath, launchChromium } from '../support/chromium';
import { freeTcpPort } from '../services/ports';
import { closeParticipant, contractOf, inviteLink, mintToken, openParticipant, sleep, startPrivateLivekit, type Participant, type PrivateLivekit } from './session-harness';

let livekit: PrivateLivekit;
let browser: Browser;
let p: Participant;

beforeAll(async () => {
  [livekit, browser] = await Promise.all([startPrivateLivekit(), launchChromium()]);
  p = await openParticipant(browser, 'errors');
  await p.page.goto(p.shell.url);
  await p.page.getByRole('button', { name: 'Session', exact: true }).click();
});

afterAll(async () => {
  await closeParticipant(p);
  await browser?.close();
  await livekit?.stop();
});

/** Submits an invite and returns the error the screen shows, once it matches `expected`. */
async function tryJoin(invite: string, expected: RegExp): Promise<string> {
  await p.page.getByRole('textbox', { name: 'Invite link' }).fill(invite);
  await p.page.getByRole('button', { name: 'Join', exact: true }).click();
  const alert = p.page.getByRole('alert').filter({ hasText: expected });
  try {
    await alert.waitFor({ timeout: 45_000 });
  } catch (error) {
    throw new Error(`no alert matching ${expected}; alerts shown: ${JSON.stringify(await p.page.getByRole('alert').allInnerTexts())}`, { cause: error });
  }
  return alert.innerText();
}

describe('joining a session', () => {
  it('explains a malformed invite', async () => {
    expect(await tryJoin('https://example.com/not-an-invite', /fieldtape:\/\//)).toMatch(/must start with fieldtape/);
  });

  it('says when the invite has expired', async () => {
    const token = await mintToken('errors', 'late', { ttl: 1 });
    await sleep(2_000);
    expect(await tryJoin(inviteLink(livekit.url, token), /expired/i)).toMatch(/Ask the host for a new invite/);
  });

  it('says when the server refuses the token', async () => {
    const token = await mintToken('errors', 'forger', { secret: 'not-the-servers-secret-at-all-000000' });
    expect(await tryJoin(inviteLink(livekit.url, token), /refused the invite/i)).toMatch(/invalid or expired/);
  });

  it('says when the server cannot be reached', async () => {
    const port = await freeTcpPort();
    const token = await mintToken('errors', 'nobody');
    expect(await tryJoin(inviteLink(`ws://127.0.0.1:${port}`, token), /could not be reached/i)).toContain(`127.0.0.1:${port}`);
  });

  it('joins through the profile token endpoint', async () => {
    const requests: unknown[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const { room, identity } = JSON.parse(body) as { room: string; identity: string };
        requests.push({ room, identity });
        void mintToken(room, identity).then((token) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: livekit.url, token })));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    const client = await contractOf(p);
    try {
      expect((await client.call('session.configure', { tokenEndpoint: endpoint })).ok).toBe(true);
      await p.page.reload();
      await p.page.getByRole('button', { name: 'Session', exact: true }).click();
      await p.page.getByRole('textbox', { name: 'Room' }).fill('via-endpoint');
      await p.page.getByRole('textbox', { name: 'Your identity' }).fill('eve');
      await p.page.getByRole('button', { name: 'Get invite' }).click();
      await expect.poll(() => p.page.getByRole('textbox', { name: 'Invite link' }).inputValue()).toMatch(/^fieldtape:\/\/join\?/);
      await p.page.getByRole('button', { name: 'Join', exact: true }).click();
      await p.page.getByRole('button', { name: 'Leave', exact: true }).waitFor({ timeout: 30_000 });
      expect(requests).toEqual([{ room: 'via-endpoint', identity: 'eve' }]);
      await p.page.getByRole('button', { name: 'Leave', exact: true }).click();
    } finally {
      client.close();
      server.close();
    }
  });

  it('says when camera and microphone access is denied', async () => {
    // Without the fake-UI flag, headless Chromium denies the permission prompt.
    const denied = await chromium.launch({
      headless: true,
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream'),
    });
    try {
      const page = await denied.newPage();
      await page.goto(p.shell.url);
      await page.getByRole('button', { name: 'Session', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: /denied/i }).waitFor({ timeout: 30_000 });
    } finally {
      await denied.close();
    }
  });
});
