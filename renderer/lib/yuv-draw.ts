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

/** One plane of a source picture; `step`/`phase` read one channel of an interleaved plane (NV12's UV). */
interface SourcePlane {
  data: Uint8Array;
  plane: Plane;
  step: number;
  phase: number;
  width: number;
  height: number;
}

/**
 * Where one plane is drawn, in that plane's samples: the whole box (`bx`…, the scaled source's place,
 * which may overflow) and the part of it actually written (`x0`–`x1`, `y0`–`y1`).
 */
interface Target {
  data: Uint8Array;
  plane: Plane;
  bx: number;
  by: number;
  bw: number;
  bh: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Same size: rows copied (memcpy for a planar source). */
function copyPlane(s: SourcePlane, t: Target): void {
  for (let y = t.y0; y < t.y1; y++) {
    const from = s.plane.offset + (y - t.by) * s.plane.stride + (t.x0 - t.bx) * s.step + s.phase;
    const to = t.plane.offset + y * t.plane.stride;
    if (s.step === 1) t.data.set(s.data.subarray(from, from + (t.x1 - t.x0)), to + t.x0);
    else for (let x = t.x0, i = from; x < t.x1; x++, i += s.step) t.data[to + x] = s.data[i]!;
  }
}

/** Exactly half size: each sample the mean of a 2 × 2 block, which is also what bilinear gives there. */
function halvePlane(s: SourcePlane, t: Target): void {
  const { data: src, step, phase } = s;
  const out = t.data;
  const pair = 2 * step;
  for (let y = t.y0; y < t.y1; y++) {
    let r0 = s.plane.offset + 2 * (y - t.by) * s.plane.stride + phase + 2 * (t.x0 - t.bx) * step;
    let r1 = r0 + s.plane.stride;
    const end = t.plane.offset + y * t.plane.stride + t.x1;
    for (let o = end - (t.x1 - t.x0); o < end; o++, r0 += pair, r1 += pair) {
      out[o] = (src[r0]! + src[r0 + step]! + src[r1]! + src[r1 + step]! + 2) >> 2;
    }
  }
}

/** Any other size: bilinear. */
function resamplePlane(s: SourcePlane, t: Target): void {
  const cols = axis(s.width, t.bw);
  const rows = axis(s.height, t.bh);
  const { data: src, step, phase } = s;
  for (let y = t.y0; y < t.y1; y++) {
    const row = y - t.by;
    const r0 = s.plane.offset + rows.first[row]! * s.plane.stride + phase;
    const r1 = s.plane.offset + rows.second[row]! * s.plane.stride + phase;
    const fy = rows.weight[row]!;
    const to = t.plane.offset + y * t.plane.stride;
    for (let x = t.x0; x < t.x1; x++) {
      const col = x - t.bx;
      const a = cols.first[col]! * step;
      const b = cols.second[col]! * step;
      const fx = cols.weight[col]!;
      const top = src[r0 + a]! * (256 - fx) + src[r0 + b]! * fx;
      const bottom = src[r1 + a]! * (256 - fx) + src[r1 + b]! * fx;
      t.data[to + x] = (top * (256 - fy) + bottom * fy + 32768) >> 16;
    }
  }
}

const even = (value: number): number => 2 * Math.floor(value / 2);

/**
 * Draws `src` (I420 or NV12) scaled into `box` of the I420 picture `dst`, writing only inside `clip` (and
 * the picture). Edges are snapped to even pixels; the box may overflow the clip (recordedVideoRect).
 */
export function drawScaled(dst: YuvImage, src: YuvImage, box: Box, clip: Box = { x: 0, y: 0, w: dst.width, h: dst.height }): void {
  const bx = even(box.x);
  const by = even(box.y);
  const bw = even(box.w);
  const bh = even(box.h);
  const x0 = Math.max(bx, even(clip.x + 1), 0);
  const y0 = Math.max(by, even(clip.y + 1), 0);
  const x1 = Math.min(bx + bw, even(clip.x + clip.w), even(dst.width));
  const y1 = Math.min(by + bh, even(clip.y + clip.h), even(dst.height));
  if (x1 <= x0 || y1 <= y0 || src.width < 2 || src.height < 2) return;
  const draw = bw === src.width && bh === src.height ? copyPlane : 2 * bw === src.width && 2 * bh === src.height ? halvePlane : resamplePlane;
  const [dy, du, dv] = dst.planes as [Plane, Plane, Plane];
  const [sy, s1, s2] = src.planes as [Plane, Plane, Plane | undefined];
  const luma: Target = { data: dst.data, plane: dy, bx, by, bw, bh, x0, y0, x1, y1 };
  draw({ data: src.data, plane: sy, step: 1, phase: 0, width: src.width, height: src.height }, luma);
  const chroma = (plane: Plane): Target => ({ data: dst.data, plane, bx: bx / 2, by: by / 2, bw: bw / 2, bh: bh / 2, x0: x0 / 2, y0: y0 / 2, x1: x1 / 2, y1: y1 / 2 });
  const cw = src.width / 2;
  const ch = src.height / 2;
  if (src.format === 'I420') {
    draw({ data: src.data, plane: s1, step: 1, phase: 0, width: cw, height: ch }, chroma(du));
    draw({ data: src.data, plane: s2!, step: 1, phase: 0, width: cw, height: ch }, chroma(dv));
  } else {
    draw({ data: src.data, plane: s1, step: 2, phase: 0, width: cw, height: ch }, chroma(du));
    draw({ data: src.data, plane: s1, step: 2, phase: 1, width: cw, height: ch }, chroma(dv));
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
