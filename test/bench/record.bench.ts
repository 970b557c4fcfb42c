// bench:record — the recording engine against baselines measured in the same run:
//   1. journal ingest: throughput and p99 append latency of the fsync'd chunk journal, against plain
//      fs.appendFile (no fsync) and against a bare write+fdatasync loop (the same durability, no framing);
//   2. finalize: the whole pipeline (remux of segments, MP4, snapshot, filmstrip, hashes, manifest) for the
//      remux path (H.264 source) and the encode path (VP8 source), against the bare ffmpeg commands the
//      pipeline itself ran, replayed with identical arguments;
//   3. RSS of `fieldtape record --source testsrc` sampled over a long recording (default 600 s;
//      FIELDTAPE_BENCH_RSS_SEC shortens it), which should stay flat.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveFfmpeg } from '../../main/core/media/ffmpeg-locator';
import { finalizeMedia } from '../../main/core/media/finalize';
import { openSegmentWriter } from '../../main/core/recording/segment-writer';
import { percentile, writeReport, type BenchRow } from './bench-report';

const CHUNK_BYTES = 256 * 1024;
const CHUNKS = Number(process.env.FIELDTAPE_BENCH_CHUNKS ?? 400);
const FINALIZE_SEC = Number(process.env.FIELDTAPE_BENCH_FINALIZE_SEC ?? 60);
const RSS_SEC = Number(process.env.FIELDTAPE_BENCH_RSS_SEC ?? 600);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-bench-'));
const rows: BenchRow[] = [];

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

async function benchJournal(): Promise<void> {
  const chunks = Array.from({ length: CHUNKS }, () => crypto.randomBytes(CHUNK_BYTES));
  const mb = (CHUNKS * CHUNK_BYTES) / 2 ** 20;

  const writer = await openSegmentWriter(path.join(work, 'journal'), { segment: 1, mime: 'video/webm', reason: 'bench', startedAt: new Date().toISOString() });
  const journalLat: number[] = [];
  const [, journalMs] = await timed(async () => {
    for (let i = 0; i < chunks.length; i++) {
      const t = performance.now();
      await writer.append(i, chunks[i]!);
      journalLat.push(performance.now() - t);
    }
  });
  await writer.close();

  const appendFile = path.join(work, 'append.bin');
  const appendLat: number[] = [];
  const [, appendMs] = await timed(async () => {
    for (const chunk of chunks) {
      const t = performance.now();
      await fs.promises.appendFile(appendFile, chunk);
      appendLat.push(performance.now() - t);
    }
  });

  const syncFile = await fs.promises.open(path.join(work, 'sync.bin'), 'a');
  const syncLat: number[] = [];
  const [, syncMs] = await timed(async () => {
    for (const chunk of chunks) {
      const t = performance.now();
      await syncFile.write(chunk);
      await syncFile.datasync();
      syncLat.push(performance.now() - t);
    }
  });
  await syncFile.close();

  const tput = (ms: number) => mb / (ms / 1000);
  rows.push(
    { metric: 'journal ingest throughput', value: tput(journalMs), unit: 'MiB/s', baseline: tput(appendMs), ratio: tput(journalMs) / tput(appendMs), note: 'baseline: fs.appendFile, no fsync' },
    { metric: 'journal ingest throughput vs write+fdatasync', value: tput(journalMs), unit: 'MiB/s', baseline: tput(syncMs), ratio: tput(journalMs) / tput(syncMs), note: 'same durability, no framing/checksum' },
    { metric: 'journal append p99 latency', value: percentile(journalLat, 99), unit: 'ms', baseline: percentile(appendLat, 99), ratio: percentile(journalLat, 99) / percentile(appendLat, 99), note: `${CHUNK_BYTES / 1024} KiB chunks; baseline fs.appendFile` },
    { metric: 'journal append p50 latency', value: percentile(journalLat, 50), unit: 'ms', baseline: percentile(syncLat, 50), ratio: percentile(journalLat, 50) / percentile(syncLat, 50), note: 'baseline write+fdatasync' },
  );
}

/**
 * A wrapper that runs the real ffmpeg with exactly the arguments the pipeline chose and records, per
 * invocation, its wall time and whether it wrote the MP4. Those are the bare ffmpeg baselines: identical
 * arguments and inputs, in the same run; the rest of the pipeline's time is Fieldtape's own overhead.
 */
function timingFfmpeg(real: string, log: string): string {
  const wrapper = path.join(work, 'ffmpeg-timed.sh');
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\nstart=$(date +%s%N)\n'${real}' "$@"\nrc=$?\nend=$(date +%s%N)\n` +
      `case "$*" in *faststart*) kind=mp4 ;; *) kind=other ;; esac\n` +
      `echo "$kind $(( (end - start) / 1000 ))" >> '${log}'\nexit $rc\n`,
    { mode: 0o755 },
  );
  return wrapper;
}

async function benchFinalize(kind: 'remux' | 'encode', ffmpeg: string): Promise<void> {
  const source = path.join(work, `${kind}-source.${kind === 'remux' ? 'mkv' : 'webm'}`);
  const codec = kind === 'remux' ? ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac'] : ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '2M', '-c:a', 'libopus'];
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(FINALIZE_SEC), ...codec, source]);

  const log = path.join(work, `${kind}-timing.log`);
  const [result, pipelineMs] = await timed(() =>
    finalizeMedia({ ffmpegPath: timingFfmpeg(ffmpeg, log), segments: [source], workDir: path.join(work, `${kind}-work`), outDir: path.join(work, `${kind}-out`), filmstripFrames: 10, encode: { preset: 'medium', crf: 20 } }),
  );
  if (result.path !== kind) throw new Error(`expected the ${kind} path, finalize took ${result.path}`);
  const runs = fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => {
    const [what, micros] = line.split(' ');
    return { mp4: what === 'mp4', ms: Number(micros) / 1000 };
  });
  const bareMs = runs.reduce((sum, r) => sum + r.ms, 0);
  const mp4Ms = runs.filter((r) => r.mp4).reduce((sum, r) => sum + r.ms, 0);
  rows.push(
    { metric: `finalize ${kind} path (${FINALIZE_SEC} s 720p30)`, value: pipelineMs / 1000, unit: 's', baseline: bareMs / 1000, ratio: pipelineMs / bareMs, note: `baseline: its ${runs.length} ffmpeg runs, identical args` },
    { metric: `finalize ${kind}: pipeline vs its MP4 ffmpeg run`, value: pipelineMs / 1000, unit: 's', baseline: mp4Ms / 1000, ratio: pipelineMs / mp4Ms, note: 'adds snapshot, filmstrip, probes, hashes, manifest' },
    { metric: `finalize ${kind}: realtime factor`, value: FINALIZE_SEC / (pipelineMs / 1000), unit: 'x realtime' },
  );
}

async function benchRss(): Promise<Record<string, unknown>> {
  const home = path.join(work, 'rss-home');
  const cli = path.join(__dirname, '..', '..', 'dist', 'main', 'cli.cjs');
  const child = spawn(process.execPath, [cli, 'record', '--source', 'testsrc', '--duration', String(RSS_SEC), '--json'], { env: { ...process.env, FIELDTAPE_HOME: home }, stdio: ['ignore', 'ignore', 'ignore'] });
  const samples: Array<{ t: number; rssMiB: number }> = [];
  const started = performance.now();
  const timer = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      if (Number.isFinite(kb)) samples.push({ t: (performance.now() - started) / 1000, rssMiB: kb / 1024 });
    } catch {
      // the process has exited
    }
  }, 5000);
  await new Promise((resolve) => child.once('exit', resolve));
  clearInterval(timer);
  // Growth is judged over the recording itself; finalize (after RSS_SEC) hashes files and is reported apart.
  const recording = samples.filter((x) => x.t <= RSS_SEC);
  const window = Math.max(1, Math.floor(recording.length / 5));
  const avg = (xs: typeof samples) => xs.reduce((sum, x) => sum + x.rssMiB, 0) / Math.max(1, xs.length);
  const firstFifth = avg(recording.slice(1, 1 + window));
  const lastFifth = avg(recording.slice(-window));
  rows.push(
    { metric: `record RSS, last fifth of ${RSS_SEC} s`, value: lastFifth, unit: 'MiB', baseline: firstFifth, ratio: lastFifth / firstFifth, note: 'baseline: first fifth (after the first sample); flat ≈ 1.0x' },
    { metric: 'record RSS, peak while recording', value: Math.max(...recording.map((x) => x.rssMiB)), unit: 'MiB' },
    { metric: 'record RSS, peak during finalize', value: Math.max(0, ...samples.filter((x) => x.t > RSS_SEC).map((x) => x.rssMiB)), unit: 'MiB' },
  );
  return { rssSamples: samples };
}

async function main(): Promise<void> {
  const ffmpeg = resolveFfmpeg();
  console.log(`ffmpeg: ${ffmpeg.path} (${ffmpeg.source}); work dir ${work}`);
  await benchJournal();
  await benchFinalize('remux', ffmpeg.path);
  await benchFinalize('encode', ffmpeg.path);
  const extra = RSS_SEC > 0 ? await benchRss() : {};
  writeReport('record', rows, { ffmpeg, chunkBytes: CHUNK_BYTES, chunks: CHUNKS, finalizeSec: FINALIZE_SEC, rssSec: RSS_SEC, ...extra });
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
