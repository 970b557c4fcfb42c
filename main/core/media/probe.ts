// What a media file contains: duration, container, first video and audio stream. ffprobe's JSON when an
// ffprobe is available; otherwise the stream summary `ffmpeg -i` prints, which every build has.
import fs from 'node:fs';
import { AppError } from '../../../shared/errors';
import { runProcess } from './child-process';
import { resolveFfmpeg, resolveFfprobe } from './ffmpeg-locator';
import { explainFailure } from './ffmpeg-runner';
import type { MediaProbe } from './media-info';
import { parseFfmpegInfo } from './probe-ffmpeg-text';

export type { AudioStreamInfo, MediaProbe, VideoStreamInfo } from './media-info';

export interface ProbeOptions {
  ffmpegPath?: string;
  /** null forces the `ffmpeg -i` fallback; undefined resolves one (FFPROBE_PATH, beside ffmpeg, PATH). */
  ffprobePath?: string | null;
  signal?: AbortSignal;
}

export async function probeMedia(filePath: string, options: ProbeOptions = {}): Promise<MediaProbe> {
  if (!fs.existsSync(filePath)) throw new AppError('NOT_FOUND', `Cannot probe ${filePath}: the file does not exist.`);
  const ffprobePath =
    options.ffprobePath !== undefined
      ? options.ffprobePath
      : (resolveFfprobe(options.ffmpegPath ?? resolveFfmpeg().path)?.path ?? null);
  return ffprobePath
    ? probeWithFfprobe(ffprobePath, filePath, options.signal)
    : probeWithFfmpeg(options.ffmpegPath ?? resolveFfmpeg().path, filePath, options.signal);
}

async function probeWithFfprobe(ffprobePath: string, filePath: string, signal?: AbortSignal): Promise<MediaProbe> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', filePath];
  const run = await runProcess(ffprobePath, args, { captureStdout: true, ...(signal ? { signal } : {}) });
  if (run.code !== 0) {
    throw new AppError('MEDIA_ERROR', `Cannot read ${filePath} as media: ${explainFailure(run.stderrTail)}`, run.stderrTail.join('\n'));
  }
  return parseFfprobeJson(run.stdout);
}

async function probeWithFfmpeg(ffmpegPath: string, filePath: string, signal?: AbortSignal): Promise<MediaProbe> {
  // Without an output ffmpeg exits 1 after printing the input summary; the summary is what we want.
  const lines: string[] = [];
  const run = await runProcess(ffmpegPath, ['-hide_banner', '-nostdin', '-i', filePath], {
    onStderrLine: (line) => {
      if (lines.length < 2000) lines.push(line);
    },
    ...(signal ? { signal } : {}),
  });
  const parsed = parseFfmpegInfo(lines.join('\n'));
  if (!parsed) {
    throw new AppError('MEDIA_ERROR', `Cannot read ${filePath} as media: ${explainFailure(run.stderrTail)}`, run.stderrTail.join('\n'));
  }
  return parsed;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  pix_fmt?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
  tags?: Record<string, string>;
}

export function parseFfprobeJson(text: string): MediaProbe {
  const json = JSON.parse(text) as { format?: { format_name?: string; duration?: string }; streams?: FfprobeStream[] };
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && s.codec_name !== 'mjpeg' && s.codec_name !== 'png');
  const a = streams.find((s) => s.codec_type === 'audio');
  const streamDurations = streams.map((s) => positive(s.duration) ?? matroskaTagDuration(s.tags)).filter((d): d is number => d !== null);
  return {
    durationSec: positive(json.format?.duration) ?? (streamDurations.length ? Math.max(...streamDurations) : null),
    formatName: json.format?.format_name ?? 'unknown',
    video: v
      ? {
          codec: v.codec_name ?? 'unknown',
          width: v.width ?? 0,
          height: v.height ?? 0,
          fps: rate(v.avg_frame_rate) ?? rate(v.r_frame_rate),
          pixFmt: v.pix_fmt ?? null,
          ...optionalDuration(matroskaTagDuration(v.tags) ?? positive(v.duration)),
        }
      : null,
    audio: a ? { codec: a.codec_name ?? 'unknown', sampleRate: Number(a.sample_rate ?? 0), channels: a.channels ?? 0 } : null,
  };
}

function optionalDuration(seconds: number | null): { durationSec?: number } {
  return seconds === null ? {} : { durationSec: seconds };
}

function positive(value: string | undefined): number | null {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : null;
}

/** "30/1" → 30; "0/0" (unknown) → null. */
function rate(value: string | undefined): number | null {
  const [num, den] = (value ?? '').split('/').map(Number);
  return num && den && Number.isFinite(num / den) ? num / den : null;
}

/** Matroska keeps per-stream durations in a "DURATION" tag ("00:00:04.021000000"). */
function matroskaTagDuration(tags: Record<string, string> | undefined): number | null {
  const value = tags?.DURATION ?? tags?.duration;
  const m = value ? /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value) : null;
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}
