// An end-to-end encrypted session in real Chromium against a real livekit-server: three participants share
// a key from their invites (two type it into the Invite link box, which rebuilds the page's Room for the
// key; one opens it from the page URL). The host records composite + per-participant while Ada marks
// Bob's tile: every file has audio and video, and the mark is burned into the composite and Bob's file.
// A fourth participant with another key gets no decodable media, and is told why.
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifact, drawOn, finalizedRecordings, inviteLink, joinWithInvite, joinWithQuery, mintToken, openParticipant, sleep } from './session-harness';
import { ffprobe, redMarkShare } from '../support/media-check';
import { useSessionStage } from './session-stage';

const stage = useSessionStage();
const RECORD_MS = 15_000;

const encryptedInvite = (token: string, key: string) => `${inviteLink(stage.livekit.url, token)}&e2ee=${key}`;

/** Video frames the page has decoded and shown in a participant's tile (0: nothing could be decoded). */
async function framesShown(page: Page, tile: string): Promise<number> {
  return page
    .getByRole('figure', { name: tile, exact: true })
    .locator('video')
    .evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames);
}

describe('an end-to-end encrypted session', () => {
  it('records composite + per-participant with the marks burned in; a wrong key decodes nothing', { timeout: 300_000 }, async () => {
    const room = `e2ee-${randomUUID().slice(0, 8)}`;
    const key = randomBytes(32).toString('base64url');
    const [host, ada, bob] = await Promise.all([openParticipant(stage.browser, 'host'), openParticipant(stage.browser, 'ada'), openParticipant(stage.browser, 'bob')]);
    stage.people.push(host, ada, bob);
    const [hostToken, adaToken, bobToken, eveToken] = await Promise.all(['host', 'ada', 'bob', 'eve'].map((id) => mintToken(room, id)));

    await joinWithInvite(host, encryptedInvite(hostToken!, key));
    await joinWithQuery(ada, encryptedInvite(adaToken!, key));
    await joinWithInvite(bob, encryptedInvite(bobToken!, key));
    for (const p of [host, ada, bob]) await p.page.getByRole('status').filter({ hasText: 'End-to-end encrypted' }).waitFor({ timeout: 10_000 });
    // Everyone decodes everyone: the key works, and the host records real pictures.
    for (const [p, other] of [
      [host, 'ada'],
      [host, 'bob'],
      [ada, 'host'],
      [ada, 'bob'],
    ] as const) {
      await p.page.getByRole('figure', { name: other, exact: true }).locator('video').waitFor({ timeout: 30_000 });
      await expect.poll(() => framesShown(p.page, other), { timeout: 30_000, message: `${p.name} decodes ${other}'s video` }).toBeGreaterThan(10);
    }

    await host.page.getByRole('button', { name: 'Start recording' }).click();
    const t0 = Date.now();
    for (const p of [ada, bob]) {
      // The recording signals travel as encrypted data messages: they arrive too.
      await p.page.getByRole('alert').filter({ hasText: 'being recorded' }).waitFor({ timeout: 15_000 });
      await p.page.getByRole('button', { name: 'I understand' }).click();
    }
    await ada.page.getByRole('button', { name: 'Rectangle' }).click();
    await drawOn(ada.page, 'bob', [0.25, 0.25], [0.75, 0.75]);
    const markedAt = (Date.now() - t0) / 1000;

    // Eve has another key: she is in the room, but nothing she receives can be decrypted.
    const eve = await openParticipant(stage.browser, 'eve');
    stage.people.push(eve);
    await joinWithQuery(eve, encryptedInvite(eveToken!, randomBytes(32).toString('base64url')));
    await eve.page.getByRole('alert').filter({ hasText: 'cannot be decrypted' }).waitFor({ timeout: 20_000 });
    // For whoever looks at what this screen says (not asserted): the host recording, and Eve.
    await host.page.screenshot({ path: path.join(os.tmpdir(), 'session-e2ee-host.png') }).catch(() => undefined);
    await eve.page.screenshot({ path: path.join(os.tmpdir(), 'session-e2ee-wrong-key.png') }).catch(() => undefined);
    await sleep(Math.max(0, t0 + RECORD_MS - Date.now()));
    for (const other of ['host', 'ada']) {
      const shown = await eve.page.getByRole('figure', { name: other, exact: true }).locator('video').count();
      const frames = shown ? await framesShown(eve.page, other) : 0;
      expect(frames, `eve decoded ${frames} frames of ${other}'s video`).toBe(0);
    }
    // In the same time the right key keeps decoding: the zero above is the key, not a stalled call.
    expect(await framesShown(ada.page, 'host')).toBeGreaterThan(100);
    await eve.page.getByRole('button', { name: 'Leave', exact: true }).click();

    await host.page.getByRole('button', { name: 'Stop recording' }).click();
    await host.page.getByRole('button', { name: 'Start recording' }).waitFor({ timeout: 120_000 });
    const recordings = (await finalizedRecordings(host, 4, 120_000)).filter((r) => r.participant !== 'eve');
    expect(recordings.map((r) => `${r.participant ?? 'composite'}: ${r.detail.status === 'failed' ? r.detail.error.message : r.state}`).sort()).toEqual([
      'ada: ready',
      'bob: ready',
      'composite: ready',
      'host: ready',
    ]);
    const file = (who: string | null) => artifact(recordings.find((r) => r.participant === who)!, 'mp4')!;
    for (const who of [null, 'host', 'ada', 'bob']) {
      const info = ffprobe(file(who));
      expect(info.types.sort(), `${who ?? 'composite'} has audio and video`).toEqual(['audio', 'video']);
    }
    // The mark, drawn at markedAt on Bob's tile, is in the composite and in Bob's own file; the host's own
    // file has no mark and no red.
    const at = Math.max(markedAt + 2, RECORD_MS / 1000 - 3);
    const red = { composite: redMarkShare(file(null), at), bob: redMarkShare(file('bob'), at), host: redMarkShare(file('host'), at) };
    console.log(`red chroma samples at ${at.toFixed(1)} s (mark drawn at ${markedAt.toFixed(1)} s):`, JSON.stringify(red));
    // Measured: 0.43 % of the composite's chroma samples and 1.7 % of Bob's file (a quarter of the picture
    // per tile in the composite), 0 in the host's.
    expect(red.composite).toBeGreaterThan(0.001);
    expect(red.bob).toBeGreaterThan(0.005);
    expect(red.host).toBeLessThan(0.0005);
  });
});
