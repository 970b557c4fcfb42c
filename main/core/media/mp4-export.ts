// Joins the standalone segments into the one deliverable MP4: H.264 + AAC, moov atom first (+faststart)
// so it plays while still downloading. The video is copied when every segment already is plain H.264
// 4:2:0 of one size, and encoded with libx264 otherwise; the audio is always encoded to AAC.
import fs from 'node:fs';
import path from 'node:path';
import { runFfmpeg } from './ffmpeg-runner';
import type { RemuxedSegment } from './segment-remux';

export type FinalizePath = 'remux' | 'encode';

export interface EncodeSettings {
  preset: string;
  crf: number;
}

export const DEFAULT_ENCODE: EncodeSettings = { preset: 'medium', crf: 20 };

export interface Mp4Plan {
  path: FinalizePath;
  /**
   * 'demuxer': segments share one stream layout, so ffmpeg's concat demuxer can play them back to back
   * (and the video can be copied). 'filter': they differ (a capture restart changed the resolution or lost
   * the microphone), so each is decoded and normalised before the concat filter joins them.
   */
  join: 'demuxer' | 'filter';
  /** Encode at this steady rate (a still image's sparse frames, see MIN_COPY_FPS); null keeps each frame's time. */
  stillFps: number | null;
}

export interface Mp4Options {
  encode: EncodeSettings;
  signal?: AbortSignal;
  onProgress?(seconds: number): void;
}

// Every MP4 carries h264+aac, even when nothing was recorded on a microphone: players, the web viewer
// and customers' evidence tooling can then assume one stream layout. A silent track is the honest filler.
const SILENCE = 'anullsrc=r=48000:cl=stereo';
const AAC = ['-c:a', 'aac', '-b:a', '128k'];

/**
 * Below this many frames a second, a stream copy of MediaRecorder's H.264 loses its timing. Matroska
 * stores no decode times, so ffmpeg invents them from a frame rate it guesses; frames seconds apart (a
 * participant whose camera never reached the host is a still image, which Chromium's encoder sends every
 * second or two) came out shifted seconds early, and with three frames the MP4's video lasted 0.003 s.
 * Decoding and encoding keeps each frame's real time, and a still image is cheap to encode.
 */
export const MIN_COPY_FPS = 5;
/** The steady rate such a still image is encoded at. */
const STILL_FPS = 15;

function isSparse(segment: RemuxedSegment): boolean {
  const seconds = segment.probe.video?.durationSec ?? segment.durationSec;
  return segment.videoFrames !== null && seconds > 0 && segment.videoFrames < MIN_COPY_FPS * seconds;
}

export function planMp4(segments: RemuxedSegment[]): Mp4Plan {
  const first = segments[0]!.probe;
  const uniform = segments.every(({ probe }) => {
    const v = probe.video!;
    const a = probe.audio;
    const fv = first.video!;
    const sameVideo = v.codec === fv.codec && v.width === fv.width && v.height === fv.height && v.pixFmt === fv.pixFmt;
    const sameAudio =
      a === null || first.audio === null
        ? a === first.audio
        : a.codec === first.audio.codec && a.sampleRate === first.audio.sampleRate && a.channels === first.audio.channels;
    return sameVideo && sameAudio;
  });
  const v = first.video!;
  // Only 4:2:0 H.264 plays everywhere; 4:4:4 (e.g. an x11grab capture left at defaults) is re-encoded.
  const sparse = segments.some(isSparse);
  const stillFps = sparse ? STILL_FPS : null;
  const copyable = v.codec === 'h264' && (v.pixFmt === 'yuv420p' || v.pixFmt === 'yuvj420p') && !sparse;
  return uniform ? { path: copyable ? 'remux' : 'encode', join: 'demuxer', stillFps } : { path: 'encode', join: 'filter', stillFps };
}

export async function writeMp4(
  ffmpegPath: string,
  segments: RemuxedSegment[],
  workDir: string,
  outFile: string,
  options: Mp4Options,
): Promise<Mp4Plan> {
  const plan = planMp4(segments);
  const totalSec = segments.reduce((sum, s) => sum + s.durationSec, 0);
  const args =
    plan.join === 'demuxer'
      ? demuxerJoinArgs(segments, workDir, plan, totalSec, options.encode)
      : filterJoinArgs(segments, plan, totalSec, options.encode);
  await runFfmpeg(
    ffmpegPath,
    [...args, '-max_muxing_queue_size', '4096', '-movflags', '+faststart', '-f', 'mp4', outFile],
    {
      totalSec,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  return plan;
}

function demuxerJoinArgs(segments: RemuxedSegment[], workDir: string, plan: Mp4Plan, totalSec: number, encode: EncodeSettings): string[] {
  // The concat demuxer offsets each file by the durations before it, so timestamps stay continuous and
  // the total is the sum of the segments. Only standalone files work here, hence the remux step first.
  const list = path.join(workDir, 'segments.ffconcat');
  fs.writeFileSync(list, ['ffconcat version 1.0', ...segments.map((s) => `file '${concatPath(s.file, workDir)}'`), ''].join('\n'));
  const hasAudio = segments[0]!.probe.audio !== null;
  return [
    '-f', 'concat', '-safe', '0', '-i', list,
    ...(hasAudio ? [] : ['-f', 'lavfi', '-t', totalSec.toFixed(3), '-i', SILENCE]),
    '-map', '0:v:0', '-map', hasAudio ? '0:a:0' : '1:a:0',
    ...(plan.path === 'remux' ? ['-c:v', 'copy'] : [...x264(encode, plan.stillFps, totalSec), '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2']),
    // Fill gaps between segments' audio with silence instead of letting later audio slide earlier.
    ...(hasAudio ? ['-af', 'aresample=async=1:first_pts=0'] : []),
    ...AAC,
  ];
}

function filterJoinArgs(segments: RemuxedSegment[], plan: Mp4Plan, totalSec: number, encode: EncodeSettings): string[] {
  const first = segments[0]!.probe.video!;
  const width = even(first.width);
  const height = even(first.height);
  const inputs: string[] = [];
  const chains: string[] = [];
  const pairs: string[] = [];
  let index = 0;
  segments.forEach((segment, i) => {
    const videoInput = index++;
    inputs.push('-i', segment.file);
    let audioLabel = `${videoInput}:a:0`;
    if (!segment.probe.audio) {
      const silence = index++;
      inputs.push('-f', 'lavfi', '-t', segment.durationSec.toFixed(3), '-i', SILENCE);
      audioLabel = `${silence}:a:0`;
    }
    chains.push(
      `[${videoInput}:v:0]setpts=PTS-STARTPTS,scale=${width}:${height}:force_original_aspect_ratio=decrease,` +
        `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v${i}]`,
      `[${audioLabel}]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a${i}]`,
    );
    pairs.push(`[v${i}][a${i}]`);
  });
  const graph = [...chains, `${pairs.join('')}concat=n=${segments.length}:v=1:a=1[v][a]`].join(';');
  return [...inputs, '-filter_complex', graph, '-map', '[v]', '-map', '[a]', ...x264(encode, plan.stillFps, totalSec), ...AAC];
}

function x264(encode: EncodeSettings, stillFps: number | null, totalSec: number): string[] {
  const base = ['-c:v', 'libx264', '-preset', encode.preset, '-crf', String(encode.crf), '-pix_fmt', 'yuv420p'];
  if (stillFps !== null) {
    // Sparse frames are a still image that stayed on screen: shown at a steady rate, each until the next,
    // so every player shows it for as long as it was there (with -vsync vfr the first frame, a few ms
    // before the audio, was dropped, and the last one lasted a guessed instant). -t: the last image is
    // held to the end of the recording, not past it.
    return [...base, '-vsync', 'cfr', '-r', String(stillFps), '-t', totalSec.toFixed(3)];
  }
  // -vsync vfr: MediaRecorder output has variable frame timing and MP4 would otherwise be made constant-
  // rate at whatever rate the demuxer guessed (sometimes 1000 fps), duplicating frames to get there.
  return [...base, '-vsync', 'vfr'];
}

function even(n: number): number {
  return Math.max(2, n - (n % 2));
}

/** Paths in an ffconcat list are quoted; a quote inside is written as '\'' (shell style). */
function concatPath(file: string, workDir: string): string {
  const relative = path.relative(workDir, file);
  const usable = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  return usable.replace(/\\/g, '/').replace(/'/g, "'\\''");
}
