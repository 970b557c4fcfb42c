import { describe, expect, it } from 'vitest';
import type { YuvFormat, YuvImage } from '../../lib/yuv-image';
import { cameraStamp, stampBubble } from './yuv-bubble';

/** A picture of one luma value per half (left/right) and constant chroma, in either layout, with padded rows. */
function picture(format: YuvFormat, width: number, height: number, luma: (col: number, row: number) => number, u: number, v: number): YuvImage {
  const stride = width + 8;
  const chromaStride = format === 'I420' ? Math.ceil(width / 2) + 4 : stride;
  const chromaRows = Math.ceil(height / 2);
  const yBytes = stride * height;
  const planes = format === 'I420' ? [{ offset: 0, stride }, { offset: yBytes, stride: chromaStride }, { offset: yBytes + chromaStride * chromaRows, stride: chromaStride }] : [{ offset: 0, stride }, { offset: yBytes, stride: chromaStride }];
  const data = new Uint8Array(yBytes + chromaStride * chromaRows * (format === 'I420' ? 2 : 1));
  for (let row = 0; row < height; row++) for (let col = 0; col < width; col++) data[row * stride + col] = luma(col, row);
  for (let row = 0; row < chromaRows; row++) {
    for (let col = 0; col < Math.ceil(width / 2); col++) {
      if (format === 'I420') {
        data[planes[1]!.offset + row * chromaStride + col] = u;
        data[planes[2]!.offset + row * chromaStride + col] = v;
      } else {
        data[planes[1]!.offset + row * chromaStride + col * 2] = u;
        data[planes[1]!.offset + row * chromaStride + col * 2 + 1] = v;
      }
    }
  }
  return { data, format, width, height, planes };
}

const lumaAt = (img: YuvImage, col: number, row: number) => img.data[img.planes[0]!.offset + row * img.planes[0]!.stride + col]!;
const chromaAt = (img: YuvImage, col: number, row: number): [number, number] =>
  img.format === 'I420'
    ? [img.data[img.planes[1]!.offset + row * img.planes[1]!.stride + col]!, img.data[img.planes[2]!.offset + row * img.planes[2]!.stride + col]!]
    : [img.data[img.planes[1]!.offset + row * img.planes[1]!.stride + col * 2]!, img.data[img.planes[1]!.offset + row * img.planes[1]!.stride + col * 2 + 1]!];

describe('the camera bubble stamped into YUV planes', () => {
  for (const format of ['I420', 'NV12'] as const) {
    it(`puts the camera's centre square inside a white ring, and leaves the screen around it (${format})`, () => {
      // A 320 × 180 camera: dark on its left half, bright on its right half, a distinct colour.
      const camera = picture(format, 320, 180, (col) => (col < 160 ? 40 : 200), 90, 170);
      const screen = picture(format, 640, 360, () => 16, 128, 128);
      const stamp = cameraStamp(camera, 101);
      expect(stamp.size).toBe(100);
      stampBubble(screen, stamp, 401, 201); // odd: moved to (400, 200) so chroma lines up
      // The bubble's left and right of centre show the camera's two halves.
      expect(lumaAt(screen, 400 + 25, 250)).toBe(40);
      expect(lumaAt(screen, 400 + 75, 250)).toBe(200);
      expect(chromaAt(screen, 200 + 25, 125)).toEqual([90, 170]);
      // The ring at the circle's edge is video-range white with neutral chroma.
      expect(lumaAt(screen, 400, 250)).toBe(235);
      expect(lumaAt(screen, 499, 250)).toBe(235);
      expect(chromaAt(screen, 200, 125)).toEqual([128, 128]);
      // The square's corners are outside the circle: still the screen.
      expect(lumaAt(screen, 401, 201)).toBe(16);
      expect(chromaAt(screen, 200, 100)).toEqual([128, 128]);
      // Nothing outside the square changed.
      expect(lumaAt(screen, 399, 250)).toBe(16);
      expect(lumaAt(screen, 450, 199)).toBe(16);
      expect(lumaAt(screen, 450, 300)).toBe(16);
    });
  }

  it('clips a bubble that overhangs the picture instead of writing past its rows', () => {
    const camera = picture('NV12', 64, 64, () => 100, 100, 100);
    const screen = picture('NV12', 120, 80, () => 16, 128, 128);
    const before = screen.data.length;
    stampBubble(screen, cameraStamp(camera, 60), 90, 50);
    expect(screen.data.length).toBe(before);
    expect(lumaAt(screen, 119, 79)).toBe(100);
  });
});
