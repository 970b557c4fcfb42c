// What the recordings show on top of the video: drawn by the page on a transparent canvas whenever it
// changes, and blended over every frame by the compositor worker (session-compositor-worker.ts), which
// draws the backgrounds and the videos. The composite: the host's layout (same geometry as the on-screen
// stage) with every tile's name and annotations, a placeholder's initials, and a status banner. A
// per-participant frame: the annotations drawn on that participant's tile. Annotations are burned in here,
// so they are in the recorded pixels.
import { computeLayout, recordedVideoRect, type Rect } from '../../../lib/layout';
import type { AnnotationStore } from '../../annotations/annotation-store';
import { drawStrokes, type Context2D } from '../../annotations/draw-annotations';
import type { LiveTile } from '../tiles';
import type { SceneTile } from './session-compositor-protocol';

export const BACKGROUND = '#0b0f16';
export const TILE_BACKGROUND = '#1d2430';

export type VideoSizes = Readonly<Record<string, { width: number; height: number }>>;

/** A tile as the recording places it: where, and where its video's picture (and so its marks) sits. */
export interface PlacedRecordingTile {
  tile: LiveTile;
  rect: Rect;
  /** The video's picture inside the tile (the tile itself when there is no video yet). */
  content: Rect;
  /** Drawn by the worker once it has the track's frames; until then the tile shows the placeholder. */
  videoShown: boolean;
}

function place(tile: LiveTile, rect: Rect, sizes: VideoSizes): PlacedRecordingTile {
  const size = tile.video ? sizes[tile.video.id] : undefined;
  return { tile, rect, content: recordedVideoRect(size?.width ?? 0, size?.height ?? 0, rect), videoShown: Boolean(size) };
}

export function placeComposite(tiles: readonly LiveTile[], width: number, height: number, sizes: VideoSizes): PlacedRecordingTile[] {
  const byKey = new Map(tiles.map((t) => [t.key, t]));
  return computeLayout(tiles, width, height).map((placed) => place(byKey.get(placed.key)!, placed.rect, sizes));
}

/** A participant's own file shows their camera (or, failing that, any video of theirs) full frame. */
export function placeParticipant(identity: string, tiles: readonly LiveTile[], width: number, height: number, sizes: VideoSizes): PlacedRecordingTile | null {
  const own = tiles.filter((t) => t.identity === identity);
  const tile = own.find((t) => t.source === 'camera' && t.video) ?? own.find((t) => t.video) ?? own[0] ?? null;
  return tile ? place(tile, { x: 0, y: 0, w: width, h: height }, sizes) : null;
}

export function sceneTiles(placed: readonly PlacedRecordingTile[]): SceneTile[] {
  return placed.map(({ tile, rect }) => ({ trackId: tile.video?.id ?? null, rect }));
}

function drawTileOverlay(ctx: Context2D, placed: PlacedRecordingTile, annotations: AnnotationStore, label: boolean): void {
  const { tile, rect, content, videoShown } = placed;
  if (!videoShown) {
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

function drawName(ctx: Context2D, name: string, rect: Rect): void {
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

export function drawCompositeOverlay(ctx: Context2D, placed: readonly PlacedRecordingTile[], annotations: AnnotationStore, status: string | null): void {
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  for (const tile of placed) drawTileOverlay(ctx, tile, annotations, true);
  if (status) drawBanner(ctx, status);
}

export function drawParticipantOverlay(ctx: Context2D, placed: PlacedRecordingTile | null, annotations: AnnotationStore, fallbackName: string): void {
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  if (!placed) {
    drawBanner(ctx, `${fallbackName} is not connected`);
    return;
  }
  drawTileOverlay(ctx, placed, annotations, false);
}

/**
 * What the overlay would show, as a string: the page redraws (and the worker re-converts) the overlay only
 * when this changes. Fading marks change it as their opacity steps by 1/20.
 */
export function overlaySignature(placed: readonly PlacedRecordingTile[], annotations: AnnotationStore, extra: string): string {
  const parts: string[] = [extra];
  for (const { tile, rect, content, videoShown } of placed) {
    parts.push(`${tile.key}|${tile.name}|${rect.x},${rect.y},${rect.w},${rect.h}|${content.x.toFixed(1)},${content.y.toFixed(1)},${content.w.toFixed(1)},${content.h.toFixed(1)}|${videoShown ? 1 : 0}`);
    for (const { stroke, opacity } of annotations.visibleOn(tile.key)) parts.push(`${stroke.id}:${stroke.points.length}:${stroke.points[stroke.points.length - 1]?.join(',') ?? ''}:${stroke.text ?? ''}:${Math.round(opacity * 20)}`);
  }
  return parts.join('\n');
}

function drawBanner(ctx: Context2D, text: string): void {
  const { width } = ctx.canvas;
  ctx.font = '600 24px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = 'rgba(0,0,0,0.65)';
  ctx.fillRect(0, 0, width, 44);
  ctx.fillStyle = '#ffd60a';
  ctx.fillText(text, 16, 22);
}
