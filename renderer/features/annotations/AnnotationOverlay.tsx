// A transparent canvas over one tile: shows that tile's marks (fading ones fade) and turns pointer drags
// into new marks with the chosen tool, in coordinates normalized to the video content.
import { useEffect, useRef, useSyncExternalStore, type PointerEvent } from 'react';
import type { Point, Stroke } from '../../../shared/domain/annotation';
import { containRect, type Rect } from '../../lib/layout';
import { useAnnotations } from './annotation-context';
import { drawStroke, drawStrokes, simplifyPoints } from './draw-annotations';

export interface AnnotationOverlayProps {
  tile: string;
  identity: string;
  /** The tile's video size (0 when there is no video): marks are placed relative to the picture. */
  videoWidth: number;
  videoHeight: number;
  label: string;
}

let strokeCounter = 0;
function newStrokeId(identity: string): string {
  strokeCounter += 1;
  return `${identity.slice(0, 40)}-${Date.now().toString(36)}-${strokeCounter}`;
}

export function AnnotationOverlay({ tile, identity, videoWidth, videoHeight, label }: AnnotationOverlayProps) {
  const { store, history, settings } = useAnnotations();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const draft = useRef<Point[] | null>(null);
  const strokes = useSyncExternalStore(store.subscribe, store.getSnapshot);

  const contentRect = (): Rect => {
    const canvas = canvasRef.current;
    const w = canvas?.clientWidth ?? 0;
    const h = canvas?.clientHeight ?? 0;
    return containRect(videoWidth, videoHeight, { x: 0, y: 0, w, h });
  };

  const draftStroke = (points: Point[]): Stroke => ({
    id: 'draft',
    author: identity,
    tile,
    tool: settings.tool,
    color: settings.color,
    width: settings.tool === 'text' ? 0.008 : 0.006,
    points,
    ...(settings.tool === 'text' ? { text: settings.text.slice(0, 200) || 'Text' } : {}),
    fade: settings.fade,
    at: store.sessionNow(),
  });

  const redraw = () => {
    const canvas = canvasRef.current;
    if (!canvas) return false;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(canvas.clientWidth * dpr);
    const h = Math.round(canvas.clientHeight * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return false;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, canvas.clientWidth, canvas.clientHeight);
    const content = contentRect();
    drawStrokes(ctx, store.visibleOn(tile), content);
    if (draft.current) drawStroke(ctx, draftStroke(draft.current), content);
    return store.isFading(tile);
  };
  const redrawRef = useRef(redraw);
  useEffect(() => {
    redrawRef.current = redraw;
  });

  // Redraw on every change; keep animating while a mark is fading.
  useEffect(() => {
    let frame = 0;
    const loop = () => {
      frame = redrawRef.current() ? requestAnimationFrame(loop) : 0;
    };
    loop();
    const onResize = () => redrawRef.current();
    const observer = new ResizeObserver(onResize);
    if (canvasRef.current) observer.observe(canvasRef.current);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [strokes, videoWidth, videoHeight]);

  const toPoint = (event: PointerEvent<HTMLCanvasElement>): Point => {
    const bounds = event.currentTarget.getBoundingClientRect();
    const content = contentRect();
    return [(event.clientX - bounds.left - content.x) / content.w, (event.clientY - bounds.top - content.y) / content.h];
  };

  const finish = (points: Point[]) => {
    const stroke: Stroke = { ...draftStroke(simplifyPoints(points)), id: newStrokeId(identity), at: store.sessionNow() };
    if (stroke.points.length === 0) return;
    history.added(stroke);
    store.apply({ op: 'add', stroke }, true);
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    const point = toPoint(event);
    if (settings.tool === 'text') {
      finish([point]);
      return;
    }
    event.currentTarget.setPointerCapture(event.pointerId);
    draft.current = [point];
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!draft.current) return;
    const point = toPoint(event);
    draft.current = settings.tool === 'pen' || settings.tool === 'highlight' ? [...draft.current, point] : [draft.current[0]!, point];
    redraw();
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const points = draft.current;
    draft.current = null;
    if (!points) return;
    if (points.length === 1) points.push(toPoint(event));
    finish(points);
  };

  return (
    <canvas
      ref={canvasRef}
      className="annotation-overlay"
      aria-label={`Annotations on ${label}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        draft.current = null;
        redraw();
      }}
    />
  );
}
