// Player markers: where in the media a participant joined or left and where the recording was paused
// or its capture restarted. Events carry wall-clock times; the MP4 is the recorded segments joined back
// to back, so a wall-clock moment maps to media time by walking the segments (a moment inside a pause
// lands where recording resumed).
import type { Marker } from '../../../shared/domain/library';

export interface SegmentSpan {
  segment: number;
  reason: string;
  startedAt: string;
  endedAt: string | null;
}

export interface MarkerInput {
  startedAt: string | null;
  durationSec: number | null;
  segments: SegmentSpan[];
  /** Audit events of the recording and its session. */
  events: Array<{ type: string; at: string; data: Record<string, unknown> }>;
  participants: Array<{ identity: string; name?: string; joinedAt?: string; leftAt?: string }>;
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

/** Wall-clock epoch ms → seconds into the media, or null when the recording has no known start. */
export function mediaTimeOf(input: Pick<MarkerInput, 'startedAt' | 'segments' | 'durationSec'>, atMs: number): number | null {
  const clamp = (t: number) => Math.max(0, input.durationSec === null ? t : Math.min(t, input.durationSec));
  const spans = [...input.segments]
    .sort((a, b) => a.segment - b.segment)
    .map((s) => ({ start: ms(s.startedAt), end: ms(s.endedAt) }))
    .filter((s): s is { start: number; end: number | null } => s.start !== null);
  if (spans.length === 0) {
    const start = ms(input.startedAt);
    return start === null ? null : clamp((atMs - start) / 1000);
  }
  let media = 0;
  for (const span of spans) {
    if (atMs < span.start) return clamp(media);
    if (span.end === null || atMs < span.end) return clamp(media + (atMs - span.start) / 1000);
    media += (span.end - span.start) / 1000;
  }
  return clamp(media);
}

export function computeMarkers(input: MarkerInput): Marker[] {
  const markers: Marker[] = [];
  const at = (iso: string) => {
    const t = ms(iso);
    return t === null ? null : mediaTimeOf(input, t);
  };

  const segments = [...input.segments].sort((a, b) => a.segment - b.segment);
  for (let i = 1; i < segments.length; i++) {
    const previous = segments[i - 1]!;
    const current = segments[i]!;
    const t = at(current.startedAt);
    if (t === null) continue;
    if (current.reason === 'resume') {
      const gap = previous.endedAt ? Math.max(0, ((ms(current.startedAt) ?? 0) - (ms(previous.endedAt) ?? 0)) / 1000) : null;
      markers.push({ t, kind: 'pause', label: gap === null ? 'Paused, resumed here' : `Paused for ${formatGap(gap)}, resumed here` });
    } else {
      markers.push({ t, kind: 'restart', label: `Capture restarted (${current.reason})` });
    }
  }

  const seen = new Set<string>();
  const add = (kind: 'join' | 'leave', who: string, iso: string | undefined, how: string) => {
    if (!iso) return;
    const t = at(iso);
    if (t === null) return;
    const key = `${kind}:${who}:${Math.round(t)}`;
    if (seen.has(key) || (kind === 'join' && seen.has(`join:${who}`))) return;
    seen.add(key);
    if (kind === 'join') seen.add(`join:${who}`);
    markers.push({ t, kind, label: `${who} ${kind === 'join' ? 'joined' : 'left'}${how}` });
  };
  for (const event of [...input.events].sort((a, b) => a.at.localeCompare(b.at))) {
    const who = typeof event.data.participant === 'string' ? event.data.participant : null;
    if (!who) continue;
    if (event.type === 'consent.shown' || event.type === 'consent.acknowledged') add('join', who, event.at, ' (recording notice shown)');
    if (event.type === 'consent.participant-left') add('leave', who, event.at, '');
  }
  for (const p of input.participants) {
    add('join', p.name ?? p.identity, p.joinedAt, '');
    add('leave', p.name ?? p.identity, p.leftAt, '');
  }
  return markers.sort((a, b) => a.t - b.t);
}

function formatGap(sec: number): string {
  if (sec < 60) return `${Math.round(sec)} s`;
  const m = Math.floor(sec / 60);
  return `${m} min ${Math.round(sec - m * 60)} s`;
}
