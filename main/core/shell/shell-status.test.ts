import { describe, expect, it } from 'vitest';
import type { RecordingState } from '../../../shared/domain/recording';
import { IndicatorViewSchema } from '../../../shared/contracts/shell';
import { ShellStatus, shellViewChanged } from './shell-status';

const t0 = Date.parse('2026-12-03T10:00:00.000Z');
const iso = (s: number) => new Date(t0 + s * 1000).toISOString();

function harness() {
  let now = t0;
  const status = new ShellStatus(() => new Date(now));
  return {
    status,
    tick: (s: number) => (now = t0 + s * 1000),
    rec: (detail: RecordingState, id = 'rec_aaaaaaaaaa') => status.onRecording({ id, state: detail.status, detail }),
  };
}

describe('ShellStatus', () => {
  it('shows the indicator for the whole life of a recording, paused or not, and hides it after', () => {
    const h = harness();
    expect(h.status.view().indicator).toMatchObject({ visible: false, state: 'idle', live: 0 });
    h.rec({ status: 'starting', since: iso(0) });
    expect(h.status.view()).toMatchObject({ tray: 'recording', protectContent: true, indicator: { visible: true, state: 'recording' } });
    h.tick(1);
    h.rec({ status: 'recording', segment: 1, since: iso(1) });
    h.tick(31);
    expect(h.status.view().indicator).toMatchObject({ visible: true, state: 'recording', elapsedMs: 30_000, at: iso(31) });
    h.rec({ status: 'paused', segment: 1, since: iso(31) });
    h.tick(600);
    // A forgotten pause: hours may pass, the indicator stays.
    expect(h.status.view()).toMatchObject({ tray: 'paused', indicator: { visible: true, state: 'paused', elapsedMs: 30_000 } });
    h.rec({ status: 'stopping', since: iso(600) });
    expect(h.status.view().indicator).toMatchObject({ visible: true, state: 'stopping' });
    h.rec({ status: 'finalizing', since: iso(601) });
    expect(h.status.view()).toMatchObject({ tray: 'uploading', protectContent: false, indicator: { visible: false, state: 'idle', live: 0 } });
    h.rec({ status: 'ready', at: iso(603) });
    expect(h.status.view().tray).toBe('idle');
    expect(IndicatorViewSchema.safeParse(h.status.view().indicator).success).toBe(true);
  });

  it('stays visible while any of several recordings is live', () => {
    const h = harness();
    h.rec({ status: 'recording', segment: 1, since: iso(0) }, 'rec_aaaaaaaaaa');
    h.tick(10);
    h.rec({ status: 'recording', segment: 1, since: iso(10) }, 'rec_bbbbbbbbbb');
    h.rec({ status: 'paused', segment: 1, since: iso(10) }, 'rec_aaaaaaaaaa');
    expect(h.status.view().indicator).toMatchObject({ visible: true, state: 'recording', live: 2, elapsedMs: 10_000 });
    h.rec({ status: 'finalizing', since: iso(11) }, 'rec_bbbbbbbbbb');
    expect(h.status.view().indicator).toMatchObject({ visible: true, state: 'paused', live: 1 });
  });

  it('tracks deliveries for the uploading state until they end', () => {
    const h = harness();
    h.status.onDelivery({ recordingId: 'rec_aaaaaaaaaa', state: 'uploading' });
    expect(h.status.view().tray).toBe('uploading');
    h.status.onDelivery({ recordingId: 'rec_aaaaaaaaaa', state: 'waiting' });
    expect(h.status.view().tray).toBe('idle');
    h.status.onDelivery({ recordingId: 'rec_aaaaaaaaaa', state: 'queued' });
    h.status.onDelivery({ recordingId: 'rec_aaaaaaaaaa', state: 'delivered' });
    expect(h.status.view().tray).toBe('idle');
  });
});

describe('shellViewChanged', () => {
  it('ignores the ticking elapsed time but not a change of state', () => {
    const h = harness();
    h.rec({ status: 'recording', segment: 1, since: iso(0) });
    const first = h.status.view();
    expect(shellViewChanged(null, first)).toBe(true);
    h.tick(5);
    expect(shellViewChanged(first, h.status.view())).toBe(false);
    h.rec({ status: 'paused', segment: 1, since: iso(5) });
    expect(shellViewChanged(first, h.status.view())).toBe(true);
  });
});
