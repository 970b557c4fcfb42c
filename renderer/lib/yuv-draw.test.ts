import { describe, expect, it } from 'vitest';
import { blendOverlay, drawScaled, overlayFromRgba } from './yuv-draw';
import { allocI420, fillRect, yuvOf, type YuvImage } from './yuv-image';

const lumaAt = (img: YuvImage, col: number, row: number) => img.data[img.planes[0]!.offset + row * img.planes[0]!.stride + col]!;
const uAt = (img: YuvImage, col: number, row: number) => img.data[img.planes[1]!.offset + row * img.planes[1]!.stride + col]!;
const vAt = (img: YuvImage, col: number, row: number) => img.data[img.planes[2]!.offset + row * img.planes[2]!.stride + col]!;

/** An NV12 picture whose luma is a horizontal ramp (its column number) and whose chroma is constant. */
function nv12Ramp(width: number, height: number, u: number, v: number): YuvImage {
  const luma = width * height;
  const data = new Uint8Array(luma * 1.5);
  for (let row = 0; row < height; row++) for (let col = 0; col < width; col++) data[row * width + col] = col;
  for (let i = luma; i < data.length; i += 2) {
    data[i] = u;
    data[i + 1] = v;
  }
  return { data, format: 'NV12', width, height, planes: [{ offset: 0, stride: width }, { offset: luma, stride: width }] };
}

describe('YUV drawing for the session compositor', () => {
  it('fills rectangles in video-range colour, snapped out to even edges', () => {
    const img = allocI420(16, 8);
    fillRect(img, 0, 0, 16, 8, yuvOf('#000000'));
    fillRect(img, 3, 3, 4, 2, yuvOf('#ffffff'));
    expect(lumaAt(img, 0, 0)).toBe(16);
    expect(lumaAt(img, 2, 2)).toBe(235);
    expect(lumaAt(img, 7, 5)).toBe(235);
    expect(lumaAt(img, 8, 5)).toBe(16);
    expect([uAt(img, 1, 1), vAt(img, 1, 1)]).toEqual([128, 128]);
  });

  it('scales a video into a tile: a 2× smaller ramp keeps its slope, chroma comes across from NV12', () => {
    const src = nv12Ramp(200, 100, 60, 200);
    const dst = allocI420(160, 90);
    fillRect(dst, 0, 0, 160, 90, yuvOf('#000000'));
    drawScaled(dst, src, { x: 20, y: 10, w: 100, h: 50 });
    // Output column c samples source columns 2c and 2c+1 equally: (2c + 2c + 1) / 2.
    expect(lumaAt(dst, 20, 30)).toBe(1);
    expect(lumaAt(dst, 20 + 50, 30)).toBe(101);
    expect(lumaAt(dst, 20 + 99, 30)).toBe(199);
    expect([uAt(dst, 30, 15), vAt(dst, 30, 15)]).toEqual([60, 200]);
    // Outside the tile nothing changed.
    expect(lumaAt(dst, 19, 30)).toBe(16);
    expect(lumaAt(dst, 120, 30)).toBe(16);
    expect(lumaAt(dst, 50, 9)).toBe(16);
  });

  it('clips a tile that hangs over the picture', () => {
    const dst = allocI420(64, 32);
    drawScaled(dst, nv12Ramp(64, 32, 128, 128), { x: 40, y: 20, w: 64, h: 32 });
    expect(dst.data.length).toBe(64 * 32 * 1.5);
    expect(lumaAt(dst, 63, 31)).toBeGreaterThan(0);
  });

  it('blends only the overlay pixels that are drawn, by their alpha', () => {
    const width = 8;
    const height = 4;
    const rgba = new Uint8ClampedArray(width * height * 4);
    const put = (col: number, row: number, r: number, g: number, b: number, a: number) => rgba.set([r, g, b, a], (row * width + col) * 4);
    for (const [c, r] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) put(c, r, 255, 0, 0, 255); // an opaque red 2 × 2 block
    put(4, 2, 255, 255, 255, 128); // half-transparent white
    const overlay = overlayFromRgba(rgba, width, height);
    expect(overlay.luma.at.length).toBe(5);
    const img = allocI420(width, height);
    fillRect(img, 0, 0, width, height, yuvOf('#000000'));
    blendOverlay(img, overlay);
    const red = yuvOf('#ff0000');
    expect(lumaAt(img, 0, 0)).toBe(red.y);
    expect([uAt(img, 0, 0), vAt(img, 0, 0)]).toEqual([red.u, red.v]);
    expect(lumaAt(img, 4, 2)).toBe(Math.round((16 * 127 + 235 * 128) / 255));
    expect(lumaAt(img, 5, 2)).toBe(16);
    expect(lumaAt(img, 2, 0)).toBe(16);
    expect([uAt(img, 3, 1), vAt(img, 3, 1)]).toEqual([128, 128]);
  });

  it('copies a same-size video row for row, writing only inside the clip it overflows', () => {
    const dst = allocI420(64, 32);
    fillRect(dst, 0, 0, 64, 32, yuvOf('#000000'));
    // A 40 × 20 video centred over a 36 × 18 tile at (10, 6): the box starts 2 px left of and 1 px above it.
    drawScaled(dst, nv12Ramp(40, 20, 90, 170), { x: 8, y: 4, w: 40, h: 20 }, { x: 10, y: 6, w: 36, h: 18 });
    expect(lumaAt(dst, 10, 10)).toBe(2); // source column 2, exactly
    expect(lumaAt(dst, 45, 10)).toBe(37);
    expect(lumaAt(dst, 9, 10)).toBe(16); // left of the clip: untouched
    expect(lumaAt(dst, 46, 10)).toBe(16); // right of it
    expect(lumaAt(dst, 20, 5)).toBe(16); // above it
    expect([uAt(dst, 10, 5), vAt(dst, 10, 5)]).toEqual([90, 170]);
  });

  it('resamples any other ratio bilinearly (3:2 here), within the clip', () => {
    const dst = allocI420(64, 32);
    fillRect(dst, 0, 0, 64, 32, yuvOf('#000000'));
    drawScaled(dst, nv12Ramp(60, 30, 128, 128), { x: 0, y: 0, w: 40, h: 20 }, { x: 0, y: 0, w: 20, h: 20 });
    // Output column c is at source (c + 0.5) × 1.5 − 0.5.
    expect(lumaAt(dst, 0, 4)).toBe(Math.round(0.25));
    expect(lumaAt(dst, 10, 4)).toBe(Math.round(15.25));
    expect(lumaAt(dst, 19, 4)).toBe(Math.round(28.75));
    expect(lumaAt(dst, 20, 4)).toBe(16); // the clip ends at 20
  });
});
