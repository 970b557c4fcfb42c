// A host who presses Stop right after Start still gets playable files. The composite and each
// participant's recording come from the compositor worker's generated tracks, which get their first frame
// only when the worker has drawn one; a recorder stopped before that used to hand over no media at all,
// and the engine could only fail the recording ("no chunk was ever made durable"). It showed as a CI
// flake when Stop came about a second after Start on a busy machine.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ffprobe } from '../support/media-check';
import { artifact, finalizedRecordings, inviteLink, joinWithInvite, mintToken, openParticipant } from './session-harness';
import { useSessionStage } from './session-stage';

const stage = useSessionStage();

describe('Stop right after Start', () => {
  it('leaves a ready composite and a ready per-participant file, each with video', { timeout: 240_000 }, async () => {
    const room = `quick-${randomUUID().slice(0, 8)}`;
    const host = await openParticipant(stage.browser, 'quick-host');
    stage.people.push(host);
    await joinWithInvite(host, inviteLink(stage.livekit.url, await mintToken(room, 'quick-host')));
    await host.page.getByRole('figure', { name: 'quick-host', exact: true }).locator('video').waitFor({ timeout: 60_000 });

    // Both presses in one task of the page, so that nothing (not even Playwright's round trips) lets the
    // compositor draw in between.
    const gapMs = await host.page.evaluate(async () => {
      const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name || b.getAttribute('aria-label') === name);
      const start = button('Start recording');
      if (!start) throw new Error('no Start recording button');
      start.click();
      const began = performance.now();
      for (;;) {
        const stop = button('Stop recording');
        if (stop && !stop.disabled) {
          stop.click();
          return performance.now() - began;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    console.log(`[quick-stop] Stop pressed ${gapMs.toFixed(0)} ms after Start`);

    const recordings = await finalizedRecordings(host, 2, 120_000);
    expect(recordings.map((r) => `${r.participant ?? 'composite'}: ${r.detail.status === 'failed' ? r.detail.error.message : r.state}`).sort()).toEqual(['composite: ready', 'quick-host: ready']);
    for (const recording of recordings) {
      const media = ffprobe(artifact(recording, 'mp4')!, true);
      expect(media.types, `${recording.participant ?? 'composite'} has video`).toContain('video');
      expect(media.videoFrames ?? 0, `${recording.participant ?? 'composite'} has at least one frame`).toBeGreaterThan(0);
    }
  });
});
