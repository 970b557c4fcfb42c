// A strip of N small frames, evenly placed by time (frame i at (i+0.5)·duration/N), tiled left to right
// into one JPEG: the library's scrubbing preview. Frames are placed by time, not by keyframe, because
// MediaRecorder output can have a single keyframe for the whole recording.
import { runFfmpeg } from './ffmpeg-runner';
import { JPEG_OUTPUT } from './snapshot';

export const FILMSTRIP_FRAME_WIDTH = 160;

export function filmstripTimes(durationSec: number, frames: number): number[] {
  const n = Math.max(1, Math.floor(frames));
  return Array.from({ length: n }, (_, i) => ((i + 0.5) * durationSec) / n);
}

/** Scales one frame to the strip's width; -2 keeps the aspect ratio with an even height. */
export function thumbnailFilter(width = FILMSTRIP_FRAME_WIDTH): string {
  return `scale=${width}:-2,setsar=1`;
}

/**
 * A select expression that keeps, for each target time, the first frame at or after it. The first frame
 * has no previous one (prev_pts is NaN) and counts as "before" every target.
 */
export function selectAtTimes(times: number[]): string {
  return times
    .map((t) => {
      const at = t.toFixed(3);
      return `gte(t,${at})*(isnan(prev_pts)+lt(prev_pts*TB,${at}))`;
    })
    .join('+');
}

/** The seek strategy: N accurate input seeks side by side; hstack takes the first frame of each. */
export async function writeFilmstripBySeeking(
  ffmpegPath: string,
  input: string,
  times: number[],
  outFile: string,
  signal?: AbortSignal,
): Promise<void> {
  const inputs = times.flatMap((t) => ['-ss', t.toFixed(3), '-i', input]);
  const chains = times.map((_, i) => `[${i}:v:0]${thumbnailFilter()}[f${i}]`);
  const stack = times.length === 1 ? '[f0]null[out]' : `${times.map((_, i) => `[f${i}]`).join('')}hstack=inputs=${times.length}[out]`;
  await runFfmpeg(
    ffmpegPath,
    [...inputs, '-filter_complex', [...chains, stack].join(';'), '-map', '[out]', ...JPEG_OUTPUT, outFile],
    signal ? { signal } : {},
  );
}
