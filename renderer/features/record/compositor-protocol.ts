// Messages between the page and the compositor worker (compositor-worker.ts). Kept apart so both sides
// type-check against one definition.
import type { BubbleCorner } from './solo-layout';

export interface CompositorInit {
  type: 'init';
  screen: ReadableStream<VideoFrame>;
  camera: ReadableStream<VideoFrame> | null;
  /** The writable side of the recorded track (a MediaStreamTrackGenerator's), transferred to the worker. */
  output: WritableStream<VideoFrame>;
  corner: BubbleCorner;
  fps: number;
}

export type CompositorCommand = CompositorInit | { type: 'corner'; corner: BubbleCorner } | { type: 'stop' };

export interface CompositorStats {
  type: 'stats';
  /** Frames written to the recorded track since init. */
  drawn: number;
  /** Camera frames that arrived while the screen was driving the drawing (shown with the next screen frame). */
  idle: number;
  /** How the last frame was built: stamped into its YUV planes, or drawn on a canvas (other pixel formats). */
  path: 'yuv' | 'canvas' | null;
  /** Mean time to build one frame, in ms. */
  meanComposeMs: number;
  /** The last error that cost a frame, if any (the recording goes on with the next one). */
  lastError: string | null;
}
