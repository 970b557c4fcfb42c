/// <reference lib="webworker" />
// The "Screen and camera" picture, drawn off the page's main thread: the screen's and the camera's
// VideoFrames arrive here as streams (MediaStreamTrackProcessor on the page), and each new screen frame is
// drawn with the newest camera frame into an OffscreenCanvas the page transferred to us; the page's canvas.captureStream()
// then carries every committed frame to the MediaRecorder. A busy or hidden page (React, the library,
// requestAnimationFrame throttling when minimized) therefore cannot stall or drop recorded frames.
import { bubbleRect, type BubbleCorner } from './solo-layout';
import type { CompositorCommand, CompositorInit, CompositorStats } from './compositor-protocol';

declare const self: DedicatedWorkerGlobalScope;

let screen: VideoFrame | null = null;
let camera: VideoFrame | null = null;
let corner: BubbleCorner = 'bottom-right';
let stopped = false;
let lastDrawAt = -Infinity;
let frameMs = 1000 / 30;
let paint: (() => void) | null = null;
const stats: CompositorStats = { type: 'stats', drawn: 0, idle: 0 };

async function pump(stream: ReadableStream<VideoFrame>, keep: (frame: VideoFrame) => void): Promise<void> {
  const reader = stream.getReader();
  while (!stopped) {
    const { value, done } = await reader.read();
    if (done || !value) break;
    if (stopped) {
      value.close();
      break;
    }
    keep(value);
  }
  reader.releaseLock();
}

/**
 * Frames are drawn as the screen delivers them, so the recording has the screen's own rate and timing (a
 * timer of our own would beat against the capture's clock and drop or double frames). A still screen sends
 * nothing; then the camera's frames drive the drawing, at most at the composite rate.
 */
function start(init: CompositorInit): void {
  const ctx = init.canvas.getContext('2d', { alpha: false, desynchronized: true });
  if (!ctx) throw new Error('no 2D context on the OffscreenCanvas');
  corner = init.corner;
  frameMs = 1000 / init.fps;
  const { width, height } = init.canvas;
  paint = () => {
    lastDrawAt = performance.now();
    draw(ctx, width, height);
    stats.drawn++;
    if (stats.drawn % 30 === 0) self.postMessage(stats);
  };
  void pump(init.screen, (frame) => {
    screen?.close();
    screen = frame;
    paint?.();
  });
  if (init.camera) {
    void pump(init.camera, (frame) => {
      camera?.close();
      camera = frame;
      if (performance.now() - lastDrawAt > frameMs * 1.5) paint?.();
      else stats.idle++;
    });
  }
}

function draw(ctx: OffscreenCanvasRenderingContext2D, width: number, height: number): void {
  if (screen) ctx.drawImage(screen, 0, 0, width, height);
  else {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
  }
  if (!camera) return;
  const { x, y, size } = bubbleRect(width, height, corner);
  // The camera's centre square, cropped into a circle: a face, not a letterboxed landscape.
  const side = Math.min(camera.displayWidth, camera.displayHeight);
  const sx = (camera.displayWidth - side) / 2;
  const sy = (camera.displayHeight - side) / 2;
  ctx.save();
  ctx.beginPath();
  ctx.arc(x + size / 2, y + size / 2, size / 2, 0, Math.PI * 2);
  ctx.closePath();
  ctx.clip();
  ctx.drawImage(camera, sx, sy, side, side, x, y, size, size);
  ctx.restore();
  ctx.lineWidth = Math.max(2, Math.round(size / 60));
  ctx.strokeStyle = '#ffffff';
  ctx.beginPath();
  ctx.arc(x + size / 2, y + size / 2, size / 2, 0, Math.PI * 2);
  ctx.stroke();
}

self.onmessage = (event: MessageEvent<CompositorCommand>) => {
  const message = event.data;
  if (message.type === 'init') start(message);
  else if (message.type === 'corner') {
    corner = message.corner;
    paint?.();
  } else if (message.type === 'stop') {
    stopped = true;
    paint = null;
    screen?.close();
    camera?.close();
    screen = camera = null;
    self.postMessage(stats);
  }
};
