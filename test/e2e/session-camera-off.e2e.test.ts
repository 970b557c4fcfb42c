// A session participant whose camera is off gets an audio-only per-participant file (AAC-only MP4 and a
// waveform), not a failure and not a video of their initials; one whose camera comes on while recording
// continues in a new segment with video, and the manifest says the audio-only part got black frames. The
// two participants are plain livekit-client pages (test/integration/fixtures/livekit-join-page.ts) with
// Chromium's fake microphone and camera, so when each publishes what is up to the test; the host is a real
// Fieldtape web shell recording in real Chromium against a real livekit-server.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ManifestSchema } from '../../shared/domain/manifest';
import type { RecordingSnapshot } from '../../shared/domain/recording';
import { serveBareLivekitPage } from '../support/bare-livekit-page';
import { ffprobe, pngSize } from '../support/media-check';
import { artifact, finalizedRecordings, inviteLink, joinWithInvite, mintToken, openParticipant, sleep } from './session-harness';
import { useSessionStage } from './session-stage';

const stage = useSessionStage();

function manifestOf(recording: RecordingSnapshot) {
  return ManifestSchema.parse(JSON.parse(fs.readFileSync(artifact(recording, 'manifest')!, 'utf8')));
}

describe('a session participant whose camera is off', () => {
  it('gets an audio-only file; a camera that comes on later continues it with video', { timeout: 240_000 }, async () => {
    const room = `camoff-${randomUUID().slice(0, 8)}`;
    const server = await serveBareLivekitPage();
    const contexts: BrowserContext[] = [];
    const joinBare = async (identity: string) => {
      const context = await stage.browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => typeof window.lkJoin === 'function');
      const token = await mintToken(room, identity);
      await page.evaluate(([url, t]) => window.lkJoin(url!, t!), [stage.livekit.url, token]);
      await page.evaluate(() => window.lkPublishMicrophone());
      return page;
    };
    const host = await openParticipant(stage.browser, 'host-camoff');
    stage.people.push(host);
    try {
      // carol never turns her camera on; dana turns hers on a few seconds into the recording.
      const [, danaPage] = await Promise.all([joinBare('carol'), joinBare('dana')]);
      await joinWithInvite(host, inviteLink(stage.livekit.url, await mintToken(room, 'host-camoff')));
      for (const name of ['carol', 'dana']) await host.page.getByRole('figure', { name, exact: true }).waitFor({ timeout: 60_000 });

      await host.page.getByRole('button', { name: 'Start recording' }).click();
      await host.page.getByRole('status').filter({ hasText: /Recording \d\d:\d\d/ }).waitFor({ timeout: 15_000 });
      await sleep(5_000);
      await danaPage.evaluate(() => window.lkPublishCamera());
      const cameraOnAt = Date.now();
      await sleep(6_000);
      await host.page.getByRole('button', { name: 'Stop recording' }).click();
      const stoppedAt = Date.now();

      const recordings = await finalizedRecordings(host, 4, 120_000);
      expect(recordings.map((r) => (r.detail.status === 'failed' ? `${r.participant}: ${r.detail.error.message}` : r.state))).toEqual(['ready', 'ready', 'ready', 'ready']);
      const of = (identity: string) => recordings.find((r) => r.participant === identity)!;
      const recordedSec = async (r: RecordingSnapshot) => Number(await host.page.locator(`[data-recording-id="${r.id}"]`).getAttribute('data-recorded-ms')) / 1000;

      const carol = of('carol');
      const carolMp4 = ffprobe(artifact(carol, 'mp4')!);
      console.log('carol', JSON.stringify(carolMp4), carol.segments, 'segments', await recordedSec(carol), 's recorded');
      expect(carolMp4.types).toEqual(['audio']);
      expect(carolMp4.codecs).toEqual(['aac']);
      expect(Math.abs(carolMp4.durationSec - (await recordedSec(carol)))).toBeLessThanOrEqual(1);
      expect(carol.artifacts.map((a) => a.kind).sort()).toEqual(['manifest', 'mp4', 'waveform']);
      expect(pngSize(artifact(carol, 'waveform')!)).toEqual({ width: 1280, height: 240 });
      expect(manifestOf(carol).media).toEqual({ video: false, audio: true, silentAudioAdded: false, blankVideoAdded: false });

      const dana = of('dana');
      const danaMp4 = ffprobe(artifact(dana, 'mp4')!);
      console.log('dana', JSON.stringify(danaMp4), dana.segments, 'segments', await recordedSec(dana), 's recorded', (stoppedAt - cameraOnAt) / 1000, 's with camera');
      expect(danaMp4.types.sort()).toEqual(['audio', 'video']);
      expect(dana.segments, 'the camera coming on started a new segment').toBeGreaterThanOrEqual(2);
      expect(Math.abs(danaMp4.durationSec - (await recordedSec(dana)))).toBeLessThanOrEqual(1);
      const videoSec = Number(danaMp4.streamDurations.find((d) => d.startsWith('video:'))?.split(':')[1]);
      expect(videoSec, 'the picture covers the whole file, black before the camera').toBeGreaterThanOrEqual(danaMp4.durationSec - 1);
      expect(dana.artifacts.map((a) => a.kind)).toEqual(expect.arrayContaining(['snapshot', 'filmstrip']));
      expect(manifestOf(dana).media).toEqual({ video: true, audio: true, silentAudioAdded: false, blankVideoAdded: true });

      // The host's own camera was on: a video file (black for a moment if it was still being published at Start).
      expect(manifestOf(of('host-camoff')).media).toMatchObject({ video: true, audio: true, silentAudioAdded: false });
      await host.page.getByRole('button', { name: 'Leave', exact: true }).click();
    } finally {
      for (const context of contexts) await context.close().catch(() => undefined);
      await server.close();
    }
  });
});
