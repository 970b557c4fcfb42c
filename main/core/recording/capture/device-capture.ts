// Runs ffmpeg on a device (or the test pattern) and streams its output into the recording's journal,
// one chunk per second. A chunk is only counted once the journal has made it durable; while the
// journal is busy, ffmpeg's output is paused (backpressure) rather than buffered without bound.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { RecordingSource } from '../../../../shared/domain/recording';
import { AppError } from '../../../../shared/errors';
import type { Logger } from '../../log';
import { childEnv } from '../../secrets/child-env';
import type { RecordingService } from '../recording-service';
import { CAPTURE_MIME, captureOutputArgs, deviceInputArgs } from './device-inputs';

export interface DeviceCaptureOptions {
  service: RecordingService;
  recordingId: string;
  ffmpegPath: string;
  source: RecordingSource;
  durationSec: number | null;
  log: Logger;
  chunkIntervalMs?: number;
  /** Restarts after ffmpeg dies unexpectedly; each restart is a new segment. */
  maxRestarts?: number;
}

const MAX_BUFFERED = 16 * 1024 * 1024;
const STOP_GRACE_MS = 8000;

export { CAPTURE_MIME };

/** Starts capturing into segment 1 (already open) and returns when the recording ends on its own. */
export function startDeviceCapture(options: DeviceCaptureOptions): { ended: Promise<void> } {
  const { service, recordingId: id, log } = options;
  const interval = options.chunkIntervalMs ?? 1000;
  const maxRestarts = options.maxRestarts ?? 3;
  let restarts = 0;
  let stopRequested = false;
  let current: Run | null = null;
  let resolveEnded!: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));

  interface Run {
    child: ChildProcessByStdio<Writable, Readable, Readable>;
    drained: Promise<void>;
    exited: Promise<number | null>;
    chunks(): number;
    stderr(): string;
    /** Why the journal refused a chunk, if it did. */
    failure(): unknown;
  }

  function run(segment: number, durationSec: number | null): Run {
    // No -nostdin: stdin stays a pipe so that writing "q" asks ffmpeg to finish the stream cleanly.
    const args = ['-hide_banner', '-loglevel', 'error', ...deviceInputArgs(options.source, process.platform, process.env), ...captureOutputArgs(durationSec)];
    const child = spawn(options.ffmpegPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: childEnv() });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.stdin.on('error', () => undefined);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seq = 0;
    let writing: Promise<void> = Promise.resolve();
    let failure: unknown = null;

    const flush = () => {
      if (pendingBytes === 0 || failure) return writing;
      const data = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      const chunkSeq = seq++;
      writing = writing
        .then(async () => {
          if (failure) return;
          await service.appendChunk(id, segment, chunkSeq, data);
          if (child.stdout.isPaused()) child.stdout.resume();
        })
        .catch((error: unknown) => {
          // The journal refused a chunk (a full disk, say): nothing after it may be written, so end the
          // capture now rather than read ffmpeg's output into nowhere.
          if (failure) return;
          failure = error;
          child.kill('SIGKILL');
        });
      return writing;
    };
    const timer = setInterval(() => void flush(), interval);
    child.stdout.on('data', (d: Buffer) => {
      if (failure) return;
      pending.push(d);
      pendingBytes += d.length;
      if (pendingBytes > MAX_BUFFERED) child.stdout.pause();
    });
    const drained = new Promise<void>((resolve) => {
      child.stdout.once('end', () => {
        clearInterval(timer);
        void flush().then(resolve);
      });
    });
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => {
        if (code !== 0 && !stopRequested && !failure) log.warn('ffmpeg capture exited unexpectedly', { id, code, stderr: stderr.slice(-800) });
        resolve(code);
      });
      child.once('error', (error) => {
        log.error('ffmpeg capture could not start', { id, error: error.message });
        resolve(-1);
      });
    });
    return { child, drained, exited, chunks: () => seq, stderr: () => stderr, failure: () => failure };
  }

  async function supervise(segment: number): Promise<void> {
    current = run(segment, options.durationSec);
    const code = await current.exited;
    await current.drained;
    const failure = current.failure();
    if (failure) {
      // Everything acknowledged so far is durable; fail with the reason, and `fieldtape recover`
      // finalizes the journal once the cause (usually a full disk) is gone.
      log.error('capture stopped: a chunk could not be made durable', { id, error: String(failure) });
      stopRequested = true;
      const reason = failure instanceof AppError ? failure : new AppError('IO_ERROR', `Capture stopped: ${String(failure)}`);
      await service.fail(id, reason).catch((error: unknown) => log.error('could not record the failure', { id, error: String(error) }));
    } else if (!stopRequested && code !== 0 && current.chunks() === 0 && service.get(id).state === 'starting') {
      // ffmpeg never produced media (no such device, no permission): fail with its own words.
      const reason = current.stderr().trim().split('\n').slice(-3).join(' ') || `exit code ${code}`;
      await service.fail(id, new AppError('MEDIA_ERROR', `Could not capture from ${options.source.kind}: ${reason}`));
    } else if (!stopRequested && code !== 0 && restarts < maxRestarts && service.get(id).state === 'recording') {
      restarts++;
      await service.newSegment(id, CAPTURE_MIME, 'capture-restart');
      return supervise(segment + 1);
    }
    resolveEnded();
  }

  service.attachCapture(id, {
    async stop() {
      stopRequested = true;
      const run = current;
      if (run && run.child.exitCode === null) {
        run.child.stdin.end('q');
        const timer = setTimeout(() => run.child.kill('SIGKILL'), STOP_GRACE_MS);
        await run.exited;
        clearTimeout(timer);
      }
      await run?.drained;
    },
  });

  void supervise(1).catch((error: unknown) => {
    log.error('capture supervisor failed', { id, error: String(error) });
    resolveEnded();
  });
  return { ended };
}
