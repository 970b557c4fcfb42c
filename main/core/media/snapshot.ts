// The recording's poster image: one full-size JPEG from the middle, where a field-service session is most
// likely to show the equipment rather than a face or an empty room.
import { runFfmpeg } from './ffmpeg-runner';

/** One frame as a JPEG: -f mjpeg writes the single encoded frame as is, which is exactly a JPEG file. */
export const JPEG_OUTPUT = ['-frames:v', '1', '-q:v', '3', '-c:v', 'mjpeg', '-f', 'mjpeg'];

export function snapshotTime(durationSec: number): number {
  return Math.max(0, durationSec / 2);
}

/** -ss before -i is an accurate seek: decode from the keyframe before the target, drop frames until it. */
export async function writeSnapshotBySeeking(
  ffmpegPath: string,
  input: string,
  at: number,
  outFile: string,
  signal?: AbortSignal,
): Promise<void> {
  await runFfmpeg(ffmpegPath, ['-ss', at.toFixed(3), '-i', input, '-map', '0:v:0', ...JPEG_OUTPUT, outFile], signal ? { signal } : {});
}
