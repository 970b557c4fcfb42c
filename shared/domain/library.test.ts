import { describe, expect, it } from 'vitest';
import type { SidecarEvent, Stroke } from './annotation';
import { annotationIntervals, annotationsAt, overlayPlacement, sortedSidecarEvents } from './library';

const stroke = (id: string, fade: boolean, tile = 'ada:camera'): Stroke => ({
  id, author: 'ada', tile, tool: 'rect', color: '#ff0000', width: 0.01, points: [[0.1, 0.1], [0.5, 0.5]], fade, at: 0,
});
const at = (t: number) => new Date(t * 1000).toISOString();
const events: SidecarEvent[] = [
  { t: 1, at: at(1), op: { op: 'add', stroke: stroke('a', false) } },
  { t: 2, at: at(2), op: { op: 'add', stroke: stroke('b', true) } },
  { t: 8, at: at(8), op: { op: 'remove', id: 'a', by: 'ada' } },
  { t: 9, at: at(9), op: { op: 'add', stroke: stroke('c', false, 'bob:camera') } },
  { t: 10, at: at(10), op: { op: 'clear', tile: null, by: 'ada' } },
];

describe('annotation timeline', () => {
  it('replays ops up to a moment and fades fading marks', () => {
    expect(annotationsAt(events, 0.5)).toEqual([]);
    expect(annotationsAt(events, 1.5).map((m) => m.stroke.id)).toEqual(['a']);
    const at6 = annotationsAt(events, 6.5);
    expect(at6.map((m) => [m.stroke.id, m.opacity])).toEqual([['a', 1], ['b', 0.5]]);
    expect(annotationsAt(events, 7.5).map((m) => m.stroke.id)).toEqual(['a']);
    expect(annotationsAt(events, 9.5).map((m) => m.stroke.id)).toEqual(['c']);
    expect(annotationsAt(events, 11)).toEqual([]);
  });

  it('cuts the timeline where the visible marks change', () => {
    const intervals = annotationIntervals(events, 12).map((i) => [i.start, i.end, i.marks.map((m) => m.id).join('')]);
    expect(intervals).toEqual([
      [0, 1, ''],
      [1, 2, 'a'],
      [2, 6.5, 'ab'],
      [6.5, 8, 'a'],
      [8, 9, ''],
      [9, 10, 'c'],
      [10, 12, ''],
    ]);
  });

  it('sorts events by time, keeping the order of equal times', () => {
    const shuffled = [events[2]!, events[0]!, events[1]!];
    expect(sortedSidecarEvents(shuffled).map((e) => e.t)).toEqual([1, 2, 8]);
  });

  it('places a participant recording\'s own marks only, and no composite marks', () => {
    const mine = overlayPlacement({ kind: 'participant', participant: 'ada' });
    expect(mine.accepts(stroke('x', false))).toBe(true);
    expect(mine.accepts(stroke('y', false, 'bob:screen_share'))).toBe(false);
    expect(overlayPlacement({ kind: 'composite', participant: null }).placeable).toBe(false);
  });
});
