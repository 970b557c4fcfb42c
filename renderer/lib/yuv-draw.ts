// Drawing into I420 pictures (yuv-image.ts) for the session compositor: a video scaled into a tile, and an
// overlay (names, marks, banners: drawn once on a canvas, on the page, whenever they change) blended on
// top. Pure, integer arithmetic, tables built once per size: a 1280 × 720 composite of three 720p tiles
// costs a few milliseconds, where a canvas without a GPU cost 20–75 (docs/sessions.md).
import { evenFloor, rgbToYuv, type Plane, type YuvImage } from './yuv-image';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** For each output column (or row): the two source samples around it and the weight (0–256) of the second. */
interface Axis {
  first: Int32Array;
  second: Int32Array;
  weight: Int32Array;
}

const axes = new Map<string, Axis>();

function axis(sourceLength: number, outputLength: number): Axis {
  const key = `${sourceLength}>${outputLength}`;
  const known = axes.get(key);
  if (known) return known;
  const first = new Int32Array(outputLength);
  const second = new Int32Array(outputLength);
  const weight = new Int32Array(outputLength);
  const scale = sourceLength / outputLength;
  for (let i = 0; i < outputLength; i++) {
    const at = Math.max(0, (i + 0.5) * scale - 0.5);
    const lo = Math.min(Math.floor(at), sourceLength - 1);
    first[i] = lo;
    second[i] = Math.min(lo + 1, sourceLength - 1);
    weight[i] = Math.round((at - lo) * 256);
  }
  const made = { first, second, weight };
  if (axes.size > 64) axes.clear();
  axes.set(key, made);
  return made;
}

/** Scales one plane bilinearly; `step`/`phase` read one channel of an interleaved plane (NV12's UV). */
function scalePlane(src: Uint8Array, srcPlane: Plane, step: number, phase: number, srcW: number, srcH: number, dst: Uint8Array, dstPlane: Plane, x: number, y: number, w: number, h: number): void {
  const cols = axis(srcW, w);
  const rows = axis(srcH, h);
  for (let row = 0; row < h; row++) {
    const r0 = srcPlane.offset + rows.first[row]! * srcPlane.stride + phase;
    const r1 = srcPlane.offset + rows.second[row]! * srcPlane.stride + phase;
    const fy = rows.weight[row]!;
    const out = dstPlane.offset + (y + row) * dstPlane.stride + x;
    for (let col = 0; col < w; col++) {
      const a = cols.first[col]! * step;
      const b = cols.second[col]! * step;
      const fx = cols.weight[col]!;
      const top = src[r0 + a]! * (256 - fx) + src[r0 + b]! * fx;
      const bottom = src[r1 + a]! * (256 - fx) + src[r1 + b]! * fx;
      dst[out + col] = (top * (256 - fy) + bottom * fy + 32768) >> 16;
    }
  }
}

/** Draws `src` (I420 or NV12) scaled into `box` of the I420 picture `dst`, snapped to even edges and clipped. */
export function drawScaled(dst: YuvImage, src: YuvImage, box: Box): void {
  const x = evenFloor(Math.max(0, box.x));
  const y = evenFloor(Math.max(0, box.y));
  const w = evenFloor(Math.min(box.w, dst.width - x));
  const h = evenFloor(Math.min(box.h, dst.height - y));
  if (w <= 0 || h <= 0 || src.width < 2 || src.height < 2) return;
  const [dy, du, dv] = dst.planes as [Plane, Plane, Plane];
  const [sy, s1, s2] = src.planes as [Plane, Plane, Plane | undefined];
  scalePlane(src.data, sy, 1, 0, src.width, src.height, dst.data, dy, x, y, w, h);
  const cw = src.width / 2;
  const ch = src.height / 2;
  if (src.format === 'I420') {
    scalePlane(src.data, s1, 1, 0, cw, ch, dst.data, du, x / 2, y / 2, w / 2, h / 2);
    scalePlane(src.data, s2!, 1, 0, cw, ch, dst.data, dv, x / 2, y / 2, w / 2, h / 2);
  } else {
    scalePlane(src.data, s1, 2, 0, cw, ch, dst.data, du, x / 2, y / 2, w / 2, h / 2);
    scalePlane(src.data, s1, 2, 1, cw, ch, dst.data, dv, x / 2, y / 2, w / 2, h / 2);
  }
}

/**
 * An overlay's visible pixels only (most of a composite's overlay is transparent): for luma, each pixel's
 * index, value and alpha; for chroma, each 2 × 2 block's alpha-weighted colour and mean alpha.
 */
export interface Overlay {
  width: number;
  height: number;
  luma: { at: Int32Array; value: Uint8Array; alpha: Uint8Array };
  chroma: { at: Int32Array; u: Uint8Array; v: Uint8Array; alpha: Uint8Array };
}

/** Converts canvas pixels (RGBA, not premultiplied, as getImageData returns them) of even size. */
export function overlayFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Overlay {
  const w = evenFloor(width);
  const h = evenFloor(height);
  let count = 0;
  for (let row = 0; row < h; row++) for (let col = 0; col < w; col++) if (rgba[(row * width + col) * 4 + 3]! > 0) count++;
  const luma = { at: new Int32Array(count), value: new Uint8Array(count), alpha: new Uint8Array(count) };
  const blocks: number[] = [];
  const blockU: number[] = [];
  const blockV: number[] = [];
  const blockA: number[] = [];
  let n = 0;
  for (let row = 0; row < h; row += 2) {
    for (let col = 0; col < w; col += 2) {
      let sumA = 0;
      let sumU = 0;
      let sumV = 0;
      for (let k = 0; k < 4; k++) {
        const r = row + (k >> 1);
        const c = col + (k & 1);
        const p = (r * width + c) * 4;
        const a = rgba[p + 3]!;
        if (a === 0) continue;
        const color = rgbToYuv(rgba[p]!, rgba[p + 1]!, rgba[p + 2]!);
        luma.at[n] = r * w + c;
        luma.value[n] = color.y;
        luma.alpha[n] = a;
        n++;
        sumA += a;
        sumU += color.u * a;
        sumV += color.v * a;
      }
      if (sumA === 0) continue;
      blocks.push((row / 2) * (w / 2) + col / 2);
      blockU.push(Math.round(sumU / sumA));
      blockV.push(Math.round(sumV / sumA));
      blockA.push(Math.round(sumA / 4));
    }
  }
  return { width: w, height: h, luma, chroma: { at: Int32Array.from(blocks), u: Uint8Array.from(blockU), v: Uint8Array.from(blockV), alpha: Uint8Array.from(blockA) } };
}

function mix(under: number, over: number, alpha: number): number {
  return (under * (255 - alpha) + over * alpha + 127) / 255 | 0;
}

/** Blends the overlay over the I420 picture's top-left corner (overlays are made at the picture's size). */
export function blendOverlay(dst: YuvImage, overlay: Overlay): void {
  const [py, pu, pv] = dst.planes as [Plane, Plane, Plane];
  const w = Math.min(overlay.width, dst.width);
  const h = Math.min(overlay.height, dst.height);
  const { luma, chroma } = overlay;
  for (let i = 0; i < luma.at.length; i++) {
    const at = luma.at[i]!;
    const row = (at / overlay.width) | 0;
    const col = at - row * overlay.width;
    if (row >= h || col >= w) continue;
    const o = py.offset + row * py.stride + col;
    dst.data[o] = mix(dst.data[o]!, luma.value[i]!, luma.alpha[i]!);
  }
  const half = overlay.width / 2;
  for (let i = 0; i < chroma.at.length; i++) {
    const at = chroma.at[i]!;
    const row = (at / half) | 0;
    const col = at - row * half;
    if (row * 2 >= h || col * 2 >= w) continue;
    const ou = pu.offset + row * pu.stride + col;
    const ov = pv.offset + row * pv.stride + col;
    dst.data[ou] = mix(dst.data[ou]!, chroma.u[i]!, chroma.alpha[i]!);
    dst.data[ov] = mix(dst.data[ov]!, chroma.v[i]!, chroma.alpha[i]!);
  }
}
