// The annotation overlay: a canvas over the video that redraws, for the frame on screen, the marks the
// sidecar says were visible at that moment (ops replayed up to the media time, fading marks faded).
// Drawn with the same drawStroke the live session and the recorders use.
import { useEffect, useRef } from 'react';
import type { SidecarEvent, Stroke } from '../../../shared/domain/annotation';
import { annotationsAt } from '../../../shared/domain/library';
import { containRect } from '../../lib/layout';
import { drawStroke } from '../annotations/draw-annotations';

export interface AnnotationLayerProps {
  video: HTMLVideoElement | null;
  /** Sorted by time. */
  events: readonly SidecarEvent[];
  accepts(stroke: Stroke): boolean;
  visible: boolean;
}

export function AnnotationLayer({ video, events, accepts, visible }: AnnotationLayerProps) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!video || !el || !visible) return;
    let frame = 0;
    const draw = () => {
      const dpr = window.devicePixelRatio || 1;
      const w = el.clientWidth;
      const h = el.clientHeight;
      if (el.width !== Math.round(w * dpr) || el.height !== Math.round(h * dpr)) {
        el.width = Math.round(w * dpr);
        el.height = Math.round(h * dpr);
      }
      const ctx = el.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const content = containRect(video.videoWidth, video.videoHeight, { x: 0, y: 0, w, h });
      const marks = annotationsAt(events, video.currentTime).filter((m) => accepts(m.stroke));
      for (const mark of marks) drawStroke(ctx, mark.stroke, content, mark.opacity);
      el.dataset.marks = String(marks.length);
    };
    const loop = () => {
      draw();
      frame = video.paused ? 0 : requestAnimationFrame(loop);
    };
    const kick = () => {
      cancelAnimationFrame(frame);
      loop();
    };
    const events_ = ['play', 'pause', 'seeked', 'timeupdate', 'loadeddata', 'resize'] as const;
    for (const name of events_) video.addEventListener(name, kick);
    const observer = new ResizeObserver(kick);
    observer.observe(el);
    kick();
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      for (const name of events_) video.removeEventListener(name, kick);
    };
  }, [video, events, accepts, visible]);

  return <canvas ref={canvas} className="annotation-layer" hidden={!visible} aria-hidden="true" data-testid="annotation-overlay" />;
}
