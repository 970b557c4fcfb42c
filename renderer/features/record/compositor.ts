// The page's side of the "Screen and camera" compositor: hands the screen's and camera's frame streams,
// and the writable side of a MediaStreamTrackGenerator, to a worker (compositor-worker.ts) that composes
// each frame and writes it there; the generator is the track the MediaRecorder records. Nothing on the
// recorded frame path runs on the page's main thread: Chromium moves these streams' ends into the worker.
import type { CompositorCommand, CompositorStats } from './compositor-protocol';
import type { BubbleCorner } from './solo-layout';

export const COMPOSITE_FPS = 30;

// Chromium exposes the (non-standard on Window) MediaStreamTrackProcessor; type it locally.
declare class MediaStreamTrackProcessor {
  constructor(init: { track: MediaStreamTrack });
  readonly readable: ReadableStream<VideoFrame>;
}
declare class MediaStreamTrackGenerator extends MediaStreamTrack {
  constructor(init: { kind: 'video' });
  readonly writable: WritableStream<VideoFrame>;
}

export function canComposite(): boolean {
  const scope = globalThis as { MediaStreamTrackProcessor?: unknown; MediaStreamTrackGenerator?: unknown };
  return typeof scope.MediaStreamTrackProcessor === 'function' && typeof scope.MediaStreamTrackGenerator === 'function';
}

export class ScreenCameraCompositor {
  readonly track: MediaStreamTrack;
  private readonly worker: Worker;
  private lastStats: CompositorStats | null = null;

  constructor(screen: MediaStreamTrack, camera: MediaStreamTrack | null, corner: BubbleCorner) {
    if (!canComposite()) throw new Error('This window cannot draw a camera bubble over the screen (no MediaStreamTrackProcessor or MediaStreamTrackGenerator). Choose the Screen or Camera layout.');
    const generator = new MediaStreamTrackGenerator({ kind: 'video' });
    this.track = generator;
    this.worker = new Worker(new URL('./compositor-worker.ts', import.meta.url), { type: 'module', name: 'fieldtape-compositor' });
    this.worker.onmessage = (event: MessageEvent<CompositorStats>) => (this.lastStats = event.data);
    const screenFrames = new MediaStreamTrackProcessor({ track: screen }).readable;
    const cameraFrames = camera ? new MediaStreamTrackProcessor({ track: camera }).readable : null;
    const init: CompositorCommand = { type: 'init', screen: screenFrames, camera: cameraFrames, output: generator.writable, corner, fps: COMPOSITE_FPS };
    this.worker.postMessage(init, [screenFrames, generator.writable, ...(cameraFrames ? [cameraFrames] : [])]);
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
