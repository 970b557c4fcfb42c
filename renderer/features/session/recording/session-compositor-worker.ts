/// <reference lib="webworker" />
// Every recorded pixel of a session, drawn off the page's main thread. Each tile's video arrives here as a
// stream of VideoFrames (MediaStreamTrackProcessor on the page); the newest frame of each track is kept,
// and on this worker's own frame clock the composite and every per-participant canvas are drawn into
// OffscreenCanvases the page transferred to us. The page's canvas.captureStream() tracks carry each
// committed frame to the MediaRecorders. So React, LiveKit's signalling, chunk uploads or a hidden,
// minimized window (requestAnimationFrame and page timers throttled) cannot stall or drop recorded
// frames: on 2 cores the old main-thread drawing dropped half the composite's frames and delayed chunk
// hand-overs by up to 0.8 s (docs/sessions.md). The page only says what changed: the scene (tiles,
// status, marks) and which tracks exist.
import { strokeOpacity } from '../../../../shared/domain/stroke-fade';
import { drawComposite, drawParticipantFrame, type FrameInputs } from './draw-frames';
import type { Scene, SceneMark, SessionCompositorCommand, SessionCompositorStats } from './session-compositor-protocol';

declare const self: DedicatedWorkerGlobalScope;

interface Surface {
  ctx: OffscreenCanvasRenderingContext2D;
  name: string;
}

let composite: OffscreenCanvasRenderingContext2D | null = null;
const participants = new Map<string, Surface>();
const frames = new Map<string, VideoFrame>();
const readers = new Map<string, ReadableStreamDefaultReader<VideoFrame>>();
let scene: Scene = { tiles: [], status: null };
let marks: Record<string, SceneMark[]> = {};
let timer: ReturnType<typeof setInterval> | null = null;
let ticks = 0;
let participantEvery = 2;
const stats: SessionCompositorStats = { type: 'stats', compositeFrames: 0, drawMs: 0, framesIn: 0 };

const inputs: FrameInputs = {
  videoOf: (tile) => (tile.trackId ? (frames.get(tile.trackId) ?? null) : null),
  marksOn: (tileKey) => {
    const now = performance.timeOrigin + performance.now();
    const out = [];
    for (const mark of marks[tileKey] ?? []) {
      const opacity = strokeOpacity(mark.stroke, now - mark.arrivedAt);
      if (opacity > 0) out.push({ stroke: mark.stroke, opacity });
    }
    return out;
  },
};

function context(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { alpha: false, desynchronized: true });
  if (!ctx) throw new Error('no 2D context on the OffscreenCanvas');
  return ctx;
}

/** Keeps only the newest frame of a track; the previous one is closed at once (frames hold decoder memory). */
async function pump(trackId: string, stream: ReadableStream<VideoFrame>): Promise<void> {
  const reader = stream.getReader();
  readers.set(trackId, reader);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || !value) break;
      if (readers.get(trackId) !== reader) {
        value.close();
        break;
      }
      frames.get(trackId)?.close();
      frames.set(trackId, value);
      stats.framesIn++;
    }
  } catch {
    // the track ended or was cancelled: its tile shows the placeholder from now on
  } finally {
    if (readers.get(trackId) === reader) {
      readers.delete(trackId);
      frames.get(trackId)?.close();
      frames.delete(trackId);
    }
  }
}

function untrack(trackId: string): void {
  const reader = readers.get(trackId);
  readers.delete(trackId);
  void reader?.cancel().catch(() => undefined);
  frames.get(trackId)?.close();
  frames.delete(trackId);
}

function drawParticipants(): void {
  for (const [identity, surface] of participants) {
    const own = scene.tiles.filter((t) => t.identity === identity);
    const tile = own.find((t) => t.source === 'camera' && t.trackId && frames.has(t.trackId)) ?? own.find((t) => t.trackId && frames.has(t.trackId)) ?? own[0] ?? null;
    drawParticipantFrame(surface.ctx, tile, inputs, surface.name);
  }
}

function tick(all: boolean): void {
  const began = performance.now();
  if (composite) {
    drawComposite(composite, scene.tiles, inputs, scene.status);
    stats.compositeFrames++;
  }
  if (all || ticks % participantEvery === 0) drawParticipants();
  ticks++;
  stats.drawMs += performance.now() - began;
  if (stats.compositeFrames % 30 === 0) self.postMessage(stats);
}

function stop(): void {
  if (timer !== null) clearInterval(timer);
  timer = null;
  for (const trackId of [...readers.keys()]) untrack(trackId);
  composite = null;
  participants.clear();
  self.postMessage(stats);
}

self.onmessage = (event: MessageEvent<SessionCompositorCommand>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      composite = context(message.composite);
      participantEvery = Math.max(1, Math.round(message.fps / message.participantFps));
      tick(true);
      timer = setInterval(() => tick(false), 1000 / message.fps);
      break;
    case 'scene':
      scene = message.scene;
      if (message.scene.marks) marks = message.scene.marks;
      break;
    case 'track':
      untrack(message.trackId);
      void pump(message.trackId, message.frames);
      break;
    case 'untrack':
      untrack(message.trackId);
      break;
    case 'participant':
      participants.set(message.identity, { ctx: context(message.canvas), name: message.name });
      drawParticipants();
      break;
    case 'unparticipant':
      participants.delete(message.identity);
      break;
    case 'paint':
      tick(true);
      break;
    case 'stop':
      stop();
      break;
  }
};
