// LiveKit's own "this room is being recorded" flag, seen by a client that is not Fieldtape: a bare
// livekit-client page reads room.isRecording, which the server raises while a participant with the
// `recorder` grant is in the room. The host's app brings that participant in from Start to Stop, with a
// token from the profile's token endpoint (asked with recorder: true). Without a token endpoint the host
// is told that other apps cannot see the recording.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serveBareLivekitPage } from '../support/bare-livekit-page';
import { waitFor } from '../support/cli';
import { contractOf, finalizedRecordings, inviteLink, joinWithInvite, mintToken, openParticipant, sleep, type Participant } from './session-harness';
import { useSessionStage } from './session-stage';

const stage = useSessionStage();

interface TokenRequestSeen {
  room: string;
  identity: string;
  recorder: boolean;
}

/** A token endpoint as a tenant would run it: a recorder request gets a hidden recorder-grant token. */
async function startTokenEndpoint(livekitUrl: string): Promise<{ url: string; requests: TokenRequestSeen[]; close(): void }> {
  const requests: TokenRequestSeen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const { room, identity, recorder } = JSON.parse(body) as { room: string; identity: string; recorder?: boolean };
      requests.push({ room, identity, recorder: recorder === true });
      void mintToken(room, identity, { recorder: recorder === true }).then((token) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: livekitUrl, token })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, requests, close: () => server.close() };
}

async function configureEndpoint(p: Participant, tokenEndpoint: string | null): Promise<void> {
  const client = await contractOf(p);
  try {
    const result = await client.call('session.configure', { tokenEndpoint });
    expect(result.ok).toBe(true);
  } finally {
    client.close();
  }
}

describe("LiveKit's room.isRecording", () => {
  it('goes true for a bare livekit-client participant at Start and false at Stop', { timeout: 240_000 }, async () => {
    const room = `flag-${randomUUID().slice(0, 8)}`;
    const endpoint = await startTokenEndpoint(stage.livekit.url);
    const bare = await serveBareLivekitPage();
    const context = await stage.browser.newContext();
    const page = await context.newPage();
    try {
      const host = await openParticipant(stage.browser, 'flag-host');
      stage.people.push(host);
      await configureEndpoint(host, endpoint.url);
      await page.goto(bare.url);
      await page.waitForFunction(() => typeof window.lkJoin === 'function');
      const token = await mintToken(room, 'bare-watcher');
      await page.evaluate(([url, t]) => window.lkJoin(url!, t!), [stage.livekit.url, token]);
      await page.evaluate(() => window.lkPublishCamera());
      await joinWithInvite(host, inviteLink(stage.livekit.url, await mintToken(room, 'flag-host')));
      await host.page.getByRole('figure', { name: 'bare-watcher', exact: true }).waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => window.lkIsRecording())).toBe(false);

      await host.page.getByRole('button', { name: 'Start recording' }).click();
      await waitFor(async () => (await page.evaluate(() => window.lkIsRecording())) || undefined, 30_000, 'room.isRecording true at the bare client');
      // The recorder participant is hidden: nobody sees it as a person in the room.
      expect(await page.evaluate(() => window.lkRemoteIdentities())).toEqual(['flag-host']);
      expect(endpoint.requests).toContainEqual({ room, identity: 'flag-host.recorder', recorder: true });
      await sleep(3_000);
      expect(await page.evaluate(() => window.lkIsRecording()), 'still true while recording').toBe(true);

      await host.page.getByRole('button', { name: 'Stop recording' }).click();
      await waitFor(async () => (!(await page.evaluate(() => window.lkIsRecording())) ? true : undefined), 30_000, 'room.isRecording false at the bare client');
      expect(await page.evaluate(() => window.lkProbe.recording)).toEqual([true, false]);
      const recordings = await finalizedRecordings(host, 3, 120_000);
      expect(recordings.every((r) => r.state === 'ready')).toBe(true);
      await host.page.getByRole('button', { name: 'Leave', exact: true }).click();
    } finally {
      await page.evaluate(() => window.lkLeave()).catch(() => undefined);
      await context.close();
      await bare.close();
      endpoint.close();
    }
  });

  it('says so to the host when there is no token endpoint to issue the recorder token', { timeout: 240_000 }, async () => {
    const room = `noflag-${randomUUID().slice(0, 8)}`;
    const host = await openParticipant(stage.browser, 'noflag-host');
    stage.people.push(host);
    await configureEndpoint(host, null);
    await joinWithInvite(host, inviteLink(stage.livekit.url, await mintToken(room, 'noflag-host')));
    await host.page.getByRole('button', { name: 'Start recording' }).click();
    await host.page.getByText(/Other LiveKit apps in this session are not told that it is being recorded: the session profile has no token endpoint/).waitFor({ timeout: 30_000 });
    // The recording itself goes on.
    await host.page.getByRole('status').filter({ hasText: /Recording \d\d:\d\d/ }).waitFor({ timeout: 30_000 });
    await host.page.getByRole('button', { name: 'Stop recording' }).click();
    const recordings = await finalizedRecordings(host, 2, 120_000);
    expect(recordings.map((r) => (r.detail.status === 'failed' ? `${r.participant ?? 'composite'}: ${r.detail.error.message}` : r.state))).toEqual(['ready', 'ready']);
    await host.page.getByRole('button', { name: 'Leave', exact: true }).click();
  });
});
