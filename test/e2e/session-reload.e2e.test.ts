// Robustness of a recorded session: the host's renderer crashes mid-recording and the page is opened
// again; the engine kept the journal, the page rejoins by itself and every recording continues as a new
// segment; the crash and the reopening lose at most 2 s in all. The crash is timed for the worst case:
// just before the recorder's next hand-over, when the dying renderer holds nearly a whole 1 s timeslice.
// Then the LiveKit server itself restarts: clients show that they are reconnecting, come back, and the
// recording goes on.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  artifact,
  inviteLink,
  joinWithInvite,
  mintToken,
  openParticipant,
  sleep,
  finalizedRecordings,
  listRecordings,
  type Participant,
} from './session-harness';
import { ffprobe, journalMediaSeconds } from '../support/media-check';
import { useSessionStage } from './session-stage';
import { waitFor } from '../support/cli';

const stage = useSessionStage();
/** The recorders hand over media every 500 ms (recording-controller.ts); a crash loses what they held. */
const TIMESLICE_SEC = 0.5;
/**
 * How long after the composite recorder's hand-over (its dataavailable event) the crash is aimed: the next
 * hand-over is due one timeslice after it, and what the CDP round trip to crash the renderer adds still
 * lands before that.
 */
const WORST_CASE_AFTER_HANDOVER_MS = 370;
/** The bound: killing the renderer mid-recording and reopening it loses at most this much. */
const MAX_LOST_SEC = 2;

/**
 * Test instrumentation, installed in the host page before Start: every MediaRecorder started from then on
 * records when it last handed over media. The journal cannot tell this moment (a chunk reaches it after
 * IPC and fsync, later by a varying amount on a busy machine), and the crash must be timed from it.
 */
function watchHandOvers(): void {
  const w = window as unknown as { __recorders: MediaRecorder[] };
  w.__recorders = [];
  const start = MediaRecorder.prototype.start;
  MediaRecorder.prototype.start = function (this: MediaRecorder, ...args: Parameters<MediaRecorder['start']>) {
    w.__recorders.push(this);
    return start.apply(this, args);
  };
}

/**
 * Resolves in the host page once the composite recorder (the one with the highest video bit rate) handed
 * over media `afterMs` ago and has not handed over since; an aim that overshot (a busy main thread ran the
 * timer late) waits for the next hand-over and aims again. Returns how many aims it took.
 */
function aimAfterHandOver(afterMs: number): Promise<number> {
  const w = window as unknown as { __recorders: MediaRecorder[] };
  const live = w.__recorders.filter((r) => r.state === 'recording');
  const composite = live.reduce((best, r) => (r.videoBitsPerSecond > best.videoBitsPerSecond ? r : best), live[0]!);
  const handOver = () => new Promise<number>((resolve) => composite.addEventListener('dataavailable', () => resolve(performance.now()), { once: true }));
  return (async () => {
    for (let aim = 1; ; aim++) {
      const at = await handOver();
      let next = false;
      void handOver().then(() => (next = true));
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      if (!next && performance.now() - at < afterMs + 60) return aim;
      if (aim >= 20) throw new Error(`could not aim the crash ${afterMs} ms after a hand-over in 20 tries`);
    }
  })();
}

/** A recording's journal segments, oldest first. */
function journalSegments(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ftj')).sort().map((f) => path.join(dir, f));
}

const indicator = (p: Participant) => p.page.getByRole('status').filter({ hasText: /Recording \d\d:\d\d/ });

describe('a recorded session survives', () => {
  it('the host page crashing mid-recording: it resumes as a new segment and loses at most 2 s', { timeout: 300_000 }, async () => {
    const room = `reload-${randomUUID().slice(0, 8)}`;
    const [host, ada] = await Promise.all([openParticipant(stage.browser, 'host'), openParticipant(stage.browser, 'ada')]);
    stage.people.push(host, ada);
    await joinWithInvite(host, inviteLink(stage.livekit.url, await mintToken(room, 'host')));
    await joinWithInvite(ada, inviteLink(stage.livekit.url, await mintToken(room, 'ada')));
    await host.page.getByRole('figure', { name: 'ada', exact: true }).waitFor({ timeout: 30_000 });
    // Ada's camera reaches the host before Start. A participant without a camera at Start is recorded
    // audio-only and continues with video in a second segment once it arrives (participant-media.ts); that
    // switch costs a recorder start of its own, and this test is about the crash, not about it.
    await host.page.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: /^ada/ }).filter({ hasText: 'camera on' }).waitFor({ timeout: 30_000 });

    await host.page.evaluate(watchHandOvers);
    await host.page.getByRole('button', { name: 'Start recording' }).click();
    const t0 = Date.now();
    await indicator(host).waitFor({ timeout: 30_000 });
    await waitFor(async () => (await listRecordings(host)).find((r) => r.participant === null)?.id, 30_000, 'the composite recording');
    // Measure from when the recorders really started (the pipeline marks it), not from the click: the
    // notice and the engine's reply come in between, and the file cannot hold what was never recorded.
    const recorderStartedAt = await host.page.evaluate(() => performance.timeOrigin + (performance.getEntriesByName('fieldtape:recorder-start')[0]?.startTime ?? NaN));
    expect(Number.isFinite(recorderStartedAt), 'the recorder start mark').toBe(true);
    await sleep(Math.max(0, t0 + 8_000 - Date.now()));
    // The worst moment to die: the composite recorder handed over a moment ago and the next hand-over is
    // nearly due, so the renderer holds almost a whole timeslice of media that nobody else has.
    const aims = await host.page.evaluate(aimAfterHandOver, WORST_CASE_AFTER_HANDOVER_MS);

    // Kill the renderer (not the tab) and load the page again in the same tab, as the Electron shell does
    // after a renderer crash: sessionStorage lives in the browser process and survives. Playwright keeps
    // its Page object marked as crashed, so the reopened page is driven through CDP.
    const cdp = await host.context.newCDPSession(host.page);
    const crashed = new Promise<void>((resolve) => host.page.once('crash', () => resolve()));
    const crashSentAt = Date.now();
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
    const crashAt = Date.now();
    await cdp.send('Page.navigate', { url: host.shell.url });
    const evaluate = async (expression: string): Promise<unknown> => {
      const reply = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true }).catch(() => null)) as { result?: { value?: unknown } } | null;
      return reply?.result?.value;
    };
    const stopButton = `[...document.querySelectorAll('button')].find((b) => b.textContent === 'Stop recording')`;
    await waitFor(async () => /Recording \d\d:\d\d/.test(String(await evaluate(`document.querySelector('[role=status].recording-indicator')?.textContent ?? ''`))), 60_000, 'the indicator after reopening');
    await waitFor(async () => (await evaluate(`Boolean(${stopButton})`)) === true, 60_000, 'the Stop recording button after reopening');
    const resumedAfter = Date.now() - crashAt;
    // Where the reopened page spent that time (ms since its navigation started), for the report.
    const timeline = await evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const marks = {};
      for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('fieldtape:') && !(m.name.slice(10) in marks)) marks[m.name.slice(10)] = Math.round(m.startTime);
      return { navigationStartedAfterCrashMs: Math.round(performance.timeOrigin - ${crashAt}), responseEnd: Math.round(nav?.responseEnd ?? -1), domContentLoaded: Math.round(nav?.domContentLoadedEventEnd ?? -1), ...marks };
    })()`);
    console.log('reload timeline', JSON.stringify(timeline));
    await indicator(ada).waitFor({ timeout: 30_000 });

    await sleep(Math.max(0, t0 + 20_000 - Date.now(), crashAt + 10_000 - Date.now()));
    await evaluate(`${stopButton}.click()`);
    const t1 = Date.now();

    const recordings = await finalizedRecordings(host, 3, 180_000);
    console.log('reload recordings', JSON.stringify(recordings.map((r) => ({ id: r.id, participant: r.participant, state: r.state, segments: r.segments, durationSec: r.durationSec }))));
    expect(recordings).toHaveLength(3);
    const composite = recordings.find((r) => r.participant === null)!;
    expect(composite.state).toBe('ready');
    expect(composite.segments).toBeGreaterThanOrEqual(2);
    const info = ffprobe(artifact(composite, 'mp4')!);
    // Lost = the time between Start and Stop that the file does not hold: at most 2 s. Two parts, measured
    // from the journal's segments, for the report: the tail the dying renderer had recorded but not yet
    // handed over (MediaRecorder hands over once per 500 ms timeslice; the crash is timed to make this nearly
    // the whole timeslice), and the time from the crash until the reopened page recorded again.
    const wallSec = (t1 - recorderStartedAt) / 1000;
    const lost = wallSec - info.durationSec;
    const journal = path.join(host.home.dir, 'recordings', composite.id, 'journal');
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-reload-'));
    const media = journalSegments(journal).map((file) => journalMediaSeconds(file, scratch));
    fs.rmSync(scratch, { recursive: true, force: true });
    const tailLostSec = (crashSentAt - recorderStartedAt) / 1000 - media[0]!;
    const resumeLostSec = (t1 - crashSentAt) / 1000 - media.slice(1).reduce((a, b) => a + b, 0);
    expect(resumedAfter, 'the reopened page was recording again').toBeLessThan(30_000);
    console.log('reload', JSON.stringify({ wallSec, fileSec: info.durationSec, lostSec: lost, tailLostSec, resumeLostSec, resumedAfterMs: resumedAfter, aims, segments: composite.segments }));
    expect(info.types.sort()).toEqual(['audio', 'video']);
    expect(tailLostSec, 'the crash came late in a timeslice, as intended').toBeGreaterThan(0.5 * TIMESLICE_SEC);
    expect(lost, 'lost in all').toBeLessThanOrEqual(MAX_LOST_SEC);
    // Each participant's own recording went on in a new segment too, and lost no more.
    for (const identity of ['host', 'ada']) {
      const rec = recordings.find((r) => r.participant === identity)!;
      expect(rec.state).toBe('ready');
      expect(rec.segments).toBeGreaterThanOrEqual(2);
      const own = ffprobe(artifact(rec, 'mp4')!);
      console.log('reload', identity, JSON.stringify({ fileSec: own.durationSec, lostSec: wallSec - own.durationSec }));
      expect(own.types.sort()).toEqual(['audio', 'video']);
      expect(wallSec - own.durationSec, `${identity}'s recording`).toBeLessThanOrEqual(MAX_LOST_SEC);
    }

    await ada.page.getByRole('button', { name: 'Leave', exact: true }).click();
  });

  it.skipIf(process.env.FIELDTAPE_E2E_ONLY_CRASH)('the LiveKit server restarting: everyone reconnects and the recording continues', { timeout: 300_000 }, async () => {
    const room = `restart-${randomUUID().slice(0, 8)}`;
    const [host, ada] = await Promise.all([openParticipant(stage.browser, 'host2'), openParticipant(stage.browser, 'ada2')]);
    stage.people.push(host, ada);
    await joinWithInvite(host, inviteLink(stage.livekit.url, await mintToken(room, 'host2')));
    await joinWithInvite(ada, inviteLink(stage.livekit.url, await mintToken(room, 'ada2')));
    await host.page.getByRole('figure', { name: 'ada2', exact: true }).waitFor({ timeout: 30_000 });

    await host.page.getByRole('button', { name: 'Start recording' }).click();
    const t0 = Date.now();
    await indicator(ada).waitFor({ timeout: 30_000 });
    await sleep(5_000);

    await stage.livekit.restart(1500);
    await host.page.getByText(/reconnecting/i).waitFor({ timeout: 30_000 });
    // Back: the notice clears and the participants see each other again.
    await host.page.locator('.connection-notice[data-state="connected"]').waitFor({ state: 'attached', timeout: 90_000 });
    await ada.page.locator('.connection-notice[data-state="connected"]').waitFor({ state: 'attached', timeout: 90_000 });
    await host.page.getByRole('figure', { name: 'ada2', exact: true }).waitFor({ timeout: 60_000 });
    await indicator(ada).waitFor({ timeout: 30_000 });
    await sleep(5_000);

    await host.page.getByRole('button', { name: 'Stop recording' }).click();
    const t1 = Date.now();
    const recordings = await finalizedRecordings(host, 3, 180_000);
    const composite = recordings.find((r) => r.participant === null)!;
    expect(composite.state).toBe('ready');
    const info = ffprobe(artifact(composite, 'mp4')!);
    console.log('restart', JSON.stringify({ wallSec: (t1 - t0) / 1000, fileSec: info.durationSec, segments: composite.segments }));
    // The composite never stopped: it covers the whole time, outage included.
    expect(Math.abs((t1 - t0) / 1000 - info.durationSec)).toBeLessThanOrEqual(3);
    expect(recordings.find((r) => r.participant === 'ada2')?.state).toBe('ready');

    await host.page.getByRole('button', { name: 'Leave', exact: true }).click();
    await ada.page.getByRole('button', { name: 'Leave', exact: true }).click();
  });
});
