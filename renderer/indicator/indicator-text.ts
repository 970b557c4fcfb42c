// What the always-on-top recording indicator says, from the view main sent (IndicatorViewSchema) and the
// current time. Pure, so the counting is tested without a window.
import type { IndicatorView } from '../../shared/contracts/shell';

export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const mmss = `${String(Math.floor((total % 3600) / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** The recorded time now: it runs on from `at` while recording, and holds while paused or stopping. */
export function elapsedNow(view: IndicatorView, nowMs: number): number {
  if (view.state !== 'recording') return view.elapsedMs;
  const at = Date.parse(view.at);
  return view.elapsedMs + (Number.isFinite(at) ? Math.max(0, nowMs - at) : 0);
}

export function indicatorText(view: IndicatorView, nowMs: number): string {
  const more = view.live > 1 ? ` (${view.live} recordings)` : '';
  const clock = formatClock(elapsedNow(view, nowMs));
  switch (view.state) {
    case 'recording':
      return `Recording ${clock}${more}`;
    case 'paused':
      return `Paused ${clock}${more}`;
    case 'stopping':
      return `Stopping ${clock}${more}`;
    case 'idle':
      return 'Not recording';
  }
}
