import { describe, expect, it } from 'vitest';
import { computeLayout, containRect, MAX_GRID_TILES, recordedVideoRect } from './layout';

const tiles = (n: number, screenAt = -1) => Array.from({ length: n }, (_, i) => ({ key: `p${i}`, screen: i === screenAt }));

function overlaps(a: { x: number; y: number; w: number; h: number }, b: typeof a): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('computeLayout', () => {
  it('places 1 to 7 tiles in a grid without overlaps, inside the box', () => {
    for (let n = 1; n <= MAX_GRID_TILES; n++) {
      const placed = computeLayout(tiles(n), 1280, 720);
      expect(placed).toHaveLength(n);
      for (const [i, a] of placed.entries()) {
        expect(a.rect.x).toBeGreaterThanOrEqual(0);
        expect(a.rect.y).toBeGreaterThanOrEqual(0);
        expect(a.rect.x + a.rect.w).toBeLessThanOrEqual(1280);
        expect(a.rect.y + a.rect.h).toBeLessThanOrEqual(720);
        for (const b of placed.slice(i + 1)) expect(overlaps(a.rect, b.rect)).toBe(false);
      }
    }
  });

  it('uses two side-by-side tiles for two participants on a wide box', () => {
    const [a, b] = computeLayout(tiles(2), 1280, 720);
    expect(a!.rect.y).toBe(b!.rect.y);
    expect(a!.rect.w).toBeGreaterThan(600);
  });

  it('caps the grid at 7 tiles', () => {
    expect(computeLayout(tiles(9), 1280, 720)).toHaveLength(MAX_GRID_TILES);
  });

  it('gives a screen share the focus and puts the others in a strip', () => {
    const placed = computeLayout(tiles(4, 2), 1280, 720);
    expect(placed[0]!.key).toBe('p2');
    expect(placed[0]!.rect.w).toBeGreaterThan(900);
    for (const other of placed.slice(1)) {
      expect(other.rect.w).toBeLessThan(300);
      expect(overlaps(placed[0]!.rect, other.rect)).toBe(false);
    }
  });
});

describe('containRect', () => {
  it('letterboxes a 4:3 video in a 16:9 box', () => {
    expect(containRect(640, 480, { x: 0, y: 0, w: 1280, h: 720 })).toEqual({ x: 160, y: 0, w: 960, h: 720 });
  });
  it('assumes 16:9 when the video size is unknown', () => {
    expect(containRect(0, 0, { x: 10, y: 10, w: 160, h: 90 })).toEqual({ x: 10, y: 10, w: 160, h: 90 });
  });
});

describe('recordedVideoRect', () => {
  it('draws a video a few pixels larger than its tile at its own size, centred on even edges', () => {
    expect(recordedVideoRect(640, 360, { x: 644, y: 2, w: 636, h: 358 })).toEqual({ x: 642, y: 2, w: 640, h: 360 });
  });
  it('draws a video about twice its tile at exactly half its size', () => {
    expect(recordedVideoRect(1280, 720, { x: 0, y: 0, w: 636, h: 358 })).toEqual({ x: -2, y: 0, w: 640, h: 360 });
  });
  it('fits any other size as containRect does', () => {
    expect(recordedVideoRect(640, 480, { x: 0, y: 0, w: 1280, h: 720 })).toEqual(containRect(640, 480, { x: 0, y: 0, w: 1280, h: 720 }));
    expect(recordedVideoRect(320, 180, { x: 0, y: 0, w: 636, h: 358 })).toEqual(containRect(320, 180, { x: 0, y: 0, w: 636, h: 358 }));
  });
});
