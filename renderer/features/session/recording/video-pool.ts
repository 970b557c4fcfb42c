// One playing <video> per MediaStreamTrack, kept off-screen, for drawing into the recording canvases.
// The on-screen tiles have their own elements; these exist even when the session page is hidden.
//
// Drawing a <video> into a canvas converts its current frame (YUV) to RGB, and that conversion is most
// of what a recording costs the host's main thread (about 5 ms for a 720p frame without a GPU, several
// times that on a busy machine). The recording canvases redraw at 30 fps and the composite and a
// participant's own canvas both draw the same track, while a camera delivers 15-30 new frames a second.
// So each track's latest frame is converted once, into a canvas of the frame's own size, when a new
// frame has arrived (requestVideoFrameCallback), and every recording canvas draws from that copy.
export interface VideoFrameSource {
  image: CanvasImageSource;
  width: number;
  height: number;
}

interface Entry {
  video: HTMLVideoElement;
  frame: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } | null;
  /** A frame arrived since the copy was made. */
  fresh: boolean;
  /** When requestVideoFrameCallback last reported a frame (0: never, or not supported). */
  lastCallbackAt: number;
}

/**
 * requestVideoFrameCallback runs with the page's rendering, which stops in a hidden window. If it has been
 * quiet this long, every draw converts again (the cost before this cache) rather than freezing the video.
 */
const CALLBACK_STALE_MS = 250;

export interface PoolStats {
  /** Video frames converted into the per-track copies. */
  conversions: number;
}

export class VideoElementPool {
  private readonly elements = new Map<string, Entry>();
  private conversions = 0;

  get(track: MediaStreamTrack): HTMLVideoElement {
    return this.entry(track).video;
  }

  /** The track's latest frame, converted at most once per video frame; null until it has one. */
  frame(track: MediaStreamTrack): VideoFrameSource | null {
    const entry = this.entry(track);
    const { video } = entry;
    if (video.readyState < 2 || video.videoWidth === 0) return null;
    const width = video.videoWidth;
    const height = video.videoHeight;
    let frame = entry.frame;
    if (!frame || frame.canvas.width !== width || frame.canvas.height !== height) {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d', { alpha: false });
      if (!ctx) return { image: video, width, height };
      frame = { canvas, ctx };
      entry.frame = frame;
      entry.fresh = true;
    }
    if (entry.fresh || performance.now() - entry.lastCallbackAt > CALLBACK_STALE_MS) {
      entry.fresh = false;
      frame.ctx.drawImage(video, 0, 0, width, height);
      this.conversions++;
    }
    return { image: frame.canvas, width, height };
  }

  getStats(): PoolStats {
    return { conversions: this.conversions };
  }

  /** Forgets elements whose track is no longer shown. */
  retain(trackIds: ReadonlySet<string>): void {
    for (const [id, entry] of this.elements) {
      if (trackIds.has(id)) continue;
      entry.video.srcObject = null;
      entry.frame = null;
      this.elements.delete(id);
    }
  }

  dispose(): void {
    this.retain(new Set());
  }

  private entry(track: MediaStreamTrack): Entry {
    const known = this.elements.get(track.id);
    if (known) return known;
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.autoplay = true;
    video.srcObject = new MediaStream([track]);
    void video.play().catch(() => undefined);
    const entry: Entry = { video, frame: null, fresh: true, lastCallbackAt: 0 };
    if (typeof video.requestVideoFrameCallback === 'function') {
      const onFrame = () => {
        if (this.elements.get(track.id) !== entry) return;
        entry.fresh = true;
        entry.lastCallbackAt = performance.now();
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }
    this.elements.set(track.id, entry);
    return entry;
  }
}
