// The desktop shell's picture of what is going on, kept from the engine's `recording.updated` and
// `delivery.updated` events: the tray state, the always-on-top indicator's view, and whether the app's own
// windows must be kept out of screen captures. Pure bookkeeping (the Electron shell feeds it events and
// applies what `view()` says), so the rule "the indicator never hides while a recording is live" is tested
// here, not in a runtime this machine lacks.
import type { DeliverySnapshot } from '../../../shared/domain/delivery';
import type { IndicatorView } from '../../../shared/contracts/shell';
import { RecordingClock, type ClockSnapshot } from './recording-clock';
import { LIVE_RECORDING_STATES, trayState, type DeliveryLike, type RecordingLike, type TrayState } from './tray-state';
import { DELIVERY_WORKING, RECORDING_OWNED } from '../../../shared/domain/lifecycle';

export interface ShellView {
  tray: TrayState;
  indicator: IndicatorView;
  /** Keep the app's windows out of screen captures (where the OS can): true while anything is live. */
  protectContent: boolean;
}

// Only these can change the tray; anything else is dropped so the maps stay as small as the live work.
const TRACKED_RECORDING: ReadonlySet<RecordingLike['state']> = new Set(RECORDING_OWNED);
const TRACKED_DELIVERY: ReadonlySet<DeliverySnapshot['state']> = new Set(DELIVERY_WORKING);

export class ShellStatus {
  private readonly recordings = new Map<string, RecordingLike>();
  private readonly deliveries = new Map<string, DeliveryLike>();
  private readonly recorded = new RecordingClock();

  constructor(private readonly clock: () => Date) {}

  onRecording(snapshot: RecordingLike & ClockSnapshot): void {
    this.recorded.observe(snapshot, this.clock());
    if (TRACKED_RECORDING.has(snapshot.state)) this.recordings.set(snapshot.id, { id: snapshot.id, state: snapshot.state });
    else this.recordings.delete(snapshot.id);
  }

  onDelivery(snapshot: DeliveryLike): void {
    if (TRACKED_DELIVERY.has(snapshot.state)) this.deliveries.set(snapshot.recordingId, { recordingId: snapshot.recordingId, state: snapshot.state });
    else this.deliveries.delete(snapshot.recordingId);
  }

  view(): ShellView {
    const now = this.clock();
    const live = [...this.recordings.values()].filter((r) => LIVE_RECORDING_STATES.has(r.state));
    const state: IndicatorView['state'] =
      live.length === 0
        ? 'idle'
        : live.some((r) => r.state === 'recording' || r.state === 'starting')
          ? 'recording'
          : live.some((r) => r.state === 'paused')
            ? 'paused'
            : 'stopping';
    const elapsedMs = live.reduce((longest, r) => Math.max(longest, this.recorded.elapsedMs(r.id, now)), 0);
    return {
      tray: trayState(this.recordings.values(), this.deliveries.values()),
      indicator: { visible: live.length > 0, state, elapsedMs, at: now.toISOString(), live: live.length },
      protectContent: live.length > 0,
    };
  }
}

/** Whether two views differ in what the shell shows (the elapsed time alone ticks in the indicator page). */
export function shellViewChanged(before: ShellView | null, after: ShellView): boolean {
  if (!before) return true;
  const a = before.indicator;
  const b = after.indicator;
  return before.tray !== after.tray || before.protectContent !== after.protectContent || a.visible !== b.visible || a.state !== b.state || a.live !== b.live;
}
