import { describe, expect, it } from 'vitest';
import { clampTime, filmstripFrameAt, filmstripFrames, stepSpeed, trackOffsetSec } from './player-math';

describe('player arithmetic', () => {
  it('steps speed between 0.5x and 2x', () => {
    expect(stepSpeed(1, 1)).toBe(1.25);
    expect(stepSpeed(1, -1)).toBe(0.75);
    expect(stepSpeed(2, 1)).toBe(2);
    expect(stepSpeed(0.5, -1)).toBe(0.5);
    expect(stepSpeed(1.1, 1)).toBe(1.5);
  });

  it('aligns a session track by when each started', () => {
    expect(trackOffsetSec('2026-01-01T10:00:05Z', '2026-01-01T10:00:00Z')).toBe(5);
    expect(trackOffsetSec('2026-01-01T10:00:00Z', '2026-01-01T10:00:02.500Z')).toBe(-2.5);
    expect(trackOffsetSec(null, '2026-01-01T10:00:00Z')).toBeNull();
  });

  it('finds the filmstrip frame for a time and counts frames from the image size', () => {
    expect(filmstripFrameAt(0, 100, 10)).toBe(0);
    expect(filmstripFrameAt(55, 100, 10)).toBe(5);
    expect(filmstripFrameAt(100, 100, 10)).toBe(9);
    expect(filmstripFrames(1600, 90, 1280, 720)).toBe(10);
    expect(filmstripFrames(160, 120, 160, 120)).toBe(1);
    expect(clampTime(-3, 10)).toBe(0);
    expect(clampTime(30, 10)).toBe(10);
  });
});
