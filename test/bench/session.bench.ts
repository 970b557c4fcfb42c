// `npm run bench:session`: the host's renderer while it records a 3-participant session at 720p: the
// composite and, by default (the product's default), each participant's own file.
// Three Fieldtape web shells (one engine each) and real Chromium participants with fake 720p cameras join
// a private livekit-server. The host runs in its own Chromium, so its renderer process is known (CDP
// SystemInfo.getProcessInfo); its engine delivers instantly to a private MinIO (write-only user). Measured,
// in the same run: the host renderer's CPU and memory in the call before recording (baseline) and while
// recording; for the composite and each per-participant file, frames recorded (ffprobe -count_frames)
// against frames expected (duration × the rate it is drawn at); and stop → bucket: from pressing Stop to
// each file's manifest being in the bucket.
//
// FIELDTAPE_BENCH_SESSION_SEC   recording length (default 300 s = 5 minutes)
// FIELDTAPE_BENCH_BASELINE_SEC  in-call baseline before recording (default 30 s)
// FIELDTAPE_BENCH_PER_PARTICIPANT=0  record the composite only (default: per-participant files too)
// FIELDTAPE_BENCH_GUEST_NICE    niceness of the guests' browser (default 10; 0: same priority as the host).
//                               The two guests stand in for other people's machines: on this 2-core machine
//                               at equal priority they take the CPU the host's recording needs, which no
//                               real host shares with its guests. The report says which was used.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
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
  listRecordings,
  type Participant,
} from '../e2e/session-harness';
import { runCli } from '../support/cli';
import { ffprobe } from '../support/media-check';
import { startPrivateMinio, type PrivateMinio } from '../support/private-minio';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess } from '../support/web-shell-process';
import { writeReport, type BenchRow } from './bench-report';
import { measureRenderer as measure } from './renderer-sampler';

const RECORD_SEC = Number(process.env.FIELDTAPE_BENCH_SESSION_SEC ?? 300);
const BASELINE_SEC = Number(process.env.FIELDTAPE_BENCH_BASELINE_SEC ?? 30);
const PER_PARTICIPANT = process.env.FIELDTAPE_BENCH_PER_PARTICIPANT !== '0';
const GUEST_NICE = Number(process.env.FIELDTAPE_BENCH_GUEST_NICE ?? 10);
const FPS = 30;
/** Per-participant files are drawn at this rate (renderer/features/session/recording/recording-graph.ts). */
const PARTICIPANT_FPS = 15;
const PROFILE = 'bench';

/** Polls the bucket until every recording's manifest is there; returns when each appeared. */
async function manifestsInBucket(minio: PrivateMinio, ids: readonly string[], timeoutMs: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  while (seen.size < ids.length && Date.now() < deadline) {
    const listed = await minio.admin.send(new ListObjectsV2Command({ Bucket: minio.bucket, Prefix: `${PROFILE}/` }));
    for (const id of ids) if (!seen.has(id) && (listed.Contents ?? []).some((o) => o.Key?.endsWith(`/${id}/manifest.json`))) seen.set(id, Date.now());
    await sleep(50);
  }
  return seen;
}

/**
 * Where a file's frames are missing: the gaps between frames longer than 1.5 frame intervals, how many
 * frames they lose, and the longest one. Evenly spread small gaps point at an encoder that cannot keep
 * up; a few long ones at stalls.
 */
function frameGaps(file: string, fps: number): { gaps: number; lostFrames: number; longestMs: number; longestAtSec: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const times = out.split('\n').filter((line) => line.trim() !== '').map(Number).filter(Number.isFinite).sort((a, b) => a - b);
  const interval = 1 / fps;
  const result = { gaps: 0, lostFrames: 0, longestMs: 0, longestAtSec: 0 };
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (gap <= 1.5 * interval) continue;
    result.gaps++;
    result.lostFrames += Math.round(gap / interval) - 1;
    if (gap * 1000 > result.longestMs) Object.assign(result, { longestMs: Math.round(gap * 1000), longestAtSec: Number(times[i - 1]!.toFixed(1)) });
  }
  return result;
}

/**
 * What the host's engine logged about each recording after Stop (ms from the Stop click): where the stop →
 * bucket time goes (the renderer's last chunks, the instant remux's end, previews, manifest, upload tail).
 */
function stopTimeline(home: string, ids: readonly string[], stopAt: number): Record<string, string[]> {
  const file = path.join(home, 'logs', 'fieldtape.log');
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  const out: Record<string, string[]> = Object.fromEntries(ids.map((id) => [id, []]));
  for (const line of lines) {
    if (!line) continue;
    const entry = JSON.parse(line) as { t: string; message: string; id?: string; recordingId?: string; ms?: unknown };
    const id = entry.id ?? entry.recordingId;
    const at = Date.parse(entry.t) - stopAt;
    if (!id || !out[id] || at < -1000) continue;
    out[id]!.push(`${at} ms ${entry.message}${entry.ms ? ` ${JSON.stringify(entry.ms)}` : ''}`);
  }
  return out;
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg();
  await ensureGoBinaries((line) => console.log(`[services] ${line}`));
  const livekit = await startPrivateLivekit();
  const minio = await startPrivateMinio();
  // The host's engine delivers to MinIO instantly (as the product does with a destination set).
  const hostHome = makeTempHome('fieldtape-bench-session-host-');
  const secretEnv = { FT_BENCH_SECRET: minio.writerSecret };
  for (const args of [
    ['profile', 'add', PROFILE, '--endpoint', minio.endpoint, '--region', minio.region, '--bucket', minio.bucket, '--access-key-id', minio.writerKey, '--secret-env', 'FT_BENCH_SECRET', '--activate'],
    ['settings', 'set', 'deliveryMode', 'instant'],
  ]) {
    const r = runCli(hostHome.dir, args, { env: secretEnv, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`fieldtape ${args.join(' ')} failed: ${r.stderr}`);
  }
  const hostShell = await startWebShellProcess(hostHome.dir, secretEnv);
  const hostBrowser: Browser = await launchChromium({ extraArgs: SESSION_CHROMIUM_ARGS });
  const guestBrowser: Browser = await launchChromium({ extraArgs: SESSION_CHROMIUM_ARGS, nice: GUEST_NICE });
  console.log(`guests' browser at nice ${GUEST_NICE}${GUEST_NICE ? ' (FIELDTAPE_BENCH_GUEST_NICE=0: same priority as the host)' : ''}`);
  const people: Participant[] = [];
  try {
    const room = `bench-${randomUUID().slice(0, 8)}`;
    const host = await openParticipant(hostBrowser, 'host', { home: hostHome, shell: hostShell });
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
    const recording = await measure(browserCdp, pageCdp, RECORD_SEC, PER_PARTICIPANT ? 'recording the composite and each participant' : 'recording the composite');
    // Frames the compositor drew (the page reports them every 3 s) tell drawing apart from encoding.
    const section = host.page.locator('section.session');
    const drawn = Number(await section.getAttribute('data-composite-frames'));
    const drawnOverMs = Number(await section.getAttribute('data-graph-age-ms'));
    const drawMs = Number(await section.getAttribute('data-draw-ms'));
    const conversions = Number(await section.getAttribute('data-frame-conversions'));
    const composeMs = Number(await section.getAttribute('data-compose-ms'));
    const skippedTicks = Number(await section.getAttribute('data-skipped-ticks'));
    const sourceSizes = (await section.getAttribute('data-source-sizes')) ?? '';
    const stages = JSON.parse((await section.getAttribute('data-compose-stages')) ?? '{}') as Record<string, number>;
    await host.page.getByRole('button', { name: 'Stop recording' }).click();
    const t1 = Date.now();

    const expectedFiles = PER_PARTICIPANT ? 4 : 1;
    // The bucket is watched from the moment of Stop, while the engine finalizes (not after).
    const known = (await listRecordings(host)).map((r) => r.id);
    const watching = manifestsInBucket(minio, known, 30 * 60_000);
    const recordings = await finalizedRecordings(host, expectedFiles, 30 * 60_000);
    const composite = recordings.find((r) => r.participant === null);
    if (!composite || composite.state !== 'ready') throw new Error(`the composite did not finalize: ${JSON.stringify(composite?.detail)}`);
    const inBucket = await watching;
    const info = ffprobe(artifact(composite, 'mp4')!, true);
    const expectedFrames = info.durationSec * FPS;
    const frames = info.videoFrames ?? 0;
    const files: Array<Record<string, unknown>> = [];
    const fileRows: BenchRow[] = [];
    for (const r of [composite, ...recordings.filter((x) => x.participant !== null).sort((a, b) => String(a.participant).localeCompare(String(b.participant)))]) {
      const name = r.participant === null ? 'composite' : `participant ${r.participant}`;
      const at = inBucket.get(r.id);
      const stopToBucketSec = at === undefined ? null : (at - t1) / 1000;
      if (r.state !== 'ready') {
        fileRows.push({ metric: `${name}: finalize`, value: 0, unit: r.state, note: JSON.stringify(r.detail).slice(0, 200) });
        continue;
      }
      const probe = ffprobe(artifact(r, 'mp4')!, true);
      const rate = r.participant === null ? FPS : PARTICIPANT_FPS;
      const expected = probe.durationSec * rate;
      const got = probe.videoFrames ?? 0;
      const gaps = frameGaps(artifact(r, 'mp4')!, rate);
      files.push({ name, id: r.id, segments: r.segments, stopToBucketSec, ...probe });
      fileRows.push(
        { metric: `${name}: frames recorded`, value: got, unit: 'frames', baseline: expected, ratio: got / expected, note: `expected = ${probe.durationSec.toFixed(1)} s × ${rate} fps` },
        { metric: `${name}: dropped-frame rate`, value: Math.max(0, 1 - got / expected) * 100, unit: '%', note: `target < 1 %; ${gaps.gaps} gaps losing ${gaps.lostFrames} frames, longest ${gaps.longestMs} ms at ${gaps.longestAtSec} s` },
        { metric: `${name}: stop → manifest in bucket`, value: stopToBucketSec ?? Number.NaN, unit: 's', note: stopToBucketSec === null ? 'never arrived' : 'target ≤ 3 s' },
      );
      console.log(`${name}: ${got}/${expected.toFixed(0)} frames, stop → bucket ${stopToBucketSec?.toFixed(2) ?? 'never'} s`);
    }
    const timeline = stopTimeline(hostHome.dir, recordings.map((r) => r.id), t1);
    for (const [id, events] of Object.entries(timeline)) console.log(`after Stop, ${id}:\n  ${events.join('\n  ')}`);
    const rows: BenchRow[] = [
      ...fileRows,
      { metric: 'host renderer CPU while recording', value: recording.cpuPercent, unit: '% of one core', baseline: baseline.cpuPercent, ratio: recording.cpuPercent / baseline.cpuPercent, note: 'baseline: same call, not recording' },
      { metric: 'host Chromium (all processes) CPU', value: recording.browserCpuPercent, unit: '% of one core', baseline: baseline.browserCpuPercent, ratio: recording.browserCpuPercent / baseline.browserCpuPercent },
      { metric: 'host renderer RSS (mean)', value: recording.rssMbMean, unit: 'MB', baseline: baseline.rssMbMean, ratio: recording.rssMbMean / baseline.rssMbMean },
      { metric: 'host renderer RSS (max)', value: recording.rssMbMax, unit: 'MB', baseline: baseline.rssMbMax, ratio: recording.rssMbMax / baseline.rssMbMax },
      { metric: 'host renderer RSS growth while recording', value: recording.rssGrowthMb, unit: 'MB', note: `mean of the last ${Math.round(Math.min(60, RECORD_SEC / 5))} s against the second stretch as long (target < 50 MB over 30 minutes)` },
      { metric: 'host JS heap (max)', value: recording.heapMbMax, unit: 'MB', baseline: baseline.heapMbMax, ratio: recording.heapMbMax / baseline.heapMbMax },
      { metric: 'composite frames recorded', value: frames, unit: 'frames', baseline: expectedFrames, ratio: frames / expectedFrames, note: `expected = ${info.durationSec.toFixed(1)} s × ${FPS} fps` },
      { metric: 'composite dropped-frame rate', value: Math.max(0, 1 - frames / expectedFrames) * 100, unit: '%' },
      { metric: 'composite frames built by the compositor worker', value: drawn, unit: 'frames', baseline: (drawnOverMs / 1000) * FPS, ratio: drawn / ((drawnOverMs / 1000) * FPS), note: `vs 30 fps over the same time; ${skippedTicks} ticks skipped (all outputs)` },
      { metric: 'main-thread time per composite frame', value: drawn > 0 ? drawMs / drawn : 0, unit: 'ms', note: 'tracks, layout and overlays, for every output' },
      { metric: 'worker time per composite frame', value: drawn > 0 ? composeMs / drawn : 0, unit: 'ms', note: `every output's frames; per composite frame: ${Object.entries(stages).map(([k, v]) => `${k} ${drawn > 0 ? (v / drawn).toFixed(1) : '0'}`).join(', ')} ms` },
      { metric: 'video frames copied per composite frame', value: drawn > 0 ? conversions / drawn : 0, unit: 'frames', note: `each track copies only its new frames (3 tracks: at most 3); sizes at Stop: ${sourceSizes}` },
      { metric: 'composite duration vs wall clock', value: info.durationSec, unit: 's', baseline: (t1 - t0) / 1000, ratio: info.durationSec / ((t1 - t0) / 1000) },
    ];
    writeReport('session', rows, {
      config: { recordSec: RECORD_SEC, baselineSec: BASELINE_SEC, perParticipant: PER_PARTICIPANT, guestNice: GUEST_NICE, participants: 3, compositeSize: '1280x720', fps: FPS },
      composite: { id: composite.id, ...info },
      files,
      stopTimeline: timeline,
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg() },
      note: 'load average is the whole machine (other jobs included); see docs/sessions.md',
    });
  } finally {
    for (const p of people) await closeParticipant(p);
    await hostBrowser.close();
    await guestBrowser.close();
    await livekit.stop();
    await minio.destroy(); // stop() alone left its data folder in the temp dir
    hostHome.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
