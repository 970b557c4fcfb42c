// Recorded time per live recording, pauses excluded, worked out from the snapshots the engine emits. A
// snapshot says only when its current state began (`detail.since`), so the time already recorded before a
// pause is carried here: each time a recording leaves (or restarts) its `recording` state, the span from
// that state's `since` to the next state's start is added. Pure: the caller passes snapshots and the time.
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import { LIVE_RECORDING_STATES } from './tray-state';

export type ClockSnapshot = Pick<RecordingSnapshot, 'id' | 'state' | 'detail'>;

interface Entry {
  recordedMs: number;
  /** Epoch ms the current `recording` span began; null while paused or stopping. */
  runningSince: number | null;
}

export class RecordingClock {
  private readonly entries = new Map<string, Entry>();

  observe(snapshot: ClockSnapshot, now: Date): void {
    if (!LIVE_RECORDING_STATES.has(snapshot.state)) {
      this.entries.delete(snapshot.id);
      return;
    }
    const began = stateBegan(snapshot, now);
    const entry = this.entries.get(snapshot.id) ?? { recordedMs: 0, runningSince: null };
    if (entry.runningSince !== null && (snapshot.state !== 'recording' || began !== entry.runningSince)) {
      entry.recordedMs += Math.max(0, began - entry.runningSince);
      entry.runningSince = null;
    }
    if (snapshot.state === 'recording' && entry.runningSince === null) entry.runningSince = began;
    this.entries.set(snapshot.id, entry);
  }

  /** Recorded time of a live recording at `now` (0 for one this clock does not know). */
  elapsedMs(id: string, now: Date): number {
    const entry = this.entries.get(id);
    if (!entry) return 0;
    return entry.recordedMs + (entry.runningSince === null ? 0 : Math.max(0, now.getTime() - entry.runningSince));
  }

  isRunning(id: string): boolean {
    return this.entries.get(id)?.runningSince != null;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}

function stateBegan(snapshot: ClockSnapshot, now: Date): number {
  const detail = snapshot.detail as { since?: string; at?: string };
  const stamp = Date.parse(detail.since ?? detail.at ?? '');
  return Number.isFinite(stamp) ? stamp : now.getTime();
}
