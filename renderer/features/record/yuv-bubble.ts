// The camera bubble, stamped straight into the screen's YUV planes. Pure (buffers in, buffers out) so it
// is unit-tested without a browser; compositor-worker.ts feeds it the planes of captured VideoFrames.
//
// Why not a canvas: with no GPU (software rendering, as on many field laptops' VMs and on CI) a 2D canvas
// drawImage() of a 1080p VideoFrame, plus reading the canvas back into a frame, measured 40–75 ms per frame
// on a 2-core machine: the recording could not keep 30 fps. Copying the screen's I420/NV12 planes and
// overwriting the ~240 × 240 bubble pixels costs about 4 ms per frame.
//
// Colour: the ring is video-range white (Y 235, neutral chroma), as captured frames are video range.

import { evenFloor, type Plane, type YuvImage } from '../../lib/yuv-image';

/** The bubble ready to stamp: its pixels (camera inside, ring around) and which of them to write. */
export interface BubbleStamp {
  /** Even, so that chroma rows and columns line up with luma. */
  size: number;
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
  /** Per luma pixel (size × size) and per chroma pixel (size/2 × size/2): 1 to write it, 0 to leave the screen. */
  lumaMask: Uint8Array;
  chromaMask: Uint8Array;
}

const RING_Y = 235;
const NEUTRAL_CHROMA = 128;
/** Shapes by size: the same bubble is stamped 30 times a second. */
const shapes = new Map<number, { luma: Uint8Array; chroma: Uint8Array; lumaRing: Uint8Array; chromaRing: Uint8Array }>();

/** The circle and its ring at luma and chroma resolution: 0 outside, 1 inside. */
function bubbleShape(size: number) {
  const cached = shapes.get(size);
  if (cached) return cached;
  const ringWidth = Math.max(2, Math.round(size / 60));
  const disc = (n: number, radius: number, ring: number) => {
    const inside = new Uint8Array(n * n);
    const onRing = new Uint8Array(n * n);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const d = Math.hypot(col + 0.5 - n / 2, row + 0.5 - n / 2);
        if (d < radius) inside[row * n + col] = 1;
        if (d < radius && d >= radius - ring) onRing[row * n + col] = 1;
      }
    }
    return { inside, onRing };
  };
  const luma = disc(size, size / 2, ringWidth);
  const chroma = disc(size / 2, size / 4, ringWidth / 2);
  const shape = { luma: luma.inside, chroma: chroma.inside, lumaRing: luma.onRing, chromaRing: chroma.onRing };
  shapes.set(size, shape);
  return shape;
}

/** One sample of a plane at a fractional position, bilinearly: a smooth downscale of the camera. */
function sample(data: Uint8Array, base: number, stride: number, step: number, x: number, y: number, maxX: number, maxY: number): number {
  const x0 = Math.min(Math.floor(x), maxX);
  const y0 = Math.min(Math.floor(y), maxY);
  const x1 = Math.min(x0 + 1, maxX);
  const y1 = Math.min(y0 + 1, maxY);
  const fx = x - x0;
  const fy = y - y0;
  const row0 = base + y0 * stride;
  const row1 = base + y1 * stride;
  const top = data[row0 + x0 * step]! * (1 - fx) + data[row0 + x1 * step]! * fx;
  const bottom = data[row1 + x0 * step]! * (1 - fx) + data[row1 + x1 * step]! * fx;
  return Math.round(top * (1 - fy) + bottom * fy);
}

/** The camera's centre square scaled to the bubble (a face, not a letterboxed landscape), with its ring. */
export function cameraStamp(camera: YuvImage, requestedSize: number): BubbleStamp {
  const size = evenFloor(requestedSize);
  const half = size / 2;
  const shape = bubbleShape(size);
  const side = Math.min(camera.width, camera.height);
  const left = (camera.width - side) / 2;
  const top = (camera.height - side) / 2;
  const scale = side / size;
  const y = new Uint8Array(size * size);
  const u = new Uint8Array(half * half);
  const v = new Uint8Array(half * half);
  const [lumaPlane, firstChroma, secondChroma] = camera.planes as [Plane, Plane, Plane | undefined];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const at = row * size + col;
      if (!shape.luma[at]) continue;
      y[at] = shape.lumaRing[at] ? RING_Y : sample(camera.data, lumaPlane.offset, lumaPlane.stride, 1, left + (col + 0.5) * scale - 0.5, top + (row + 0.5) * scale - 0.5, camera.width - 1, camera.height - 1);
    }
  }
  const chromaW = Math.ceil(camera.width / 2);
  const chromaH = Math.ceil(camera.height / 2);
  for (let row = 0; row < half; row++) {
    for (let col = 0; col < half; col++) {
      const at = row * half + col;
      if (!shape.chroma[at]) continue;
      if (shape.chromaRing[at]) {
        u[at] = v[at] = NEUTRAL_CHROMA;
        continue;
      }
      const cx = left / 2 + (col + 0.5) * scale - 0.5;
      const cy = top / 2 + (row + 0.5) * scale - 0.5;
      if (camera.format === 'I420') {
        u[at] = sample(camera.data, firstChroma.offset, firstChroma.stride, 1, cx, cy, chromaW - 1, chromaH - 1);
        v[at] = sample(camera.data, secondChroma!.offset, secondChroma!.stride, 1, cx, cy, chromaW - 1, chromaH - 1);
      } else {
        u[at] = sample(camera.data, firstChroma.offset, firstChroma.stride, 2, cx, cy, chromaW - 1, chromaH - 1);
        v[at] = sample(camera.data, firstChroma.offset + 1, firstChroma.stride, 2, cx, cy, chromaW - 1, chromaH - 1);
      }
    }
  }
  return { size, y, u, v, lumaMask: shape.luma, chromaMask: shape.chroma };
}

/** Writes the bubble into the screen picture with its top-left corner at (x, y), clipped to the picture. */
export function stampBubble(screen: YuvImage, stamp: BubbleStamp, x: number, y: number): void {
  const left = evenFloor(x);
  const top = evenFloor(y);
  const { size } = stamp;
  const half = size / 2;
  const [lumaPlane, firstChroma, secondChroma] = screen.planes as [Plane, Plane, Plane | undefined];
  const rows = Math.min(size, screen.height - top);
  const cols = Math.min(size, screen.width - left);
  for (let row = 0; row < rows; row++) {
    const out = lumaPlane.offset + (top + row) * lumaPlane.stride + left;
    const from = row * size;
    for (let col = 0; col < cols; col++) if (stamp.lumaMask[from + col]) screen.data[out + col] = stamp.y[from + col]!;
  }
  const chromaRows = Math.min(half, Math.ceil(screen.height / 2) - top / 2);
  const chromaCols = Math.min(half, Math.ceil(screen.width / 2) - left / 2);
  for (let row = 0; row < chromaRows; row++) {
    const from = row * half;
    if (screen.format === 'I420') {
      const outU = firstChroma.offset + (top / 2 + row) * firstChroma.stride + left / 2;
      const outV = secondChroma!.offset + (top / 2 + row) * secondChroma!.stride + left / 2;
      for (let col = 0; col < chromaCols; col++) {
        if (!stamp.chromaMask[from + col]) continue;
        screen.data[outU + col] = stamp.u[from + col]!;
        screen.data[outV + col] = stamp.v[from + col]!;
      }
    } else {
      const out = firstChroma.offset + (top / 2 + row) * firstChroma.stride + left;
      for (let col = 0; col < chromaCols; col++) {
        if (!stamp.chromaMask[from + col]) continue;
        screen.data[out + col * 2] = stamp.u[from + col]!;
        screen.data[out + col * 2 + 1] = stamp.v[from + col]!;
      }
    }
  }
}
