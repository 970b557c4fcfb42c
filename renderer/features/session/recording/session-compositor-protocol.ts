// Messages between a session recording's graph on the page (recording-graph.ts) and its compositor worker
// (session-compositor-worker.ts). The page sends what changes rarely: the tracks, the layout, the overlays
// it has drawn (names, marks, banners). The frames themselves never pass through the page.
import type { Rect } from '../../../lib/layout';

/** 'composite', or a participant's identity for their own file. */
export type OutputId = string;
export const COMPOSITE: OutputId = 'composite';

export interface SceneTile {
  /** The video drawn in this tile, by MediaStreamTrack id; null for a placeholder. */
  trackId: string | null;
  rect: Rect;
}

export type SessionCompositorCommand =
  | { type: 'source'; trackId: string; frames: ReadableStream<VideoFrame> }
  | { type: 'source-gone'; trackId: string }
  | { type: 'output'; output: OutputId; writable: WritableStream<VideoFrame>; width: number; height: number; fps: number }
  | { type: 'output-gone'; output: OutputId }
  /** What an output shows, under its overlay: its background and tiles. */
  | { type: 'scene'; output: OutputId; background: string; tileBackground: string; tiles: SceneTile[] }
  /** The overlay (RGBA, the output's size, not premultiplied) drawn on the page; null: none. */
  | { type: 'overlay'; output: OutputId; rgba: ArrayBuffer | null; width: number; height: number }
  /** Send a frame of this output now (a recorder that just started waits for its first frame). */
  | { type: 'prime'; output: OutputId }
  | { type: 'stop' };

export interface SessionCompositorStats {
  type: 'stats';
  /** Composite frames written since the worker started. */
  compositeFrames: number;
  /** Worker time spent building every output's frames. */
  composeMs: number;
  /** That time by stage (ms, cumulative): copying tracks' frames out, scaling them in, the overlay, and
   * waiting for the recorder to take the frame. Where a slow machine's time goes. */
  stages: { copy: number; scale: number; overlay: number; write: number };
  /** Source frames copied out for drawing (each track's new frames, once each). */
  conversions: number;
  /** Ticks skipped because the previous ones had not finished (the machine was too busy). */
  skipped: number;
  lastError: string | null;
}

/** Sent when a source's frame size becomes known or changes: the page places marks on the video's content. */
export interface SourceSizes {
  type: 'sizes';
  sizes: Record<string, { width: number; height: number }>;
}

export type SessionCompositorEvent = SessionCompositorStats | SourceSizes;
