import { describe, expect, it } from 'vitest';
import type { IndicatorView } from '../../shared/contracts/shell';
import { elapsedNow, formatClock, indicatorText } from './indicator-text';

const at = '2026-12-03T10:00:00.000Z';
const t = (s: number) => Date.parse(at) + s * 1000;
const view = (over: Partial<IndicatorView>): IndicatorView => ({ visible: true, state: 'recording', elapsedMs: 65_000, at, live: 1, ...over });

describe('indicator text', () => {
  it('counts on from the measured time while recording', () => {
    expect(indicatorText(view({}), t(0))).toBe('Recording 01:05');
    expect(indicatorText(view({}), t(10.5))).toBe('Recording 01:15');
    expect(elapsedNow(view({}), t(-5))).toBe(65_000);
  });

  it('holds still while paused, and says so', () => {
    expect(indicatorText(view({ state: 'paused' }), t(600))).toBe('Paused 01:05');
  });

  it('shows hours past the hour and how many recordings are live', () => {
    expect(formatClock(3_725_000)).toBe('1:02:05');
    expect(indicatorText(view({ live: 2 }), t(0))).toBe('Recording 01:05 (2 recordings)');
    expect(indicatorText(view({ state: 'idle', visible: false, live: 0 }), t(0))).toBe('Not recording');
  });
});
