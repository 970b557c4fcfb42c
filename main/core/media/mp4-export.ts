// Joins the standalone segments into the one deliverable MP4: H.264 + AAC, moov atom first (+faststart)
// so it plays while still downloading. The video is copied when every segment already is plain H.264
// 4:2:0 of one size, and encoded with libx264 otherwise; the audio is always encoded to AAC.
// A recording without any video (audio/webm, a participant whose camera is off) becomes an AAC-only MP4:
// no picture is invented for it. Where only some segments lack video, those get black frames, and the
// plan says so (media.blankVideoAdded), as it says when silence stands in for missing audio.
import fs from 'node:fs';
import path from 'node:path';
import type { ManifestMedia } from '../../../shared/domain/manifest';
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
  /** What the MP4 will hold and what was made up for it: the manifest's `media`. */
  media: ManifestMedia;
}

export interface Mp4Options {
  encode: EncodeSettings;
  signal?: AbortSignal;
  onProgress?(seconds: number): void;
}

// Every MP4 with video carries h264+aac, even when nothing was recorded on a microphone: players, the web
// viewer and customers' evidence tooling can then assume one stream layout. A silent track is the honest
// filler, and the manifest says it is there (media.silentAudioAdded).
const SILENCE = 'anullsrc=r=48000:cl=stereo';
const BLACK = (width: number, height: number) => `color=c=black:s=${width}x${height}:r=30`;
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
  if (!segment.probe.video) return false;
  const seconds = segment.probe.video.durationSec ?? segment.durationSec;
  return segment.videoFrames !== null && seconds > 0 && segment.videoFrames < MIN_COPY_FPS * seconds;
}

export function planMp4(segments: RemuxedSegment[]): Mp4Plan {
  const first = segments[0]!.probe;
  const sameAudio = segments.every(({ probe: { audio: a } }) =>
    a === null || first.audio === null
      ? a === first.audio
      : a.codec === first.audio.codec && a.sampleRate === first.audio.sampleRate && a.channels === first.audio.channels,
  );
  const fv = segments.find((s) => s.probe.video)?.probe.video;
  if (!fv) {
    // Audio only: always encoded to AAC (MediaRecorder's audio is Opus, which MP4 players do not all play).
    const media = { video: false, audio: true, silentAudioAdded: false, blankVideoAdded: false };
    return { path: 'encode', join: sameAudio ? 'demuxer' : 'filter', stillFps: null, media };
  }
  const sameVideo = segments.every(({ probe: { video: v } }) => v !== null && v.codec === fv.codec && v.width === fv.width && v.height === fv.height && v.pixFmt === fv.pixFmt);
  const media = {
    video: true,
    audio: true,
    silentAudioAdded: segments.some((s) => s.probe.audio === null),
    blankVideoAdded: segments.some((s) => s.probe.video === null),
  };
  // Only 4:2:0 H.264 plays everywhere; 4:4:4 (e.g. an x11grab capture left at defaults) is re-encoded.
  const sparse = segments.some(isSparse);
  const stillFps = sparse ? STILL_FPS : null;
  const copyable = fv.codec === 'h264' && (fv.pixFmt === 'yuv420p' || fv.pixFmt === 'yuvj420p') && !sparse;
  return sameVideo && sameAudio
    ? { path: copyable ? 'remux' : 'encode', join: 'demuxer', stillFps, media }
    : { path: 'encode', join: 'filter', stillFps, media };
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
  const args = !plan.media.video
    ? audioOnlyArgs(segments, workDir, plan)
    : plan.join === 'demuxer'
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

/**
 * The concat demuxer offsets each file by the durations before it, so timestamps stay continuous and
 * the total is the sum of the segments. Only standalone files work here, hence the remux step first.
 */
function concatList(segments: RemuxedSegment[], workDir: string): string {
  const list = path.join(workDir, 'segments.ffconcat');
  fs.writeFileSync(list, ['ffconcat version 1.0', ...segments.map((s) => `file '${concatPath(s.file, workDir)}'`), ''].join('\n'));
  return list;
}

/** Normalises one segment's audio before the concat filter joins it to the others. */
function audioChain(input: string, out: string): string {
  return `[${input}]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[${out}]`;
}

function audioOnlyArgs(segments: RemuxedSegment[], workDir: string, plan: Mp4Plan): string[] {
  if (plan.join === 'demuxer') {
    return ['-f', 'concat', '-safe', '0', '-i', concatList(segments, workDir), '-map', '0:a:0', '-vn', '-af', 'aresample=async=1:first_pts=0', ...AAC];
  }
  // Segments whose audio differs (a microphone changed between them) are normalised and joined in order.
  const inputs = segments.flatMap((s) => ['-i', s.file]);
  const chains = segments.map((_, i) => audioChain(`${i}:a:0`, `a${i}`));
  const graph = [...chains, `${segments.map((_, i) => `[a${i}]`).join('')}concat=n=${segments.length}:v=0:a=1[a]`].join(';');
  return [...inputs, '-filter_complex', graph, '-map', '[a]', '-vn', ...AAC];
}

function demuxerJoinArgs(segments: RemuxedSegment[], workDir: string, plan: Mp4Plan, totalSec: number, encode: EncodeSettings): string[] {
  const list = concatList(segments, workDir);
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
  const first = segments.find((s) => s.probe.video)!.probe.video!;
  const width = even(first.width);
  const height = even(first.height);
  const inputs: string[] = [];
  const chains: string[] = [];
  const pairs: string[] = [];
  let index = 0;
  segments.forEach((segment, i) => {
    const fileInput = index++;
    inputs.push('-i', segment.file);
    let videoLabel = `${fileInput}:v:0`;
    let audioLabel = `${fileInput}:a:0`;
    const seconds = segment.durationSec.toFixed(3);
    if (!segment.probe.video) {
      const black = index++;
      inputs.push('-f', 'lavfi', '-t', seconds, '-i', BLACK(width, height));
      videoLabel = `${black}:v:0`;
    }
    if (!segment.probe.audio) {
      const silence = index++;
      inputs.push('-f', 'lavfi', '-t', seconds, '-i', SILENCE);
      audioLabel = `${silence}:a:0`;
    }
    chains.push(
      `[${videoLabel}]setpts=PTS-STARTPTS,scale=${width}:${height}:force_original_aspect_ratio=decrease,` +
        `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v${i}]`,
      audioChain(audioLabel, `a${i}`),
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
