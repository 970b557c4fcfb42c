// Snapshot and filmstrip for instant mode, where they sit on the path from Stop to the manifest: one ffmpeg
// run, and every frame is the keyframe at or before its target time (-noaccurate_seek, -skip_frame nokey),
// so each costs one intra-frame decode instead of up to a GOP of decoding. Device capture puts a keyframe
// every 2 s, so a frame is at most 2 s from where the accurate finalize would take it. Same placement (the
// middle for the snapshot, (i+0.5)·duration/N for the strip), same sizes, same JPEG settings as finalize.
import { runFfmpeg } from '../media/ffmpeg-runner';
import { filmstripTimes, thumbnailFilter } from '../media/filmstrip';
import { JPEG_OUTPUT, snapshotTime } from '../media/snapshot';

export async function writeKeyframePreviews(ffmpegPath: string, input: string, durationSec: number, options: { snapshotFile: string; filmstripFile: string; filmstripFrames: number; signal?: AbortSignal }): Promise<void> {
  const times = filmstripTimes(durationSec, options.filmstripFrames);
  const at = (t: number) => ['-noaccurate_seek', '-skip_frame', 'nokey', '-ss', t.toFixed(3), '-i', input];
  const inputs = [...times.flatMap(at), ...at(snapshotTime(durationSec))];
  const strip = times.map((_, i) => `[${i}:v:0]${thumbnailFilter()}[f${i}]`);
  const stack = times.length === 1 ? '[f0]null[strip]' : `${times.map((_, i) => `[f${i}]`).join('')}hstack=inputs=${times.length}[strip]`;
  await runFfmpeg(
    ffmpegPath,
    [
      ...inputs,
      '-filter_complex', [...strip, stack, `[${times.length}:v:0]null[snap]`].join(';'),
      '-map', '[strip]', ...JPEG_OUTPUT, options.filmstripFile,
      '-map', '[snap]', ...JPEG_OUTPUT, options.snapshotFile,
    ],
    options.signal ? { signal: options.signal } : {},
  );
}
