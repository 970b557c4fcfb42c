// What the recording canvases show. The composite: the host's layout (same geometry as the on-screen
// stage), every tile's video, name and annotations. A per-participant frame: one participant's video with
// the annotations drawn on their tile. Annotations are burned in here, so they are in the recorded pixels.
import { computeLayout, containRect, type Rect } from '../../../lib/layout';
import type { AnnotationStore } from '../../annotations/annotation-store';
import { drawStrokes } from '../../annotations/draw-annotations';
import type { LiveTile } from '../tiles';
import type { VideoElementPool, VideoFrameSource } from './video-pool';

const BACKGROUND = '#0b0f16';
const TILE_BACKGROUND = '#1d2430';

function videoFor(tile: LiveTile, pool: VideoElementPool): VideoFrameSource | null {
  return tile.video ? pool.frame(tile.video) : null;
}

function drawTile(ctx: CanvasRenderingContext2D, tile: LiveTile, rect: Rect, pool: VideoElementPool, annotations: AnnotationStore, label: boolean): void {
  ctx.fillStyle = TILE_BACKGROUND;
  ctx.fillRect(rect.x, rect.y, rect.w, rect.h);
  const video = videoFor(tile, pool);
  const content = containRect(video?.width ?? 0, video?.height ?? 0, rect);
  if (video) {
    ctx.drawImage(video.image, content.x, content.y, content.w, content.h);
  } else {
    ctx.fillStyle = '#5b6575';
    ctx.font = `600 ${Math.round(rect.h / 5)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(initials(tile.name), rect.x + rect.w / 2, rect.y + rect.h / 2);
    ctx.textAlign = 'start';
  }
  drawStrokes(ctx, annotations.visibleOn(tile.key), content);
  if (label) drawName(ctx, tile.name, rect);
}

function drawName(ctx: CanvasRenderingContext2D, name: string, rect: Rect): void {
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

export function drawComposite(ctx: CanvasRenderingContext2D, tiles: readonly LiveTile[], pool: VideoElementPool, annotations: AnnotationStore, status: string | null): void {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  const byKey = new Map(tiles.map((t) => [t.key, t]));
  for (const placed of computeLayout(tiles, width, height)) {
    drawTile(ctx, byKey.get(placed.key)!, placed.rect, pool, annotations, true);
  }
  if (status) drawBanner(ctx, status);
}

export function drawParticipantFrame(ctx: CanvasRenderingContext2D, tile: LiveTile | null, pool: VideoElementPool, annotations: AnnotationStore, fallbackName: string): void {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  if (!tile) {
    drawBanner(ctx, `${fallbackName} is not connected`);
    return;
  }
  drawTile(ctx, tile, { x: 0, y: 0, w: width, h: height }, pool, annotations, false);
}

function drawBanner(ctx: CanvasRenderingContext2D, text: string): void {
  const { width } = ctx.canvas;
  ctx.font = '600 24px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = 'rgba(0,0,0,0.65)';
  ctx.fillRect(0, 0, width, 44);
  ctx.fillStyle = '#ffd60a';
  ctx.fillText(text, 16, 22);
}
