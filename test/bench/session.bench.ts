// `npm run bench:session`: the host's renderer while it records a 3-participant composite at 720p.
// Three Fieldtape web shells (one engine each) and real Chromium participants with fake 720p cameras join
// a private livekit-server. The host runs in its own Chromium, so its renderer process is known (CDP
// SystemInfo.getProcessInfo). Measured, in the same run: the host renderer's CPU and memory in the call
// before recording (baseline) and while recording; then the composite's frames recorded (ffprobe
// -count_frames) against frames expected (duration × 30 fps).
//
// FIELDTAPE_BENCH_SESSION_SEC   recording length (default 300 s = 5 minutes)
// FIELDTAPE_BENCH_BASELINE_SEC  in-call baseline before recording (default 30 s)
// FIELDTAPE_BENCH_PER_PARTICIPANT=1  also record each participant (default: composite only)
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { ensureGoBinaries } from '../services/go-binaries';
import { launchChromium } from '../support/chromium';
import {
  artifact,
  closeParticipant,
  contractOf,
  inviteLink,
  joinWithInvite,
  mintToken,
  openParticipant,
  SESSION_CHROMIUM_ARGS,
  sleep,
  startPrivateLivekit,
  finalizedRecordings,
  type Participant,
} from '../e2e/session-harness';
import { ffprobe } from '../support/media-check';
import { writeReport, type BenchRow } from './bench-report';
import { measureRenderer as measure } from './renderer-sampler';

const RECORD_SEC = Number(process.env.FIELDTAPE_BENCH_SESSION_SEC ?? 300);
const BASELINE_SEC = Number(process.env.FIELDTAPE_BENCH_BASELINE_SEC ?? 30);
const PER_PARTICIPANT = process.env.FIELDTAPE_BENCH_PER_PARTICIPANT === '1';
const FPS = 30;

async function main(): Promise<void> {
  const loadAtStart = os.loadavg();
  await ensureGoBinaries((line) => console.log(`[services] ${line}`));
  const livekit = await startPrivateLivekit();
  const hostBrowser: Browser = await launchChromium({ extraArgs: SESSION_CHROMIUM_ARGS });
  const guestBrowser: Browser = await launchChromium({ extraArgs: SESSION_CHROMIUM_ARGS });
  const people: Participant[] = [];
  try {
    const room = `bench-${randomUUID().slice(0, 8)}`;
    const host = await openParticipant(hostBrowser, 'host');
    const guests = await Promise.all([openParticipant(guestBrowser, 'ada'), openParticipant(guestBrowser, 'bob')]);
    people.push(host, ...guests);
    const client = await contractOf(host);
    await client.call('session.configure', { recordPerParticipant: PER_PARTICIPANT });
    client.close();
    await joinWithInvite(host, inviteLink(livekit.url, await mintToken(room, 'host')));
    for (const g of guests) await joinWithInvite(g, inviteLink(livekit.url, await mintToken(room, g.name)));
    for (const name of ['ada', 'bob']) await host.page.getByRole('figure', { name, exact: true }).waitFor({ timeout: 60_000 });

    const browserCdp = await hostBrowser.newBrowserCDPSession();
    const pageCdp = await host.context.newCDPSession(host.page as Page);
    await pageCdp.send('Performance.enable');
    await sleep(5_000); // let the call settle (bandwidth estimation, simulcast layers)
    const baseline = await measure(browserCdp, pageCdp, BASELINE_SEC, 'in call, not recording');

    await host.page.getByRole('button', { name: 'Start recording' }).click();
    const t0 = Date.now();
    const recording = await measure(browserCdp, pageCdp, RECORD_SEC, 'recording the composite');
    // Frames the compositor drew (the page reports them every 3 s) tell drawing apart from encoding.
    const section = host.page.locator('section.session');
    const drawn = Number(await section.getAttribute('data-composite-frames'));
    const drawnOverMs = Number(await section.getAttribute('data-graph-age-ms'));
    const drawMs = Number(await section.getAttribute('data-draw-ms'));
    const conversions = Number(await section.getAttribute('data-frame-conversions'));
    await host.page.getByRole('button', { name: 'Stop recording' }).click();
    const t1 = Date.now();

    const recordings = await finalizedRecordings(host, 1, 30 * 60_000);
    const composite = recordings.find((r) => r.participant === null);
    if (!composite || composite.state !== 'ready') throw new Error(`the composite did not finalize: ${JSON.stringify(composite?.detail)}`);
    const info = ffprobe(artifact(composite, 'mp4')!, true);
    const expectedFrames = info.durationSec * FPS;
    const frames = info.videoFrames ?? 0;
    const rows: BenchRow[] = [
      { metric: 'host renderer CPU while recording', value: recording.cpuPercent, unit: '% of one core', baseline: baseline.cpuPercent, ratio: recording.cpuPercent / baseline.cpuPercent, note: 'baseline: same call, not recording' },
      { metric: 'host Chromium (all processes) CPU', value: recording.browserCpuPercent, unit: '% of one core', baseline: baseline.browserCpuPercent, ratio: recording.browserCpuPercent / baseline.browserCpuPercent },
      { metric: 'host renderer RSS (mean)', value: recording.rssMbMean, unit: 'MB', baseline: baseline.rssMbMean, ratio: recording.rssMbMean / baseline.rssMbMean },
      { metric: 'host renderer RSS (max)', value: recording.rssMbMax, unit: 'MB', baseline: baseline.rssMbMax, ratio: recording.rssMbMax / baseline.rssMbMax },
      { metric: 'host JS heap (max)', value: recording.heapMbMax, unit: 'MB', baseline: baseline.heapMbMax, ratio: recording.heapMbMax / baseline.heapMbMax },
      { metric: 'composite frames recorded', value: frames, unit: 'frames', baseline: expectedFrames, ratio: frames / expectedFrames, note: `expected = ${info.durationSec.toFixed(1)} s × ${FPS} fps` },
      { metric: 'composite dropped-frame rate', value: Math.max(0, 1 - frames / expectedFrames) * 100, unit: '%' },
      { metric: 'composite frames drawn by the page', value: drawn, unit: 'frames', baseline: (drawnOverMs / 1000) * FPS, ratio: drawn / ((drawnOverMs / 1000) * FPS), note: 'canvas redraws vs 30 fps over the same time' },
      { metric: 'main-thread time per composite frame', value: drawn > 0 ? drawMs / drawn : 0, unit: 'ms', note: 'all recording canvases, per tick' },
      { metric: 'video frames converted per composite frame', value: drawn > 0 ? conversions / drawn : 0, unit: 'frames', note: 'each track converts only its new frames (3 tracks: at most 3)' },
      { metric: 'composite duration vs wall clock', value: info.durationSec, unit: 's', baseline: (t1 - t0) / 1000, ratio: info.durationSec / ((t1 - t0) / 1000) },
    ];
    writeReport('session', rows, {
      config: { recordSec: RECORD_SEC, baselineSec: BASELINE_SEC, perParticipant: PER_PARTICIPANT, participants: 3, compositeSize: '1280x720', fps: FPS },
      composite: { id: composite.id, ...info },
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg() },
      note: 'load average is the whole machine (other jobs included); see docs/sessions.md',
    });
  } finally {
    for (const p of people) await closeParticipant(p);
    await hostBrowser.close();
    await guestBrowser.close();
    await livekit.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
