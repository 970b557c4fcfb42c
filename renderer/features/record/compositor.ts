// The page's side of the "Screen and camera" compositor: hands the screen's and camera's frames to a
// worker (compositor-worker.ts) that draws them into a transferred OffscreenCanvas, and returns the video
// track of that canvas for the MediaRecorder. Nothing on the recorded frame path runs on the page's main
// thread.
import type { CompositorCommand, CompositorStats } from './compositor-protocol';
import type { BubbleCorner } from './solo-layout';

export const COMPOSITE_FPS = 30;

// Chromium exposes the (non-standard on Window) MediaStreamTrackProcessor; type it locally.
declare class MediaStreamTrackProcessor {
  constructor(init: { track: MediaStreamTrack });
  readonly readable: ReadableStream<VideoFrame>;
}

export function canComposite(): boolean {
  return typeof (globalThis as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor === 'function' && 'transferControlToOffscreen' in HTMLCanvasElement.prototype;
}

export class ScreenCameraCompositor {
  readonly track: MediaStreamTrack;
  private readonly worker: Worker;
  private lastStats: CompositorStats | null = null;

  constructor(screen: MediaStreamTrack, camera: MediaStreamTrack | null, corner: BubbleCorner) {
    if (!canComposite()) throw new Error('This window cannot draw a camera bubble over the screen (no MediaStreamTrackProcessor). Choose the Screen or Camera layout.');
    const settings = screen.getSettings();
    const canvas = document.createElement('canvas');
    // Even dimensions: H.264 needs them.
    canvas.width = evenAtMost(settings.width ?? 1920, 1920);
    canvas.height = evenAtMost(settings.height ?? 1080, 1080);
    // The canvas must have a 2D-capable track before control moves to the worker.
    this.track = canvas.captureStream().getVideoTracks()[0]!;
    const offscreen = canvas.transferControlToOffscreen();
    this.worker = new Worker(new URL('./compositor-worker.ts', import.meta.url), { type: 'module', name: 'fieldtape-compositor' });
    this.worker.onmessage = (event: MessageEvent<CompositorStats>) => (this.lastStats = event.data);
    const screenFrames = new MediaStreamTrackProcessor({ track: screen }).readable;
    const cameraFrames = camera ? new MediaStreamTrackProcessor({ track: camera }).readable : null;
    const init: CompositorCommand = { type: 'init', canvas: offscreen, screen: screenFrames, camera: cameraFrames, corner, fps: COMPOSITE_FPS };
    this.worker.postMessage(init, [offscreen, screenFrames, ...(cameraFrames ? [cameraFrames] : [])]);
  }

  setCorner(corner: BubbleCorner): void {
    this.worker.postMessage({ type: 'corner', corner } satisfies CompositorCommand);
  }

  stats(): CompositorStats | null {
    return this.lastStats;
  }

  stop(): void {
    this.worker.postMessage({ type: 'stop' } satisfies CompositorCommand);
    this.track.stop();
    // Give the worker a moment to close its frames; terminating drops whatever is left anyway.
    setTimeout(() => this.worker.terminate(), 500);
  }
}

function evenAtMost(value: number, max: number): number {
  const v = Math.min(Math.round(value), max);
  return v - (v % 2);
}
