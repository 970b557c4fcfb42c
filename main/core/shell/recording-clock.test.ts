import { describe, expect, it } from 'vitest';
import type { RecordingState } from '../../../shared/domain/recording';
import { RecordingClock, type ClockSnapshot } from './recording-clock';

const t0 = Date.parse('2026-12-03T10:00:00.000Z');
const at = (s: number) => new Date(t0 + s * 1000);
const iso = (s: number) => at(s).toISOString();
const snap = (detail: RecordingState, id = 'rec_aaaaaaaaaa'): ClockSnapshot => ({ id, state: detail.status, detail });

describe('RecordingClock', () => {
  it('counts recorded time and leaves pauses out', () => {
    const clock = new RecordingClock();
    clock.observe(snap({ status: 'starting', since: iso(0) }), at(0));
    expect(clock.elapsedMs('rec_aaaaaaaaaa', at(1))).toBe(0);
    clock.observe(snap({ status: 'recording', segment: 1, since: iso(1) }), at(1));
    expect(clock.elapsedMs('rec_aaaaaaaaaa', at(11))).toBe(10_000);
    clock.observe(snap({ status: 'paused', segment: 1, since: iso(11) }), at(11));
    expect(clock.elapsedMs('rec_aaaaaaaaaa', at(40))).toBe(10_000);
    expect(clock.isRunning('rec_aaaaaaaaaa')).toBe(false);
    clock.observe(snap({ status: 'recording', segment: 2, since: iso(41) }), at(41));
    expect(clock.elapsedMs('rec_aaaaaaaaaa', at(46))).toBe(15_000);
    clock.observe(snap({ status: 'stopping', since: iso(50) }), at(50));
    expect(clock.elapsedMs('rec_aaaaaaaaaa', at(60))).toBe(19_000);
  });

  it('keeps counting across a new segment (renderer reload) within the recording state', () => {
    const clock = new RecordingClock();
    clock.observe(snap({ status: 'recording', segment: 1, since: iso(0) }), at(0));
    // Repeated snapshots of the same span (every chunk) change nothing.
    clock.observe(snap({ status: 'recording', segment: 1, since: iso(0) }), at(5));
    clock.observe(snap({ status: 'recording', segment: 2, since: iso(8) }), at(8));
    expect(clock.elapsedMs('rec_aaaaaaaaaa', at(10))).toBe(10_000);
  });

  it('forgets a recording once it is no longer live, and keeps recordings apart', () => {
    const clock = new RecordingClock();
    clock.observe(snap({ status: 'recording', segment: 1, since: iso(0) }), at(0));
    clock.observe(snap({ status: 'recording', segment: 1, since: iso(5) }, 'rec_bbbbbbbbbb'), at(5));
    expect(clock.elapsedMs('rec_bbbbbbbbbb', at(10))).toBe(5_000);
    clock.observe(snap({ status: 'finalizing', since: iso(10) }), at(10));
    expect(clock.elapsedMs('rec_aaaaaaaaaa', at(20))).toBe(0);
    expect(clock.elapsedMs('rec_bbbbbbbbbb', at(20))).toBe(15_000);
  });
});
