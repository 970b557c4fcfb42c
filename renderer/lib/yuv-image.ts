// Pictures as YUV planes in memory, the form cameras, screen capture and WebRTC decoders deliver their
// VideoFrames in (I420, NV12). The recording compositors (the Record screen's camera bubble, a session's
// composite and per-participant files) build their frames here, in workers, instead of on a canvas:
// without a GPU a 2D canvas converts every frame to RGB and back, which measured ten times the cost
// (docs/app.md, docs/sessions.md). Pure except the two VideoFrame helpers at the end.

export type YuvFormat = 'I420' | 'NV12';

export function isYuvFormat(format: string | null | undefined): format is YuvFormat {
  return format === 'I420' || format === 'NV12';
}

/** Where one plane starts in the buffer and how many bytes one of its rows takes (WebCodecs PlaneLayout). */
export interface Plane {
  offset: number;
  stride: number;
}

/** A picture in memory: Y then U, V (I420) or interleaved UV (NV12), both with 2 × 2 chroma. */
export interface YuvImage {
  data: Uint8Array;
  format: YuvFormat;
  width: number;
  height: number;
  planes: readonly Plane[];
}

export interface YuvColor {
  y: number;
  u: number;
  v: number;
}

export function evenFloor(value: number): number {
  const v = Math.max(0, Math.floor(value));
  return v - (v % 2);
}

/** A new I420 picture of even size, tightly packed. */
export function allocI420(width: number, height: number): YuvImage {
  const w = evenFloor(width);
  const h = evenFloor(height);
  const luma = w * h;
  return { data: new Uint8Array(luma * 1.5), format: 'I420', width: w, height: h, planes: [{ offset: 0, stride: w }, { offset: luma, stride: w / 2 }, { offset: luma * 1.25, stride: w / 2 }] };
}

/** '#rrggbb' in video-range BT.601, the range captured frames use. */
export function yuvOf(hex: string): YuvColor {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return rgbToYuv((n >> 16) & 255, (n >> 8) & 255, n & 255);
}

export function rgbToYuv(r: number, g: number, b: number): YuvColor {
  return {
    y: Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255),
    u: Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255),
    v: Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255),
  };
}

/** Fills a rectangle (snapped out to even edges so chroma is covered) with one colour. I420 only. */
export function fillRect(image: YuvImage, x: number, y: number, w: number, h: number, color: YuvColor): void {
  const left = Math.max(0, evenFloor(x));
  const top = Math.max(0, evenFloor(y));
  const right = Math.min(image.width, Math.ceil((x + w) / 2) * 2);
  const bottom = Math.min(image.height, Math.ceil((y + h) / 2) * 2);
  if (right <= left || bottom <= top) return;
  const [lp, up, vp] = image.planes as [Plane, Plane, Plane];
  for (let row = top; row < bottom; row++) image.data.fill(color.y, lp.offset + row * lp.stride + left, lp.offset + row * lp.stride + right);
  for (let row = top / 2; row < bottom / 2; row++) {
    image.data.fill(color.u, up.offset + row * up.stride + left / 2, up.offset + row * up.stride + right / 2);
    image.data.fill(color.v, vp.offset + row * vp.stride + left / 2, vp.offset + row * vp.stride + right / 2);
  }
}

/** Copies a VideoFrame's visible pixels (cropped to even size) into memory; `into` is reused when large enough. */
export async function copyFrame(frame: VideoFrame, into?: Uint8Array): Promise<YuvImage> {
  const visible = frame.visibleRect!;
  const rect = { x: visible.x, y: visible.y, width: evenFloor(visible.width), height: evenFloor(visible.height) };
  const size = frame.allocationSize({ rect });
  const data = into && into.byteLength >= size ? into : new Uint8Array(size);
  const planes = await frame.copyTo(data, { rect });
  return { data, format: frame.format as YuvFormat, width: rect.width, height: rect.height, planes };
}

/** A VideoFrame that takes over the picture's buffer (the picture must not be used afterwards). */
export function toVideoFrame(image: YuvImage, timestamp: number, colorSpace?: VideoColorSpaceInit): VideoFrame {
  return new VideoFrame(image.data, {
    format: image.format,
    codedWidth: image.width,
    codedHeight: image.height,
    timestamp,
    ...(colorSpace ? { colorSpace } : {}),
    layout: image.planes.map((p) => ({ offset: p.offset, stride: p.stride })),
    transfer: [image.data.buffer],
  } as VideoFrameBufferInit);
}
