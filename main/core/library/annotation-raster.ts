// Draws annotation marks into an RGBA image and encodes it as PNG, in plain Node (the engine has no
// canvas), for burning marks into an exported MP4 with ffmpeg's overlay filter. It follows the renderer's
// drawStroke geometry (renderer/features/annotations/draw-annotations.ts): line width is a fraction of
// the picture's height, highlights are 4x wider at 35 % opacity, arrows get a head. Text marks are not
// drawn here (no font rasterizer); the export burns them with ffmpeg's drawtext instead.
import zlib from 'node:zlib';
import type { Point, Stroke } from '../../../shared/domain/annotation';

export interface Raster {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export function createRaster(width: number, height: number): Raster {
  return { width, height, rgba: new Uint8Array(width * height * 4) };
}

export function drawMarks(raster: Raster, strokes: readonly Stroke[]): void {
  for (const stroke of strokes) drawMark(raster, stroke);
}

function drawMark(r: Raster, stroke: Stroke): void {
  if (stroke.tool === 'text' || stroke.points.length === 0) return;
  const px = ([x, y]: Point): Point => [x * r.width, y * r.height];
  const color = hexColor(stroke.color);
  const base = Math.max(1, stroke.width * r.height);
  const first = px(stroke.points[0]!);
  const last = px(stroke.points[stroke.points.length - 1]!);
  const lines = (points: Point[], width: number, alpha: number) => {
    for (let i = 0; i < points.length - 1; i++) segment(r, points[i]!, points[i + 1]!, width, color, alpha);
    if (points.length === 1) segment(r, points[0]!, points[0]!, width, color, alpha);
  };
  switch (stroke.tool) {
    case 'pen':
      lines(stroke.points.map(px), base, 1);
      break;
    case 'highlight':
      lines(stroke.points.map(px), base * 4, 0.35);
      break;
    case 'arrow': {
      const angle = Math.atan2(last[1] - first[1], last[0] - first[0]);
      const head = Math.max(8, base * 4);
      const wing = (sign: number): Point => [last[0] - head * Math.cos(angle + (sign * Math.PI) / 7), last[1] - head * Math.sin(angle + (sign * Math.PI) / 7)];
      lines([first, last], base, 1);
      triangle(r, last, wing(-1), wing(1), color);
      break;
    }
    case 'rect': {
      const [x0, y0] = [Math.min(first[0], last[0]), Math.min(first[1], last[1])];
      const [x1, y1] = [Math.max(first[0], last[0]), Math.max(first[1], last[1])];
      lines([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]], base, 1);
      break;
    }
    case 'ellipse': {
      const [cx, cy] = [(first[0] + last[0]) / 2, (first[1] + last[1]) / 2];
      const [rx, ry] = [Math.abs(last[0] - first[0]) / 2, Math.abs(last[1] - first[1]) / 2];
      const ring: Point[] = Array.from({ length: 73 }, (_, i) => [cx + rx * Math.cos((i / 72) * 2 * Math.PI), cy + ry * Math.sin((i / 72) * 2 * Math.PI)]);
      lines(ring, base, 1);
      break;
    }
  }
}

/** A thick, round-capped segment with a one-pixel soft edge. */
function segment(r: Raster, a: Point, b: Point, width: number, color: [number, number, number], alpha: number): void {
  const half = width / 2;
  const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - half - 1));
  const x1 = Math.min(r.width - 1, Math.ceil(Math.max(a[0], b[0]) + half + 1));
  const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - half - 1));
  const y1 = Math.min(r.height - 1, Math.ceil(Math.max(a[1], b[1]) + half + 1));
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const cx = x + 0.5;
      const cy = y + 0.5;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((cx - a[0]) * dx + (cy - a[1]) * dy) / len2));
      const d = Math.hypot(cx - (a[0] + t * dx), cy - (a[1] + t * dy));
      const coverage = Math.max(0, Math.min(1, half + 0.5 - d));
      if (coverage > 0) blend(r, x, y, color, coverage * alpha);
    }
  }
}

function triangle(r: Raster, p: Point, q: Point, s: Point, color: [number, number, number]): void {
  const x0 = Math.max(0, Math.floor(Math.min(p[0], q[0], s[0])));
  const x1 = Math.min(r.width - 1, Math.ceil(Math.max(p[0], q[0], s[0])));
  const y0 = Math.max(0, Math.floor(Math.min(p[1], q[1], s[1])));
  const y1 = Math.min(r.height - 1, Math.ceil(Math.max(p[1], q[1], s[1])));
  const side = (a: Point, b: Point, x: number, y: number) => (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const [cx, cy] = [x + 0.5, y + 0.5];
      const s1 = side(p, q, cx, cy);
      const s2 = side(q, s, cx, cy);
      const s3 = side(s, p, cx, cy);
      if ((s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0)) blend(r, x, y, color, 1);
    }
  }
}

/** Source-over compositing in straight (non-premultiplied) alpha, which PNG stores. */
function blend(r: Raster, x: number, y: number, [sr, sg, sb]: [number, number, number], sa: number): void {
  const i = (y * r.width + x) * 4;
  const da = r.rgba[i + 3]! / 255;
  const oa = sa + da * (1 - sa);
  if (oa <= 0) return;
  r.rgba[i] = Math.round((sr * sa + r.rgba[i]! * da * (1 - sa)) / oa);
  r.rgba[i + 1] = Math.round((sg * sa + r.rgba[i + 1]! * da * (1 - sa)) / oa);
  r.rgba[i + 2] = Math.round((sb * sa + r.rgba[i + 2]! * da * (1 - sa)) / oa);
  r.rgba[i + 3] = Math.round(oa * 255);
}

function hexColor(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

// ---- PNG ----

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

export function encodePng(r: Raster): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(r.width, 0);
  header.writeUInt32BE(r.height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const stride = r.width * 4;
  const raw = Buffer.alloc((stride + 1) * r.height);
  for (let y = 0; y < r.height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(r.rgba.buffer, r.rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
