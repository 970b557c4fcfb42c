// Snapshot and filmstrip from the finished MP4, by whichever way decodes less. An accurate seek decodes
// from the keyframe before its target: cheap after an encode (libx264 puts a keyframe every few seconds),
// ruinous on remuxed MediaRecorder H.264 that may have one keyframe in an hour. There, one decode of the
// whole file feeds both images at once.
import { runFfmpeg } from './ffmpeg-runner';
import { filmstripTimes, selectAtTimes, thumbnailFilter, writeFilmstripBySeeking } from './filmstrip';
import { listKeyframeTimes, seekDecodeCost } from './keyframes';
import { JPEG_OUTPUT, snapshotTime, writeSnapshotBySeeking } from './snapshot';

export type PreviewStrategy = 'seek' | 'single-pass';

export interface PreviewOptions {
  ffprobePath: string | null;
  snapshotFile: string;
  filmstripFile: string;
  filmstripFrames: number;
  /** The input's frame rate, to tell whether it has a frame after every seek target. */
  fps?: number | null;
  /** Force a strategy (tests, benchmarks); by default the cheaper one is chosen. */
  strategy?: PreviewStrategy;
  signal?: AbortSignal;
}

export async function writePreviews(ffmpegPath: string, input: string, durationSec: number, options: PreviewOptions): Promise<PreviewStrategy> {
  const snapshotAt = snapshotTime(durationSec);
  const times = filmstripTimes(durationSec, options.filmstripFrames);
  const strategy = options.strategy ?? (await cheaperStrategy(ffmpegPath, input, durationSec, [snapshotAt, ...times], options));
  const signal = options.signal;

  if (strategy === 'seek') {
    await writeSnapshotBySeeking(ffmpegPath, input, snapshotAt, options.snapshotFile, signal);
    await writeFilmstripBySeeking(ffmpegPath, input, times, options.filmstripFile, signal);
    return strategy;
  }
  // One decode, split in two: ffmpeg stops once both outputs have their single frame.
  const graph = [
    '[0:v:0]split=2[a][b]',
    `[a]select='${selectAtTimes([snapshotAt])}'[snapshot]`,
    `[b]select='${selectAtTimes(times)}',${thumbnailFilter()},tile=${times.length}x1[strip]`,
  ].join(';');
  await runFfmpeg(
    ffmpegPath,
    [
      '-i', input,
      '-filter_complex', graph,
      // Each output takes the frames select passes as they come, without frame-rate conversion.
      '-map', '[snapshot]', '-vsync', 'vfr', ...JPEG_OUTPUT, options.snapshotFile,
      '-map', '[strip]', '-vsync', 'vfr', ...JPEG_OUTPUT, options.filmstripFile,
    ],
    signal ? { signal } : {},
  );
  return strategy;
}

async function cheaperStrategy(
  ffmpegPath: string,
  input: string,
  durationSec: number,
  targets: number[],
  options: PreviewOptions,
): Promise<PreviewStrategy> {
  // A very short clip may have no frame after some seek target; one pass over it is cheap anyway.
  if (durationSec * (options.fps ?? 30) < 2 * targets.length) return 'single-pass';
  const keyframes = await listKeyframeTimes(input, { ffmpegPath, ffprobePath: options.ffprobePath, ...(options.signal ? { signal: options.signal } : {}) });
  if (!keyframes || keyframes.length === 0) return 'single-pass';
  // Seconds of video decoded: from the keyframe before each target, versus the whole file once.
  return seekDecodeCost(keyframes, targets) <= durationSec ? 'seek' : 'single-pass';
}
