// The session layout as pure geometry, shared by the on-screen stage and the composite recording, so the
// composite shows the arrangement the host sees: a grid of up to 7 tiles, or a focus layout (the shared
// screen large, everyone else in a strip) while someone shares a screen.
export interface TileSpec {
  key: string;
  /** A screen share takes the focus. */
  screen: boolean;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedTile extends TileSpec {
  rect: Rect;
}

export const MAX_GRID_TILES = 7;
const GAP = 4;
const ASPECT = 16 / 9;

export function computeLayout(tiles: readonly TileSpec[], width: number, height: number): PlacedTile[] {
  if (tiles.length === 0 || width <= 0 || height <= 0) return [];
  const focus = tiles.find((t) => t.screen);
  if (!focus) return grid(tiles.slice(0, MAX_GRID_TILES), { x: 0, y: 0, w: width, h: height });
  const others = tiles.filter((t) => t !== focus).slice(0, MAX_GRID_TILES);
  if (others.length === 0) return [{ ...focus, rect: { x: 0, y: 0, w: width, h: height } }];
  const stripW = Math.round(width * 0.22);
  const main: PlacedTile = { ...focus, rect: { x: 0, y: 0, w: width - stripW - GAP, h: height } };
  const slotH = Math.min(height / others.length, stripW / ASPECT + GAP);
  const placed = others.map((tile, i) => ({ ...tile, rect: { x: width - stripW, y: Math.round(i * slotH), w: stripW, h: Math.round(slotH - GAP) } }));
  return [main, ...placed];
}

/** Picks the column count that gives 16:9 tiles the most area, then centres the grid. */
function grid(tiles: readonly TileSpec[], box: Rect): PlacedTile[] {
  const n = tiles.length;
  let best = { cols: 1, rows: n, tileW: 0, tileH: 0 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const cellW = (box.w - GAP * (cols - 1)) / cols;
    const cellH = (box.h - GAP * (rows - 1)) / rows;
    const tileW = Math.min(cellW, cellH * ASPECT);
    if (tileW > best.tileW) best = { cols, rows, tileW, tileH: tileW / ASPECT };
  }
  const { cols, rows, tileW, tileH } = best;
  const usedH = rows * tileH + GAP * (rows - 1);
  const top = box.y + (box.h - usedH) / 2;
  return tiles.map((tile, i) => {
    const row = Math.floor(i / cols);
    const inRow = row === rows - 1 ? n - row * cols : cols;
    const rowW = inRow * tileW + GAP * (inRow - 1);
    const left = box.x + (box.w - rowW) / 2;
    const col = i - row * cols;
    return { ...tile, rect: { x: Math.round(left + col * (tileW + GAP)), y: Math.round(top + row * (tileH + GAP)), w: Math.round(tileW), h: Math.round(tileH) } };
  });
}

/** Where a video of the given size shows inside a box with object-fit: contain. */
export function containRect(videoW: number, videoH: number, box: Rect): Rect {
  const vw = videoW > 0 && videoH > 0 ? videoW : 16;
  const vh = videoW > 0 && videoH > 0 ? videoH : 9;
  const scale = Math.min(box.w / vw, box.h / vh);
  const w = vw * scale;
  const h = vh * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

/**
 * Where a recorded video is drawn in its tile: as containRect, except that a video within 2 % of its own
 * size, or of exactly half its size, is drawn at that size, centred, and the box clips the few pixels that
 * overflow. Copying rows (1:1) or averaging 2 × 2 blocks (1:2) costs the compositor a fraction of
 * resampling, and a tile a few pixels off a simulcast layer's size (the grid's gaps) is the common case.
 */
export function recordedVideoRect(videoW: number, videoH: number, box: Rect): Rect {
  const fitted = containRect(videoW, videoH, box);
  if (videoW <= 0 || videoH <= 0) return fitted;
  const scale = fitted.w / videoW;
  for (const snapped of [1, 0.5]) {
    if (Math.abs(scale - snapped) > snapped * 0.02) continue;
    const w = Math.round(videoW * snapped);
    const h = Math.round(videoH * snapped);
    // Even edges: I420's chroma is one sample per 2 × 2 pixels.
    const even = (v: number): number => 2 * Math.round(v / 2) + 0; // + 0: no -0
    return { x: even(box.x + (box.w - w) / 2), y: even(box.y + (box.h - h) / 2), w, h };
  }
  return fitted;
}
