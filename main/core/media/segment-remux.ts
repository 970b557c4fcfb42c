// Turns one raw segment (MediaRecorder or ffmpeg WebM/Matroska chunks, byte-concatenated) into a
// standalone Matroska file. A stream copy is enough: the muxer writes the duration and cues MediaRecorder
// never wrote. A segment whose tail was cut mid-cluster (capture stopped by a crash or power loss) needs
// no special flag: measured with the 2018 static build (libavformat 58.24) and 5.1, the demuxer reports "Read error" /
// "File ended prematurely", drops the incomplete block, and exits 0 with everything before it.
// A segment cut before its first cluster holds no media at all, and ffmpeg's errors for it are as
// confused as for random bytes, so that case is recognised from the bytes before ffmpeg runs.
// A segment may be audio-only (MediaRecorder's audio/webm, a participant whose camera is off): it keeps
// its audio track and finalize makes an audio-only MP4 of it. A video track without a single frame (a
// camera that never delivered one) is dropped, so such a segment counts as audio-only too.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { runFfmpeg } from './ffmpeg-runner';
import { probeMedia, type MediaProbe } from './probe';

export interface RemuxedSegment {
  /** The raw segment this came from. */
  source: string;
  /** The standalone .mkv. */
  file: string;
  durationSec: number;
  probe: MediaProbe;
  /** Video frames copied, from ffmpeg's progress report; null when it did not say. */
  videoFrames: number | null;
}

export interface RemuxOptions {
  ffprobePath: string | null;
  signal?: AbortSignal;
}

/** Returns null when the segment holds no media at all (e.g. only the header was ever written). */
export async function remuxSegment(
  ffmpegPath: string,
  rawFile: string,
  outFile: string,
  options: RemuxOptions,
): Promise<RemuxedSegment | null> {
  const label = path.basename(rawFile);
  let size: number;
  try {
    size = fs.statSync(rawFile).size;
  } catch {
    throw new AppError('NOT_FOUND', `Recording segment ${label} is missing (${rawFile}).`);
  }
  // Imported files (`fieldtape record --source file:…`) may be MP4/QuickTime; everything recorded is Matroska.
  const isoImport = /\.(mp4|m4v|mov)$/i.test(rawFile);
  const head = isoImport ? 'has-clusters' : inspectSegmentHead(rawFile, size);
  if (head === 'not-matroska') {
    throw new AppError('MEDIA_ERROR', `Recording segment ${label} is not WebM/Matroska video: it does not start with an EBML header.`);
  }
  if (head === 'header-only') return null;

  const signal = options.signal ? { signal: options.signal } : {};
  const remuxArgs = (streams: 'video+audio' | 'audio'): string[] => [
    // MediaRecorder chunks can start with a large header; probe enough to see both tracks.
    '-probesize', '32M',
    '-analyzeduration', '10M',
    // Recorded segments are always Matroska/WebM. Saying so stops ffmpeg guessing from the file name or
    // content (random bytes in a ".raw" file probe as an image) and makes damage read as what it is.
    ...(isoImport ? [] : ['-f', 'matroska']),
    '-i', rawFile,
    // The first video and the first audio track, whichever exist; data or subtitle tracks are not recording.
    ...(streams === 'audio' ? ['-map', '0:a:0'] : ['-map', '0:v:0?', '-map', '0:a:0?']),
    '-c', 'copy',
    '-f', 'matroska', outFile,
  ];
  const run = async (streams: 'video+audio' | 'audio'): Promise<number | null> => {
    try {
      return (await runFfmpeg(ffmpegPath, remuxArgs(streams), signal)).frames;
    } catch (error) {
      if (error instanceof AppError && error.code === 'MEDIA_ERROR') {
        if (/does not contain any stream|matches no streams/.test(error.message)) {
          throw new AppError('MEDIA_ERROR', `Recording segment ${label} has neither an audio nor a video track: it is damaged or not a recording.`, error.detail);
        }
        const cause = error.message.replace(/^ffmpeg exited with code \d+: /, '').replace(`${rawFile}: `, '');
        throw new AppError('MEDIA_ERROR', `Recording segment ${label} is not readable WebM/Matroska media: ${cause}`, error.detail);
      }
      throw error;
    }
  };
  // frames counts video frames only: null when there is no video track at all.
  let frames = await run('video+audio');
  let probe = await probeMedia(outFile, { ffmpegPath, ffprobePath: options.ffprobePath, ...signal });
  if (frames === 0 || (probe.video && probe.durationSec === null)) {
    if (!probe.audio) return null;
    // A video track without frames would leave finalize a stream it cannot join or take pictures of.
    frames = await run('audio');
    probe = await probeMedia(outFile, { ffmpegPath, ffprobePath: options.ffprobePath, ...signal });
  }
  if ((!probe.video && !probe.audio) || probe.durationSec === null) return null;
  return { source: rawFile, file: outFile, durationSec: probe.durationSec, probe, videoFrames: probe.video ? frames : null };
}

/** The segment has audio and no video: finalize makes an audio-only MP4 (or fills its picture). */
export function isAudioOnly(segment: RemuxedSegment): boolean {
  return segment.probe.video === null && segment.probe.audio !== null;
}

// Matroska element IDs: the EBML header every file starts with, and a Cluster (a run of media blocks).
const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
const CLUSTER_ID = Buffer.from([0x1f, 0x43, 0xb6, 0x75]);
const HEAD_SCAN_BYTES = 4 * 1024 * 1024;

export type SegmentHead = 'not-matroska' | 'header-only' | 'has-clusters';

/** Looks at the start of a raw segment: is it Matroska at all, and did any cluster get written? */
export function inspectSegmentHead(file: string, size: number): SegmentHead {
  const head = Buffer.alloc(Math.min(size, HEAD_SCAN_BYTES));
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const magic = head.subarray(0, EBML_MAGIC.length);
  if (!EBML_MAGIC.subarray(0, magic.length).equals(magic)) return 'not-matroska';
  if (head.indexOf(CLUSTER_ID) >= 0) return 'has-clusters';
  // Headers are a few hundred bytes; past the scanned window, let ffmpeg judge.
  return size > HEAD_SCAN_BYTES ? 'has-clusters' : 'header-only';
}
