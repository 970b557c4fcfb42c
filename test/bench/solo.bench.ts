// `npm run bench:solo`: a "Screen and camera" recording made on the Record screen, in Chromium through the
// web shell, with Chromium's fake 1080p screen and 720p camera at 30 fps and a fake microphone, delivered
// instantly to a private MinIO (write-only user). Measured in the same run:
//   - the page's renderer CPU and RSS while recording, against the same page idle on the Record screen;
//   - dropped frames: frames in the MP4 (ffprobe -count_frames) against its duration × 30 fps;
//   - stop → bucket: from pressing Stop to the manifest being in the bucket, for each length.
//
// FIELDTAPE_BENCH_SOLO_LENGTHS   recording lengths in seconds (default 60,300,600: 1, 5 and 10 minutes)
// FIELDTAPE_BENCH_BASELINE_SEC   idle baseline (default 30 s)
import os from 'node:os';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { ensureGoBinaries } from '../services/go-binaries';
import { launchChromium } from '../support/chromium';
import { asRecordings, runCli } from '../support/cli';
import { ffprobe } from '../support/media-check';
import { startPrivateMinio, type PrivateMinio } from '../support/private-minio';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess } from '../support/web-shell-process';
import { writeReport, type BenchRow } from './bench-report';
import { measureRenderer, type RendererWindow } from './renderer-sampler';

const LENGTHS = (process.env.FIELDTAPE_BENCH_SOLO_LENGTHS ?? '60,300,600').split(',').map(Number);
const BASELINE_SEC = Number(process.env.FIELDTAPE_BENCH_BASELINE_SEC ?? 30);
const FPS = 30;
const PROFILE = 'bench';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function manifestInBucket(minio: PrivateMinio, recordingId: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const listed = await minio.admin.send(new ListObjectsV2Command({ Bucket: minio.bucket, Prefix: `${PROFILE}/` }));
    if ((listed.Contents ?? []).some((o) => o.Key?.endsWith(`/${recordingId}/manifest.json`))) return Date.now();
    await sleep(50);
  }
  throw new Error(`no manifest for ${recordingId} in the bucket after ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg();
  await ensureGoBinaries((line) => console.log(`[services] ${line}`));
  const minio = await startPrivateMinio();
  const home = makeTempHome('fieldtape-bench-solo-');
  const secretEnv = { FT_BENCH_SECRET: minio.writerSecret };
  const cli = (args: string[]) => {
    const r = runCli(home.dir, args, { env: secretEnv, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`fieldtape ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  cli(['profile', 'add', PROFILE, '--endpoint', minio.endpoint, '--region', minio.region, '--bucket', minio.bucket, '--access-key-id', minio.writerKey, '--secret-env', 'FT_BENCH_SECRET', '--activate']);
  cli(['settings', 'set', 'deliveryMode', 'instant']);
  const shell = await startWebShellProcess(home.dir, secretEnv);
  const browser = await launchChromium({ extraArgs: ['--autoplay-policy=no-user-gesture-required', '--use-fake-device-for-media-stream=fps=30'] });
  const rows: BenchRow[] = [];
  const runs: Array<Record<string, unknown>> = [];
  try {
    const page: Page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(shell.url);
    await page.getByRole('heading', { name: 'Record' }).waitFor();
    await page.getByRole('combobox', { name: 'Layout' }).selectOption({ label: 'Screen and camera' });
    const browserCdp = await browser.newBrowserCDPSession();
    const pageCdp = await page.context().newCDPSession(page);
    await pageCdp.send('Performance.enable');
    await sleep(3_000);
    const idle = await measureRenderer(browserCdp, pageCdp, BASELINE_SEC, 'Record screen, idle (camera preview and meter on)');

    for (const seconds of LENGTHS) {
      const known = new Set(asRecordings(JSON.parse(cli(['list', '--json']))).map((r) => r.id));
      await page.getByRole('button', { name: 'Record', exact: true }).click();
      await page.getByRole('status').filter({ hasText: /Recording \d\d:\d\d/ }).waitFor({ timeout: 30_000 });
      const recording: RendererWindow = await measureRenderer(browserCdp, pageCdp, seconds, `recording ${seconds} s`);
      await page.getByRole('button', { name: 'Stop recording' }).click();
      const stopAt = Date.now();
      const id = asRecordings(JSON.parse(cli(['list', '--json']))).find((r) => !known.has(r.id))?.id;
      if (!id) throw new Error('the recording did not appear in the library');
      const inBucketAt = await manifestInBucket(minio, id, 600_000);
      const stopToBucketSec = (inBucketAt - stopAt) / 1000;
      await page.getByRole('button', { name: 'Record', exact: true }).waitFor({ timeout: 120_000 });
      const done = asRecordings(JSON.parse(cli(['list', '--json']))).find((r) => r.id === id)!;
      const mp4 = done.artifacts.find((a) => a.kind === 'mp4')!.path;
      const probed = ffprobe(mp4, true);
      const expected = Math.round(probed.durationSec * FPS);
      const frames = probed.videoFrames ?? 0;
      const droppedPercent = (1 - frames / expected) * 100;
      const tag = `${Math.round(seconds / 60)} min`;
      rows.push(
        { metric: `${tag}: renderer CPU while recording`, value: recording.cpuPercent, unit: '%', baseline: idle.cpuPercent, ratio: recording.cpuPercent / idle.cpuPercent },
        { metric: `${tag}: renderer RSS while recording (mean)`, value: recording.rssMbMean, unit: 'MB', baseline: idle.rssMbMean, ratio: recording.rssMbMean / idle.rssMbMean },
        { metric: `${tag}: frames recorded / expected`, value: frames, unit: 'frames', baseline: expected, ratio: frames / expected, note: `${droppedPercent.toFixed(2)} % dropped (target < 1 %)` },
        { metric: `${tag}: stop → manifest in bucket`, value: stopToBucketSec, unit: 's', note: 'target ≤ 3 s' },
      );
      runs.push({ seconds, recordingId: id, segments: done.segments, durationSec: probed.durationSec, frames, expected, droppedPercent, stopToBucketSec, idle, recording, mp4Bytes: done.artifacts.find((a) => a.kind === 'mp4')!.bytes });
      console.log(`${tag}: ${frames}/${expected} frames (${droppedPercent.toFixed(2)} % dropped), stop → bucket ${stopToBucketSec.toFixed(2)} s`);
      await sleep(5_000);
    }
    writeReport('solo', rows, { runs, loadAverage: { atStart: loadAtStart, atEnd: os.loadavg() } });
  } finally {
    await browser.close();
    await shell.stop();
    await minio.destroy();
    home.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
