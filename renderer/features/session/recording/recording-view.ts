// What the session UI renders about recording: a snapshot object replaced on every change (read with
// useSyncExternalStore), never mutated in place.
import type { RoomFlagState } from './recorder-presence';
import { NOT_RECORDING, type ObservedRecording } from './recording-signals';

export type HostPhase = 'idle' | 'notifying' | 'starting' | 'recording' | 'stopping';

export interface RecordingRow {
  recordingId: string;
  kind: 'composite' | 'participant';
  participant: string | null;
  /** The engine's state: recording, finalizing, ready, failed, … */
  state: string;
  durationSec: number | null;
  segments: number;
  /** Wall-clock time the recorders of this recording ran, summed over its segments (this page only). */
  recordedMs: number;
}

export interface SessionRecordingView {
  /** What this participant is told about the session's recording (host or not). */
  observed: ObservedRecording;
  /** This participant's own role as recorder. */
  phase: HostPhase;
  error: string | null;
  /** The session id this participant acknowledged, if any. */
  acknowledged: string | null;
  /** (Host) each participant's consent so far. */
  consent: Record<string, 'shown' | 'acknowledged' | 'left'>;
  /** (Host) the recordings of this session and their state. */
  recordings: RecordingRow[];
  /** (Host) the most chunks any recording has waiting for the disk. */
  backlog: number;
  /** (Host) composite frames built since the recording graph was built, and for how long it has run. */
  compositeFrames: number;
  graphAgeMs: number;
  /** Main-thread time the recording took (tracks, layout, overlays) and the compositor worker's time. */
  drawMs: number;
  composeMs: number;
  composeStages: { copy: number; scale: number; overlay: number; write: number } | null;
  sourceSizes: string;
  /** Video frames copied out for the recordings (once per new frame of each track). */
  conversions: number;
  /** Frame-clock ticks the compositor skipped because it was behind. */
  skipped: number;
  /** (Host) whether LiveKit's own "being recorded" flag is up for every client in the room. */
  roomFlag: RoomFlagState;
}

export const INITIAL_VIEW: SessionRecordingView = {
  observed: NOT_RECORDING,
  phase: 'idle',
  error: null,
  acknowledged: null,
  consent: {},
  recordings: [],
  backlog: 0,
  compositeFrames: 0,
  graphAgeMs: 0,
  drawMs: 0,
  composeMs: 0,
  composeStages: null,
  sourceSizes: '',
  conversions: 0,
  skipped: 0,
  roomFlag: { kind: 'off' },
};

export class ControllerState {
  protected view: SessionRecordingView = INITIAL_VIEW;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionRecordingView => this.view;

  protected set(change: Partial<SessionRecordingView>): void {
    this.view = { ...this.view, ...change };
    for (const listener of this.listeners) listener();
  }
}
