// What the recording canvases show, drawn in the recording worker (session-compositor-worker.ts). The
// composite: the host's layout (same geometry as the on-screen stage), every tile's video, name and
// annotations. A per-participant frame: one participant's video with the annotations drawn on their tile.
// Annotations are burned in here, so they are in the recorded pixels.
import type { Stroke } from '../../../../shared/domain/annotation';
import { computeLayout, containRect, type Rect } from '../../../lib/layout';
import { drawStrokes, type Canvas2D } from '../../annotations/draw-annotations';
import type { SceneTile } from './session-compositor-protocol';

/** What a frame is drawn from: each tile's newest video frame and the marks visible on it now. */
export interface FrameInputs {
  videoOf(tile: SceneTile): VideoFrame | null;
  marksOn(tileKey: string): ReadonlyArray<{ stroke: Stroke; opacity: number }>;
}

const BACKGROUND = '#0b0f16';
const TILE_BACKGROUND = '#1d2430';

function drawTile(ctx: Canvas2D, tile: SceneTile, rect: Rect, inputs: FrameInputs, label: boolean): void {
  ctx.fillStyle = TILE_BACKGROUND;
  ctx.fillRect(rect.x, rect.y, rect.w, rect.h);
  const video = inputs.videoOf(tile);
  const content = containRect(video?.displayWidth ?? 0, video?.displayHeight ?? 0, rect);
  if (video) {
    ctx.drawImage(video, content.x, content.y, content.w, content.h);
  } else {
    ctx.fillStyle = '#5b6575';
    ctx.font = `600 ${Math.round(rect.h / 5)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(initials(tile.name), rect.x + rect.w / 2, rect.y + rect.h / 2);
    ctx.textAlign = 'start';
  }
  drawStrokes(ctx, inputs.marksOn(tile.key), content);
  if (label) drawName(ctx, tile.name, rect);
}

function drawName(ctx: Canvas2D, name: string, rect: Rect): void {
  const size = Math.max(11, Math.min(22, Math.round(rect.h / 16)));
  ctx.font = `500 ${size}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  const width = ctx.measureText(name).width + size;
  const h = size * 1.6;
  ctx.fillStyle = 'rgba(0,0,0,0.6)';
  ctx.fillRect(rect.x + 6, rect.y + rect.h - h - 6, width, h);
  ctx.fillStyle = '#fff';
  ctx.fillText(name, rect.x + 6 + size / 2, rect.y + rect.h - 6 - h / 2);
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('') || '?';
}

export function drawComposite(ctx: Canvas2D, tiles: readonly SceneTile[], inputs: FrameInputs, status: string | null): void {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  const byKey = new Map(tiles.map((t) => [t.key, t]));
  for (const placed of computeLayout(tiles, width, height)) {
    drawTile(ctx, byKey.get(placed.key)!, placed.rect, inputs, true);
  }
  if (status) drawBanner(ctx, status);
}

export function drawParticipantFrame(ctx: Canvas2D, tile: SceneTile | null, inputs: FrameInputs, fallbackName: string): void {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  if (!tile) {
    drawBanner(ctx, `${fallbackName} is not connected`);
    return;
  }
  drawTile(ctx, tile, { x: 0, y: 0, w: width, h: height }, inputs, false);
}

function drawBanner(ctx: Canvas2D, text: string): void {
  const { width } = ctx.canvas;
  ctx.font = '600 24px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = 'rgba(0,0,0,0.65)';
  ctx.fillRect(0, 0, width, 44);
  ctx.fillStyle = '#ffd60a';
  ctx.fillText(text, 16, 22);
}
