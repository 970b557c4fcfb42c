// Messages between the page and the compositor worker (compositor-worker.ts). Kept apart so both sides
// type-check against one definition.
import type { BubbleCorner } from './solo-layout';

export interface CompositorInit {
  type: 'init';
  canvas: OffscreenCanvas;
  screen: ReadableStream<VideoFrame>;
  camera: ReadableStream<VideoFrame> | null;
  corner: BubbleCorner;
  fps: number;
}

export type CompositorCommand = CompositorInit | { type: 'corner'; corner: BubbleCorner } | { type: 'stop' };

export interface CompositorStats {
  type: 'stats';
  /** Frames drawn since init. */
  drawn: number;
  /** Camera frames that arrived while the screen was driving the drawing (shown with the next screen frame). */
  idle: number;
}
