// Pixel checks on a recorded MP4, decoded by ffmpeg: where the camera bubble is. The bubble has a white
// ring (renderer/features/record/compositor-worker.ts); Chromium's fake screen and camera are green and
// black, so near-white pixels inside a corner's bubble square mean the bubble is there.
import { execFileSync } from 'node:child_process';
import { BUBBLE_CORNERS, bubbleRect, type BubbleCorner } from '../../shared/domain/camera-bubble';

export function videoSize(file: string): { width: number; height: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim();
  const [width, height] = out.split(',').map(Number);
  if (!width || !height) throw new Error(`${file}: no video size (${out})`);
  return { width, height };
}

/** For each corner: the share of near-white pixels in the square where a bubble in that corner would be. */
export function cornerRingShare(file: string, atSec: number): Record<BubbleCorner, number> {
  const { width, height } = videoSize(file);
  const rgb = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-ss', String(atSec), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 64 * 1024 * 1024 });
  const result = {} as Record<BubbleCorner, number>;
  for (const corner of BUBBLE_CORNERS) {
    const { x, y, size } = bubbleRect(width, height, corner);
    let white = 0;
    for (let row = y; row < y + size; row++) {
      for (let col = x; col < x + size; col++) {
        const i = (row * width + col) * 3;
        if (rgb[i]! > 215 && rgb[i + 1]! > 215 && rgb[i + 2]! > 215) white++;
      }
    }
    result[corner] = white / (size * size);
  }
  return result;
}
