import { describe, expect, it } from 'vitest';
import { computeMarkers, mediaTimeOf } from './markers';

const segments = [
  { segment: 1, reason: 'start', startedAt: '2026-01-01T10:00:00.000Z', endedAt: '2026-01-01T10:01:00.000Z' },
  { segment: 2, reason: 'resume', startedAt: '2026-01-01T10:05:00.000Z', endedAt: '2026-01-01T10:06:00.000Z' },
  { segment: 3, reason: 'reload', startedAt: '2026-01-01T10:06:00.000Z', endedAt: null },
];
const base = { startedAt: '2026-01-01T10:00:00.000Z', durationSec: 150, segments };

describe('player markers', () => {
  it('maps wall-clock moments to media time across pauses', () => {
    expect(mediaTimeOf(base, Date.parse('2026-01-01T10:00:30Z'))).toBe(30);
    expect(mediaTimeOf(base, Date.parse('2026-01-01T10:03:00Z'))).toBe(60); // inside the pause: where it resumed
    expect(mediaTimeOf(base, Date.parse('2026-01-01T10:05:30Z'))).toBe(90);
    expect(mediaTimeOf(base, Date.parse('2026-01-01T11:00:00Z'))).toBe(150); // clamped to the duration
    expect(mediaTimeOf({ startedAt: '2026-01-01T10:00:00Z', durationSec: null, segments: [] }, Date.parse('2026-01-01T10:00:05Z'))).toBe(5);
  });

  it('marks pauses, restarts, joins and leaves once each', () => {
    const markers = computeMarkers({
      ...base,
      events: [
        { type: 'consent.shown', at: '2026-01-01T10:00:10.000Z', data: { participant: 'ada' } },
        { type: 'consent.acknowledged', at: '2026-01-01T10:00:12.000Z', data: { participant: 'ada' } },
        { type: 'consent.participant-left', at: '2026-01-01T10:05:30.000Z', data: { participant: 'ada' } },
        { type: 'recording.started', at: '2026-01-01T10:00:00.000Z', data: {} },
      ],
      participants: [{ identity: 'ada', joinedAt: '2026-01-01T10:00:10.000Z' }],
    });
    expect(markers.map((m) => [m.kind, m.t])).toEqual([
      ['join', 10],
      ['pause', 60],
      ['leave', 90],
      ['restart', 120],
    ]);
    expect(markers[1]!.label).toBe('Paused for 4 min 0 s, resumed here');
  });
});
