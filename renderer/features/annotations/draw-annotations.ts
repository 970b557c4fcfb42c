// Draws marks onto a 2D canvas. One function serves the on-screen overlays, the composite recording and
// the per-participant recordings, so a mark looks the same everywhere it is shown or burned in.
import type { Point, Stroke } from '../../../shared/domain/annotation';
import type { Rect } from '../../lib/layout';

/** The page's canvases and the recording overlays' OffscreenCanvases draw the same way. */
export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export function drawStroke(ctx: Context2D, stroke: Stroke, content: Rect, opacity = 1): void {
  if (content.w <= 0 || content.h <= 0 || stroke.points.length === 0) return;
  const px = ([x, y]: Point): [number, number] => [content.x + x * content.w, content.y + y * content.h];
  const lineWidth = Math.max(1, stroke.width * content.h);
  ctx.save();
  ctx.globalAlpha = opacity;
  ctx.strokeStyle = stroke.color;
  ctx.fillStyle = stroke.color;
  ctx.lineWidth = lineWidth;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const first = px(stroke.points[0]!);
  const last = px(stroke.points[stroke.points.length - 1]!);
  switch (stroke.tool) {
    case 'pen':
    case 'highlight': {
      if (stroke.tool === 'highlight') {
        ctx.globalAlpha = opacity * 0.35;
        ctx.lineWidth = lineWidth * 4;
        ctx.lineCap = 'square';
      }
      ctx.beginPath();
      ctx.moveTo(...first);
      for (const point of stroke.points.slice(1)) ctx.lineTo(...px(point));
      if (stroke.points.length === 1) ctx.lineTo(first[0] + 0.1, first[1]);
      ctx.stroke();
      break;
    }
    case 'arrow': {
      const angle = Math.atan2(last[1] - first[1], last[0] - first[0]);
      const head = Math.max(8, lineWidth * 4);
      ctx.beginPath();
      ctx.moveTo(...first);
      ctx.lineTo(...last);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(...last);
      ctx.lineTo(last[0] - head * Math.cos(angle - Math.PI / 7), last[1] - head * Math.sin(angle - Math.PI / 7));
      ctx.lineTo(last[0] - head * Math.cos(angle + Math.PI / 7), last[1] - head * Math.sin(angle + Math.PI / 7));
      ctx.closePath();
      ctx.fill();
      break;
    }
    case 'rect':
      ctx.strokeRect(Math.min(first[0], last[0]), Math.min(first[1], last[1]), Math.abs(last[0] - first[0]), Math.abs(last[1] - first[1]));
      break;
    case 'ellipse':
      ctx.beginPath();
      ctx.ellipse((first[0] + last[0]) / 2, (first[1] + last[1]) / 2, Math.abs(last[0] - first[0]) / 2, Math.abs(last[1] - first[1]) / 2, 0, 0, Math.PI * 2);
      ctx.stroke();
      break;
    case 'text': {
      const size = Math.max(10, stroke.width * content.h * 6);
      ctx.font = `600 ${size}px system-ui, sans-serif`;
      ctx.textBaseline = 'top';
      ctx.lineWidth = Math.max(2, size / 8);
      ctx.strokeStyle = 'rgba(0,0,0,0.75)';
      ctx.strokeText(stroke.text ?? '', ...first);
      ctx.fillText(stroke.text ?? '', ...first);
      break;
    }
  }
  ctx.restore();
}

export function drawStrokes(ctx: Context2D, marks: ReadonlyArray<{ stroke: Stroke; opacity: number }>, content: Rect): void {
  for (const { stroke, opacity } of marks) drawStroke(ctx, stroke, content, opacity);
}

/** Drops points closer than `minStep` to the previous one and rounds, to keep data messages small. */
export function simplifyPoints(points: readonly Point[], minStep = 0.002, max = 600): Point[] {
  const out: Point[] = [];
  for (const [x, y] of points) {
    const prev = out[out.length - 1];
    if (prev && Math.hypot(x - prev[0], y - prev[1]) < minStep) continue;
    out.push([Math.round(x * 10000) / 10000, Math.round(y * 10000) / 10000]);
  }
  if (out.length <= max) return out;
  const step = out.length / max;
  const sampled = Array.from({ length: max - 1 }, (_, i) => out[Math.floor(i * step)]!);
  return [...sampled, out[out.length - 1]!];
}
