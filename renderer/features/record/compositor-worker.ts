/// <reference lib="webworker" />
// The "Screen and camera" picture, built off the page's main thread. The screen's and the camera's
// VideoFrames arrive as streams (MediaStreamTrackProcessor on the page), and each composed frame is written
// to the recorded track through a MediaStreamTrackGenerator's writable, transferred here too, so neither a
// busy page (React, the library) nor a hidden one (requestAnimationFrame throttling when minimized) is on
// the recorded frame path.
//
// I420 and NV12 frames (what cameras and screen capture deliver) get the bubble stamped straight into a copy
// of the screen's planes (yuv-bubble.ts: ~4 ms per 1080p frame). Any other pixel format is drawn on an
// OffscreenCanvas instead, which is correct but costs ten times as much without a GPU.
import { bubbleRect, type BubbleCorner } from './solo-layout';
import { copyFrame, evenFloor, isYuvFormat, toVideoFrame, type YuvImage } from '../../lib/yuv-image';
import { cameraStamp, stampBubble, type BubbleStamp } from './yuv-bubble';
import type { CompositorCommand, CompositorInit, CompositorStats } from './compositor-protocol';

declare const self: DedicatedWorkerGlobalScope;

let corner: BubbleCorner = 'bottom-right';
let stopped = false;
let frameMs = 1000 / 30;
let output: WritableStreamDefaultWriter<VideoFrame> | null = null;
/** The newest screen frame, kept open so a still screen can be re-sent when only the camera moves. */
let screen: VideoFrame | null = null;
let screenArrivedAt = 0;
/** The newest camera picture, copied out of its frame; its bubble is rebuilt only when it or the size changes. */
let camera: YuvImage | null = null;
let cameraFrame: VideoFrame | null = null;
let stamp: { stamp: BubbleStamp; camera: YuvImage; size: number } | null = null;
let canvas: OffscreenCanvas | null = null;
let lastTimestamp = -Infinity;
let lastComposeAt = -Infinity;
let composeMsTotal = 0;
const stats: CompositorStats = { type: 'stats', drawn: 0, idle: 0, path: null, meanComposeMs: 0, lastError: null };

async function pump(stream: ReadableStream<VideoFrame>, keep: (frame: VideoFrame) => Promise<void>): Promise<void> {
  const reader = stream.getReader();
  while (!stopped) {
    const { value, done } = await reader.read();
    if (done || !value) break;
    if (stopped) {
      value.close();
      break;
    }
    await keep(value);
  }
  reader.releaseLock();
}

/**
 * Frames are composed as the screen delivers them, so the recording has the screen's own rate and timing (a
 * timer of our own would beat against the capture's clock and drop or double frames). A still screen sends
 * nothing; then the camera's frames drive the composing, at most at the composite rate.
 */
function start(init: CompositorInit): void {
  corner = init.corner;
  frameMs = 1000 / init.fps;
  output = init.output.getWriter();
  void pump(init.screen, async (frame) => {
    screen?.close();
    screen = frame;
    screenArrivedAt = performance.now();
    await compose(frame.timestamp);
  });
  if (init.camera) {
    void pump(init.camera, async (frame) => {
      await keepCamera(frame);
      if (screen && performance.now() - lastComposeAt > frameMs * 1.5) await compose(screen.timestamp + (performance.now() - screenArrivedAt) * 1000);
      else stats.idle++;
    });
  }
}

async function keepCamera(frame: VideoFrame): Promise<void> {
  if (!isYuvFormat(frame.format)) {
    // Drawn by the canvas path; keep the frame itself.
    cameraFrame?.close();
    cameraFrame = frame;
    camera = null;
    return;
  }
  try {
    camera = await copyFrame(frame);
    cameraFrame?.close();
    cameraFrame = null;
  } finally {
    frame.close();
  }
}

/** One frame at a time, in call order: the screen's and the camera's pumps (and a corner change) all call in. */
let queue: Promise<void> = Promise.resolve();
function compose(timestampUs: number): Promise<void> {
  queue = queue.then(() => composeNow(timestampUs));
  return queue;
}

async function composeNow(timestampUs: number): Promise<void> {
  if (!screen || !output) return;
  const started = performance.now();
  // Timestamps only go forward, whichever pump sent the frame.
  const timestamp = Math.max(Math.round(timestampUs), lastTimestamp + 1);
  // Our own reference: the screen's pump may replace (and close) the newest frame meanwhile.
  const source = screen.clone();
  let frame: VideoFrame | null = null;
  try {
    frame = isYuvFormat(source.format) && (camera || !cameraFrame) ? await composeYuv(source, timestamp) : composeCanvas(source, timestamp);
    lastTimestamp = timestamp;
    lastComposeAt = performance.now();
    composeMsTotal += lastComposeAt - started;
    stats.drawn++;
    stats.meanComposeMs = composeMsTotal / stats.drawn;
    await output.write(frame);
    frame = null;
    if (stats.drawn % 30 === 0) self.postMessage(stats);
  } catch (error) {
    frame?.close();
    stats.lastError = error instanceof Error ? error.message : String(error);
  } finally {
    source.close();
  }
}

async function composeYuv(source: VideoFrame, timestamp: number): Promise<VideoFrame> {
  const picture = await copyFrame(source);
  if (camera) {
    const { x, y, size } = bubbleRect(picture.width, picture.height, corner);
    if (!stamp || stamp.camera !== camera || stamp.size !== size) stamp = { stamp: cameraStamp(camera, size), camera, size };
    stampBubble(picture, stamp.stamp, x, y);
  }
  stats.path = 'yuv';
  return toVideoFrame(picture, timestamp, source.colorSpace.toJSON());
}

function composeCanvas(source: VideoFrame, timestamp: number): VideoFrame {
  const width = evenFloor(source.displayWidth);
  const height = evenFloor(source.displayHeight);
  if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('no 2D context on the OffscreenCanvas');
  ctx.drawImage(source, 0, 0, width, height);
  const face = cameraFrame;
  if (face) {
    const { x, y, size } = bubbleRect(width, height, corner);
    const side = Math.min(face.displayWidth, face.displayHeight);
    ctx.save();
    ctx.beginPath();
    ctx.arc(x + size / 2, y + size / 2, size / 2, 0, Math.PI * 2);
    ctx.closePath();
    ctx.clip();
    ctx.drawImage(face, (face.displayWidth - side) / 2, (face.displayHeight - side) / 2, side, side, x, y, size, size);
    ctx.restore();
    ctx.lineWidth = Math.max(2, Math.round(size / 60));
    ctx.strokeStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(x + size / 2, y + size / 2, size / 2 - ctx.lineWidth / 2, 0, Math.PI * 2);
    ctx.stroke();
  }
  stats.path = 'canvas';
  return new VideoFrame(canvas, { timestamp });
}

self.onmessage = (event: MessageEvent<CompositorCommand>) => {
  const message = event.data;
  if (message.type === 'init') start(message);
  else if (message.type === 'corner') {
    corner = message.corner;
    if (screen) void compose(screen.timestamp + (performance.now() - screenArrivedAt) * 1000);
  } else if (message.type === 'stop') {
    stopped = true;
    screen?.close();
    cameraFrame?.close();
    screen = cameraFrame = null;
    camera = null;
    void output?.close().catch(() => undefined);
    self.postMessage(stats);
  }
};
