// What the app is doing right now, as far as an update restart is concerned: recordings that are live or
// finalizing, deliveries queued or uploading, and live sessions. Fed from the engine's own events.
import type { Activity } from './update-machine';
import { DELIVERY_WORKING, RECORDING_ACTIVE, RECORDING_PROCESSING } from '../../../shared/domain/lifecycle';

const RECORDING_LIVE: ReadonlySet<string> = new Set(RECORDING_ACTIVE);
const RECORDING_FINALIZING: ReadonlySet<string> = new Set(RECORDING_PROCESSING);
const DELIVERY_ACTIVE: ReadonlySet<string> = new Set(DELIVERY_WORKING);

export interface ActivityTracker {
  /** A recording.updated snapshot (only id and state are read). */
  recording(snapshot: { id: string; state: string }): void;
  /** A delivery.updated snapshot (only recordingId and state are read). */
  delivery(snapshot: { recordingId: string; state: string }): void;
  /** A live session began or ended. */
  session(id: string, live: boolean): void;
  /** Routes an engine event by name; other events are ignored. */
  observe(event: string, payload: unknown): void;
  current(): Activity;
}

export function createActivityTracker(): ActivityTracker {
  const live = new Set<string>();
  const finalizing = new Set<string>();
  const uploading = new Set<string>();
  const sessions = new Set<string>();
  const put = (set: Set<string>, id: string, on: boolean) => void (on ? set.add(id) : set.delete(id));

  const tracker: ActivityTracker = {
    recording({ id, state }) {
      put(live, id, RECORDING_LIVE.has(state));
      put(finalizing, id, RECORDING_FINALIZING.has(state));
    },
    delivery({ recordingId, state }) {
      put(uploading, recordingId, DELIVERY_ACTIVE.has(state));
    },
    session(id, on) {
      put(sessions, id, on);
    },
    observe(event, payload) {
      const p = payload as Record<string, unknown> | null;
      if (event === 'recording.updated' && typeof p?.id === 'string' && typeof p.state === 'string') tracker.recording({ id: p.id, state: p.state });
      if (event === 'delivery.updated' && typeof p?.recordingId === 'string' && typeof p.state === 'string') {
        tracker.delivery({ recordingId: p.recordingId, state: p.state });
      }
      // A window joined or left a live session (session.presence from the session screen).
      if (event === 'session.presence' && typeof p?.room === 'string' && typeof p.live === 'boolean') tracker.session(p.room, p.live);
    },
    current: () => ({ recording: live.size, finalizing: finalizing.size, uploading: uploading.size, sessions: sessions.size }),
  };
  return tracker;
}
