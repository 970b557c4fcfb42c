// One ffmpeg invocation as a cancellable, observable job. Every run is non-interactive (-nostdin, -y:
// ffmpeg must never wait for a keypress or a prompt) and writes machine-readable progress to stderr,
// which is parsed for the caller and kept out of the stderr tail that explains a failure.
import { AppError } from '../../../shared/errors';
import { runProcess } from './child-process';

export interface FfmpegRunOptions {
  signal?: AbortSignal;
  /** Seconds of output written so far (clamped to totalSec when given). */
  onProgress?(seconds: number): void;
  totalSec?: number;
}

export interface FfmpegRunResult {
  /** Video frames (or packets, with -c copy) written, from ffmpeg's last progress report. */
  frames: number | null;
  /** Output time reached, from ffmpeg's last progress report. */
  outTimeSec: number | null;
  stderrTail: string[];
}

const FIXED_ARGS = ['-hide_banner', '-nostdin', '-y', '-nostats', '-progress', 'pipe:2'];

export async function runFfmpeg(ffmpegPath: string, args: string[], options: FfmpegRunOptions = {}): Promise<FfmpegRunResult> {
  let frames: number | null = null;
  let outTimeSec: number | null = null;
  let lastReported = -1;

  const report = (seconds: number): void => {
    const clamped = options.totalSec !== undefined ? Math.min(Math.max(seconds, 0), options.totalSec) : Math.max(seconds, 0);
    if (clamped === lastReported) return;
    lastReported = clamped;
    options.onProgress?.(clamped);
  };

  const onStderrLine = (line: string): void => {
    const key = PROGRESS_LINE.exec(line);
    if (key) {
      const [, name, value] = key;
      if (name === 'frame') frames = toNumber(value);
      // out_time_ms is (despite its name) in microseconds, like out_time_us in newer builds.
      if (name === 'out_time_us' || name === 'out_time_ms') {
        const us = toNumber(value);
        if (us !== null && us >= 0) {
          outTimeSec = us / 1e6;
          report(outTimeSec);
        }
      }
      if (name === 'progress' && value === 'end' && options.totalSec !== undefined) report(options.totalSec);
      return;
    }
    // Fallback for builds or modes without -progress output: the classic status line.
    const time = STATUS_TIME.exec(line);
    if (time) report(Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]));
  };

  const result = await runProcess(ffmpegPath, [...FIXED_ARGS, ...args], {
    ...(options.signal ? { signal: options.signal } : {}),
    onStderrLine,
    keepInTail: (line) => !PROGRESS_LINE.test(line),
  });

  if (result.code !== 0) {
    const detail = result.stderrTail.join('\n');
    // A full disk is not a media problem: it has its own remedy, and callers retry it differently.
    if (/No space left on device/i.test(detail)) {
      throw new AppError('DISK_FULL', 'The disk is full, so ffmpeg could not write its output. Free some space and try again.', detail);
    }
    const how = result.code === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with code ${result.code}`;
    throw new AppError('MEDIA_ERROR', `ffmpeg ${how}: ${explainFailure(result.stderrTail)}`, detail);
  }
  return { frames, outTimeSec, stderrTail: result.stderrTail };
}

/** The most telling line of a failed run: ffmpeg usually prints the cause last, but not always. */
export function explainFailure(tail: string[]): string {
  const telling = [...tail]
    .reverse()
    .filter((line) => !/^Conversion failed!?$/.test(line))
    .find((line) => /invalid|error|failed|not found|no such|unknown|unsupported|could not|cannot|does not|matches no streams|denied/i.test(line));
  return (telling ?? tail[tail.length - 1] ?? 'no output').replace(/^\[[^\]]+\]\s*/, '');
}

// `-progress` writes key=value lines (frame=, out_time_us=, progress=continue|end, ...).
const PROGRESS_LINE = /^([a-z_0-9]+)=\s*(\S*)$/;
const STATUS_TIME = /\btime=\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/;

function toNumber(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === 'N/A') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
