/// <reference lib="webworker" />
// A session recording's frames, built off the page's main thread. Every recorded track's VideoFrames arrive
// here (MediaStreamTrackProcessor on the page, the stream transferred), and every output (the composite,
// each participant's own file) is the writable side of a MediaStreamTrackGenerator the page records.
// Each output runs on this worker's own clock at its own rate: its background and tile backgrounds (made
// once per layout), each tile's newest frame scaled in, then the overlay the page drew (names, marks,
// banners) blended on top, all in I420 (renderer/lib/yuv-*.ts). A busy page delays at most a change of
// overlay, never a frame, and a hidden page (requestAnimationFrame and page timers throttled) changes
// nothing here.
import { recordedVideoRect } from '../../../lib/layout';
import { blendOverlay, drawScaled, overlayFromRgba, type Overlay } from '../../../lib/yuv-draw';
import { allocI420, copyFrame, fillRect, isYuvFormat, toVideoFrame, yuvOf, type YuvImage } from '../../../lib/yuv-image';
import { COMPOSITE, type OutputId, type SceneTile, type SessionCompositorCommand, type SessionCompositorStats, type SourceSizes } from './session-compositor-protocol';

declare const self: DedicatedWorkerGlobalScope;

interface Source {
  reader: ReadableStreamDefaultReader<VideoFrame>;
  latest: VideoFrame | null;
  /** Bumped per arriving frame; the copy below is of frame `copiedSeq`. */
  seq: number;
  copiedSeq: number;
  copy: YuvImage | null;
  /** Other pixel formats (rare: RGBA from some capture paths) are converted through a canvas. */
  canvas: OffscreenCanvas | null;
}

interface Output {
  writer: WritableStreamDefaultWriter<VideoFrame>;
  width: number;
  height: number;
  intervalMs: number;
  nextAt: number;
  tiles: SceneTile[];
  /**
   * The picture under the overlay: background and tile backgrounds (rebuilt when the layout changes) with
   * each tile's video drawn in. A tile is redrawn only when its track has a new frame: cameras deliver
   * 15-30 fps, and a 30 fps composite would otherwise scale the same frame again.
   */
  scene: YuvImage;
  /** Per tile, the source frame (its copiedSeq) drawn in the scene, -1 for none, and that frame's size. */
  drawn: number[];
  drawnSize: string[];
  background: string;
  tileBackground: string;
  overlay: Overlay | null;
  lastTimestamp: number;
}

const sources = new Map<string, Source>();
const outputs = new Map<OutputId, Output>();
const reportedSizes: SourceSizes = { type: 'sizes', sizes: {} };
const stats: SessionCompositorStats = { type: 'stats', compositeFrames: 0, composeMs: 0, stages: { copy: 0, scale: 0, overlay: 0, write: 0 }, conversions: 0, skipped: 0, lastError: null };
let stopped = false;
let framesWritten = 0;
let wake: (() => void) | null = null;

function addSource(trackId: string, frames: ReadableStream<VideoFrame>): void {
  removeSource(trackId);
  const source: Source = { reader: frames.getReader(), latest: null, seq: 0, copiedSeq: -1, copy: null, canvas: null };
  sources.set(trackId, source);
  void (async () => {
    while (!stopped && sources.get(trackId) === source) {
      const { value, done } = await source.reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done || !value) break;
      if (sources.get(trackId) !== source) {
        value.close();
        break;
      }
      source.latest?.close();
      source.latest = value;
      source.seq++;
      const known = reportedSizes.sizes[trackId];
      if (!known || known.width !== value.displayWidth || known.height !== value.displayHeight) {
        reportedSizes.sizes[trackId] = { width: value.displayWidth, height: value.displayHeight };
        self.postMessage(reportedSizes);
      }
    }
  })();
}

function removeSource(trackId: string): void {
  const source = sources.get(trackId);
  if (!source) return;
  sources.delete(trackId);
  delete reportedSizes.sizes[trackId];
  source.latest?.close();
  source.latest = null;
  // Not reader.cancel(): cancelling a processor's stream may stop its track, and these tracks are the
  // call's own (shown on the page). The pump lets go at its next frame, or when the track ends.
}

/** The source's newest frame in memory, copied once per frame whichever outputs draw it. */
async function pictureOf(trackId: string): Promise<{ image: YuvImage; seq: number } | null> {
  const source = sources.get(trackId);
  if (!source) return null;
  if (!source.latest || (source.copiedSeq === source.seq && source.copy)) return source.copy ? { image: source.copy, seq: source.copiedSeq } : null;
  const frame = source.latest;
  const seq = source.seq;
  if (isYuvFormat(frame.format)) {
    const clone = frame.clone();
    try {
      source.copy = await copyFrame(clone, source.copy?.data);
    } finally {
      clone.close();
    }
  } else {
    source.copy = rgbFrameAsI420(source, frame);
  }
  source.copiedSeq = seq;
  stats.conversions++;
  return { image: source.copy, seq };
}

/** An RGB frame (a format decoders rarely give) drawn on a canvas and its pixels converted: slow, but right. */
function rgbFrameAsI420(source: Source, frame: VideoFrame): YuvImage {
  const width = frame.displayWidth - (frame.displayWidth % 2);
  const height = frame.displayHeight - (frame.displayHeight % 2);
  if (!source.canvas || source.canvas.width !== width || source.canvas.height !== height) source.canvas = new OffscreenCanvas(width, height);
  const ctx = source.canvas.getContext('2d', { alpha: false, willReadFrequently: true })!;
  ctx.drawImage(frame, 0, 0, width, height);
  const image = allocI420(width, height);
  // An opaque overlay over the whole picture is exactly an RGB → YUV conversion.
  blendOverlay(image, overlayFromRgba(ctx.getImageData(0, 0, width, height).data, width, height));
  return image;
}

function buildScene(output: Pick<Output, 'width' | 'height' | 'tiles' | 'background' | 'tileBackground'>): YuvImage {
  const template = allocI420(output.width, output.height);
  fillRect(template, 0, 0, output.width, output.height, yuvOf(output.background));
  const tile = yuvOf(output.tileBackground);
  for (const { rect } of output.tiles) fillRect(template, rect.x, rect.y, rect.w, rect.h, tile);
  return template;
}

async function composeOutput(id: OutputId, output: Output, due: number): Promise<void> {
  const began = performance.now();
  const { scene } = output;
  for (const [index, tile] of output.tiles.entries()) {
    if (!tile.trackId) continue;
    const copying = performance.now();
    const video = await pictureOf(tile.trackId);
    const scaling = performance.now();
    stats.stages.copy += scaling - copying;
    if (output.scene !== scene) return; // the layout changed meanwhile; the next tick draws the new one
    if (!video) {
      // The track went: back to the tile's background.
      if (output.drawn[index] !== -1) fillRect(scene, tile.rect.x, tile.rect.y, tile.rect.w, tile.rect.h, yuvOf(output.tileBackground));
      output.drawn[index] = -1;
      continue;
    }
    if (output.drawn[index] === video.seq) continue;
    const size = `${video.image.width}x${video.image.height}`;
    // A new size may cover less of the tile (another aspect ratio): clear what the old one left.
    if (output.drawnSize[index] !== size && output.drawn[index] !== -1) fillRect(scene, tile.rect.x, tile.rect.y, tile.rect.w, tile.rect.h, yuvOf(output.tileBackground));
    output.drawnSize[index] = size;
    drawScaled(scene, video.image, recordedVideoRect(video.image.width, video.image.height, tile.rect), tile.rect);
    output.drawn[index] = video.seq;
    stats.stages.scale += performance.now() - scaling;
  }
  const picture = allocI420(output.width, output.height);
  picture.data.set(scene.data);
  const blending = performance.now();
  if (output.overlay) blendOverlay(picture, output.overlay);
  stats.stages.overlay += performance.now() - blending;
  // Stamped with the tick it was due at (microseconds, only ever forward), not when it was made: a frame
  // composed late keeps the file's cadence even.
  const timestamp = Math.max(Math.round(due * 1000), output.lastTimestamp + 1);
  output.lastTimestamp = timestamp;
  const frame = toVideoFrame(picture, timestamp);
  stats.composeMs += performance.now() - began;
  if (outputs.get(id) !== output) {
    frame.close();
    return;
  }
  const writing = performance.now();
  await output.writer.write(frame);
  stats.stages.write += performance.now() - writing;
  if (id === COMPOSITE) stats.compositeFrames++;
  // About once a second, whichever outputs this worker has.
  if (++framesWritten % 30 === 0) self.postMessage(stats);
}

/**
 * How far an output may fall behind its clock before ticks are given up. A moment's stall (a GC, the
 * scheduler giving the core to another process) is made up by composing the missed ticks back to back;
 * only a longer one skips them, since a machine that busy could not encode a burst either.
 */
const CATCH_UP_TICKS = 4;

/** The clock: each output is due every 1/fps s from when it was added. */
async function run(): Promise<void> {
  while (!stopped) {
    let earliest = Infinity;
    for (const [id, output] of outputs) {
      if (output.nextAt <= performance.now()) {
        try {
          await composeOutput(id, output, output.nextAt);
        } catch (error) {
          stats.lastError = error instanceof Error ? error.message : String(error);
        }
        output.nextAt += output.intervalMs;
        const behind = performance.now() - output.nextAt;
        if (behind > CATCH_UP_TICKS * output.intervalMs) {
          const missed = Math.floor(behind / output.intervalMs);
          stats.skipped += missed;
          output.nextAt += missed * output.intervalMs;
        }
      }
      earliest = Math.min(earliest, output.nextAt);
    }
    const delay = Number.isFinite(earliest) ? Math.max(0, earliest - performance.now()) : 1000;
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, delay);
    });
    wake = null;
  }
}

self.onmessage = (event: MessageEvent<SessionCompositorCommand>) => {
  const message = event.data;
  switch (message.type) {
    case 'source':
      addSource(message.trackId, message.frames);
      break;
    case 'source-gone':
      removeSource(message.trackId);
      break;
    case 'output': {
      const shape = { width: message.width, height: message.height, tiles: [] as SceneTile[], background: '#000000', tileBackground: '#000000' };
      outputs.get(message.output)?.writer.close().catch(() => undefined);
      outputs.set(message.output, { ...shape, writer: message.writable.getWriter(), intervalMs: 1000 / message.fps, nextAt: performance.now(), scene: buildScene(shape), drawn: [], drawnSize: [], overlay: null, lastTimestamp: 0 });
      wake?.();
      break;
    }
    case 'output-gone': {
      const output = outputs.get(message.output);
      outputs.delete(message.output);
      void output?.writer.close().catch(() => undefined);
      break;
    }
    case 'scene': {
      const output = outputs.get(message.output);
      if (!output) break;
      output.tiles = message.tiles;
      output.background = message.background;
      output.tileBackground = message.tileBackground;
      output.scene = buildScene(output);
      output.drawn = message.tiles.map(() => -1);
      output.drawnSize = message.tiles.map(() => '');
      break;
    }
    case 'overlay': {
      const output = outputs.get(message.output);
      if (!output) break;
      output.overlay = message.rgba ? overlayFromRgba(new Uint8ClampedArray(message.rgba), message.width, message.height) : null;
      break;
    }
    case 'prime': {
      const output = outputs.get(message.output);
      if (output) output.nextAt = performance.now();
      wake?.();
      break;
    }
    case 'stop':
      stopped = true;
      for (const id of [...sources.keys()]) removeSource(id);
      for (const output of outputs.values()) void output.writer.close().catch(() => undefined);
      outputs.clear();
      self.postMessage(stats);
      break;
  }
};

void run();
