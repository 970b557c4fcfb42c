// npm run bench:deliver — measures, does not assert.
//  (a) Throughput of a 1 GiB upload to MinIO on loopback: Fieldtape's resumable engine (SHA-256 part
//      checksums, every part journaled in SQLite) against `mc cp` and lib-storage's Upload with the same part
//      size and concurrency (mc's own: 16 MiB parts, 4 in flight). Prints MB/s and the ratios.
//  (b) Stop → manifest-in-bucket latency for testsrc recordings at 720p (lengths in minutes from
//      BENCH_DELIVER_MINUTES, default "1,5,15"), in instant mode and post-stop mode, beside the seeds'
//      pipeline: a libx264 medium crf 20 re-encode of the same recording after Stop. One capture feeds two
//      recordings (one instant, one post-stop), so both modes see the same media.
// Environment: BENCH_DELIVER_GIB (default 1), BENCH_DELIVER_ROUNDS (default 2), BENCH_DELIVER_MINUTES, BENCH_DELIVER_SKIP=throughput|latency,
// BENCH_DELIVER_REENCODE=0 to skip the re-encode, BENCH_DELIVER_REENCODE_MAX_MINUTES to re-encode only the
// shorter ones. Results: test/bench/results/deliver-<time>.json (rewritten after every step).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createEngine, type Engine } from '../../main/engine';
import { DEFAULT_TUNING } from '../../main/core/delivery/delivery-tuning';
import { createDeliveryStore } from '../../main/core/store/delivery-store';
import { journalFor } from '../../main/core/delivery/object-write';
import { finishedFile, uploadMultipart } from '../../main/core/delivery/multipart-upload';
import { createS3ClientFactory } from '../../main/core/delivery/s3-client';
import { createSemaphore } from '../../main/core/semaphore';
import { createThrottle } from '../../main/core/delivery/throttle';
import { openDatabase } from '../../main/core/store/database';
import { silentLogger } from '../../main/core/log';
import { CAPTURE_MIME, captureOutputArgs, deviceInputArgs } from '../../main/core/recording/capture/device-inputs';
import { readJournalSegments, salvageSegments } from '../../main/core/recording/segment-salvage';
import { recordingPaths } from '../../main/core/recording/recording-paths';
import { BIN_DIR, REPO_ROOT } from '../services/paths';
import { currentOwner, servicesDown, servicesUp } from '../services/stack';
import { addProfile, profileSettings, writeRandomFile } from '../support/delivery-fixture';

const execFileAsync = promisify(execFile);
const MiB = 1024 * 1024;
const PART = 16 * MiB;
const QUEUE = 4;
const log = (line: string) => console.log(`[bench:deliver] ${line}`);
const mbps = (bytes: number, ms: number) => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;

async function main(): Promise<void> {
  const { env, reused } = await servicesUp({ owner: currentOwner('cli'), log });
  try {
    await runBench(env);
  } finally {
    // Like the tests: stop what this run started, leave what `npm run services:up` started.
    if (!reused) await servicesDown({ log });
  }
}

async function runBench(env: Record<string, string>): Promise<void> {
  Object.assign(process.env, env);
  const s3 = {
    endpoint: env.FIELDTAPE_TEST_S3_ENDPOINT!,
    region: env.FIELDTAPE_TEST_S3_REGION!,
    bucket: env.FIELDTAPE_TEST_S3_BUCKET!,
    writerKey: env.FIELDTAPE_TEST_S3_WRITER_KEY!,
    writerSecret: env.FIELDTAPE_TEST_S3_WRITER_SECRET!,
    adminKey: env.FIELDTAPE_TEST_S3_ADMIN_KEY!,
    adminSecret: env.FIELDTAPE_TEST_S3_ADMIN_SECRET!,
  };
  const skip = process.env.BENCH_DELIVER_SKIP ?? '';
  const results: Record<string, unknown> = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg(), node: process.version },
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-bench-'));
  const out = path.join(REPO_ROOT, 'test', 'bench', 'results', `deliver-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  // Written after every step, so a long run that is stopped half-way still leaves its numbers.
  const save = () => {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ ...results, loadavgAfter: os.loadavg() }, null, 2) + '\n');
  };
  try {
    if (!skip.includes('throughput')) results.throughput = await throughput(s3, work);
    save();
    if (!skip.includes('latency')) results.latency = await latency(s3, work, (partial) => {
      results.latency = partial;
      save();
    });
    save();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  log(`results written to ${path.relative(REPO_ROOT, out)}`);
}

type S3Facts = { endpoint: string; region: string; bucket: string; writerKey: string; writerSecret: string; adminKey: string; adminSecret: string };

async function throughput(s3: S3Facts, work: string) {
  const gib = Number(process.env.BENCH_DELIVER_GIB ?? '1');
  const bytes = Math.round(gib * 1024 * MiB);
  const file = path.join(work, 'payload.bin');
  log(`(a) writing a ${gib} GiB random file…`);
  writeRandomFile(file, bytes);
  const prefix = `bench/${Date.now()}`;
  const client = (key: string, secret: string) =>
    new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: key, secretAccessKey: secret } });

  const runs: Array<{ tool: string; ms: number; mbps: number }> = [];
  const time = async (tool: string, fn: () => Promise<unknown>) => {
    const t0 = Date.now();
    await fn();
    const ms = Date.now() - t0;
    runs.push({ tool, ms, mbps: mbps(bytes, ms) });
    log(`(a) ${tool.padEnd(22)} ${(ms / 1000).toFixed(1)} s  ${mbps(bytes, ms)} MB/s`);
  };

  // Fieldtape: the real engine path (journal in a real SQLite database with synchronous=FULL).
  const db = openDatabase(path.join(work, 'bench.db'));
  db.prepare("INSERT INTO recordings (id, state, state_json, source_json, title, created_at, updated_at) VALUES ('rec_benchbench00', 'ready', '{}', '{}', 'bench', 'now', 'now')").run();
  const store = createDeliveryStore(db);
  store.insert('rec_benchbench00', 'prof_bench0000', 'post-stop', { status: 'queued', since: 'now' }, 'now');
  const ours = async (round: number) => {
    const name = `payload-${round}.bin`;
    store.insertObject('rec_benchbench00', { name, kind: 'raw', seq: round, key: `${prefix}/fieldtape-${round}.bin`, localPath: file, bytes, sha256: null });
    const writer = createS3ClientFactory()({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, accessKeyId: s3.writerKey } as never, s3.writerSecret);
    await uploadMultipart({
      client: writer,
      target: { bucket: s3.bucket, key: `${prefix}/fieldtape-${round}.bin`, contentType: 'application/octet-stream', storageClass: null, encryption: { mode: 'none' }, objectLock: null },
      source: finishedFile(file, bytes),
      journal: journalFor(store, 'rec_benchbench00', name, () => new Date().toISOString()),
      partSize: PART,
      slots: createSemaphore(QUEUE),
      concurrency: QUEUE,
      throttle: createThrottle(0),
      signal: new AbortController().signal,
      log: silentLogger,
    });
    writer.destroy();
  };
  const libStorage = async (round: number) => {
    const c = client(s3.writerKey, s3.writerSecret);
    await new Upload({ client: c, params: { Bucket: s3.bucket, Key: `${prefix}/lib-storage-${round}.bin`, Body: fs.createReadStream(file) }, partSize: PART, queueSize: QUEUE, leavePartsOnError: true }).done();
    c.destroy();
  };
  const mcDir = path.join(work, 'mc');
  const mc = (...args: string[]) => execFileAsync(path.join(BIN_DIR, 'mc'), ['--config-dir', mcDir, '--quiet', '--no-color', ...args], { env: { ...process.env, HOME: mcDir }, maxBuffer: 16 * MiB });
  await mc('alias', 'set', 'bench', s3.endpoint, s3.writerKey, s3.writerSecret, '--api', 'S3v4');
  const mcCp = async (round: number) => {
    await mc('cp', file, `bench/${s3.bucket}/${prefix}/mc-${round}.bin`);
  };

  const rounds = Math.max(1, Number(process.env.BENCH_DELIVER_ROUNDS ?? '2'));
  for (let round = 1; round <= rounds; round++) {
    await time('fieldtape', () => ours(round));
    await time('mc cp', () => mcCp(round));
    await time('lib-storage Upload', () => libStorage(round));
  }
  db.close();
  // mc chooses its own part size; report what it did (the ETag's "-N" is its part count).
  const admin = client(s3.adminKey, s3.adminSecret);
  const mcHead = await admin.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/mc-1.bin` }));
  const oursHead = await admin.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/fieldtape-1.bin` }));
  admin.destroy();
  const best = (tool: string) => Math.max(...runs.filter((r) => r.tool === tool).map((r) => r.mbps));
  const summary = {
    bytes,
    partSize: PART,
    concurrency: QUEUE,
    mcParts: Number(/-(\d+)"?$/.exec(mcHead.ETag ?? '')?.[1] ?? NaN),
    fieldtapeParts: Number(/-(\d+)"?$/.exec(oursHead.ETag ?? '')?.[1] ?? NaN),
    runs,
    bestMBps: { fieldtape: best('fieldtape'), mc: best('mc cp'), libStorage: best('lib-storage Upload') },
    ratios: { fieldtapeVsMc: Math.round((best('fieldtape') / best('mc cp')) * 100) / 100, fieldtapeVsLibStorage: Math.round((best('fieldtape') / best('lib-storage Upload')) * 100) / 100 },
  };
  log(`(a) best of ${rounds}: fieldtape ${summary.bestMBps.fieldtape} MB/s, mc ${summary.bestMBps.mc} MB/s, lib-storage ${summary.bestMBps.libStorage} MB/s; ` +
    `fieldtape/mc ${summary.ratios.fieldtapeVsMc}, fieldtape/lib-storage ${summary.ratios.fieldtapeVsLibStorage} (parts: ours ${summary.fieldtapeParts}, mc ${summary.mcParts})`);
  fs.rmSync(file, { force: true });
  return summary;
}

/** One testsrc capture feeding two recordings: A (instant mode) and B (post-stop). */
async function captureTwice(engine: Engine, minutes: number): Promise<{ a: string; b: string; captureMs: number }> {
  engine.settings.set('deliveryMode', 'instant');
  const a = await engine.recordings.create({ source: { kind: 'testsrc' }, mime: CAPTURE_MIME, title: `bench ${minutes} min instant` });
  engine.settings.set('deliveryMode', 'post-stop');
  const b = await engine.recordings.create({ source: { kind: 'testsrc' }, mime: CAPTURE_MIME, title: `bench ${minutes} min post-stop` });
  const args = ['-hide_banner', '-loglevel', 'error', ...deviceInputArgs({ kind: 'testsrc' }, process.platform, process.env), ...captureOutputArgs(minutes * 60)];
  const t0 = Date.now();
  const child = spawn(engine.ffmpeg().path, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let pending: Buffer[] = [];
  let seq = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const flush = () => {
    if (pending.length === 0) return chain;
    const data = Buffer.concat(pending);
    pending = [];
    const s = seq++;
    chain = chain.then(() => Promise.all([engine.recordings.appendChunk(a.id, 1, s, data), engine.recordings.appendChunk(b.id, 1, s, data)]));
    return chain;
  };
  const timer = setInterval(() => void flush(), 1000);
  child.stdout.on('data', (d: Buffer) => pending.push(d));
  await new Promise<void>((resolve) => child.stdout.once('end', () => resolve()));
  clearInterval(timer);
  await flush();
  return { a: a.id, b: b.id, captureMs: Date.now() - t0 };
}

async function latency(s3: S3Facts, work: string, progress: (partial: unknown) => void) {
  const lengths = (process.env.BENCH_DELIVER_MINUTES ?? '1,5,15').split(',').map(Number).filter((n) => n > 0);
  const reencode = process.env.BENCH_DELIVER_REENCODE !== '0';
  // A medium crf 20 re-encode of 15 minutes takes ~10 minutes on an idle 2-core machine and far longer on a busy one.
  const reencodeMax = Number(process.env.BENCH_DELIVER_REENCODE_MAX_MINUTES ?? 'Infinity');
  const dataDir = path.join(work, 'home');
  const engine = createEngine({ dataDir, host: 'cli', echoLog: process.env.BENCH_DELIVER_VERBOSE === '1', delivery: { env: { BENCH_SECRET: s3.writerSecret }, tuning: DEFAULT_TUNING, autoStart: false } });
  const admin = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.adminKey, secretAccessKey: s3.adminSecret } });
  addProfile(engine, profileSettings('bench', { endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, accessKeyId: s3.writerKey }, 'BENCH_SECRET', { prefixTemplate: 'bench/{profile}/{recordingId}/{artifact}' }));
  const rows = [];
  try {
    for (const minutes of lengths) {
      log(`(b) recording ${minutes} min of testsrc 720p30 (one capture, two recordings)…`);
      const { a, b, captureMs } = await captureTwice(engine, minutes);

      const stopToManifest = async (id: string) => {
        const t0 = Date.now();
        const finished = await engine.recordings.stop(id);
        const finalizeMs = Date.now() - t0;
        const [delivery] = await engine.delivery.service.deliverNow([id]);
        const deliveredMs = Date.now() - t0;
        if (delivery?.state !== 'delivered') throw new Error(`delivery of ${id} ended ${delivery?.state}: ${delivery?.lastError?.message}`);
        const manifest = delivery.objects.find((o) => o.kind === 'manifest')!;
        await admin.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: manifest.key })); // it is really there
        // The engine's own phase timings for this recording (instant finalize phases, per-object upload times).
        const logLines = fs.readFileSync(path.join(dataDir, 'logs', 'fieldtape.log'), 'utf8').split('\n').filter((l) => l.includes(id));
        const phases = logLines.map((l) => JSON.parse(l) as { message: string; ms?: unknown; key?: string }).filter((l) => l.message === 'instant finalize' || l.message === 'object delivered').map((l) => ({ message: l.message, key: l.key, ms: l.ms }));
        return { finalizeMs, stopToManifestMs: deliveredMs, mp4Bytes: finished.artifacts.find((x) => x.kind === 'mp4')!.bytes, durationSec: finished.durationSec, loadavg: os.loadavg()[0], phases };
      };
      const instant = await stopToManifest(a);
      log(`(b) ${minutes} min instant:   Stop → manifest ${(instant.stopToManifestMs / 1000).toFixed(2)} s (finalize ${(instant.finalizeMs / 1000).toFixed(2)} s)`);

      // The raw recording for the seeds' pipeline, taken before B's delivery deletes its journal.
      const rawDir = path.join(work, `raw-${minutes}`);
      const raw = salvageSegments(readJournalSegments(recordingPaths(path.join(dataDir, 'recordings'), b).journal), rawDir, false).files[0]!;
      const postStop = await stopToManifest(b);
      log(`(b) ${minutes} min post-stop: Stop → manifest ${(postStop.stopToManifestMs / 1000).toFixed(2)} s (finalize ${(postStop.finalizeMs / 1000).toFixed(2)} s)`);

      let reencodeMs: number | null = null;
      if (reencode && minutes <= reencodeMax) {
        const t0 = Date.now();
        await execFileAsync(engine.ffmpeg().path, ['-hide_banner', '-loglevel', 'error', '-y', '-i', raw, '-c:v', 'libx264', '-preset', 'medium', '-crf', '20', '-c:a', 'aac', '-movflags', '+faststart', path.join(rawDir, 'seeds.mp4')]);
        reencodeMs = Date.now() - t0;
        log(`(b) ${minutes} min seeds' pipeline: libx264 medium crf 20 re-encode ${(reencodeMs / 1000).toFixed(1)} s (before any upload)`);
      }
      fs.rmSync(rawDir, { recursive: true, force: true });
      rows.push({ minutes, captureMs, instant, postStop, reencodeMs, loadavg: os.loadavg() });
      progress({ rows });
    }
  } finally {
    admin.destroy();
    await engine.close();
  }
  return { note: 'Stop = recordings.stop() once the capture has drained; until = manifest PUT answered 200 and HeadObject (admin) confirms it.', rows };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
