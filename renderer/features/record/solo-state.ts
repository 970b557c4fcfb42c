// The solo recorder's lifecycle as a pure transition function (the engine's recording-state.ts is the
// model):
//   idle → acquiring → starting → recording ⇄ paused → stopping → idle
//   any of acquiring…paused → failed (a device refused, the engine refused, a chunk could not be saved)
//   idle → resuming → recording | paused   (after a renderer reload or crash, from sessionStorage)
// Illegal events are rejected with a reason; the UI renders the state it is given and keeps no shadow
// booleans. Elapsed time is derived: recorded milliseconds before the current run plus the run so far.

export type SoloPhase = 'idle' | 'acquiring' | 'starting' | 'resuming' | 'recording' | 'paused' | 'stopping' | 'failed';

export interface SoloState {
  phase: SoloPhase;
  recordingId: string | null;
  /** Milliseconds recorded before the current run (pauses excluded). */
  recordedMs: number;
  /** performance.now()-style clock value when the current run began; null unless recording. */
  runStartedAt: number | null;
  muted: boolean;
  /** The last recording that finished (ready or failed), for the "Saved…" line. */
  lastRecordingId: string | null;
  error: string | null;
}

export type SoloEvent =
  | { type: 'start' }
  | { type: 'media-ready' }
  | { type: 'started'; recordingId: string; at: number }
  | { type: 'resume-saved'; recordingId: string; recordedMs: number; paused: boolean; at: number }
  | { type: 'pause'; at: number }
  | { type: 'resume'; at: number }
  | { type: 'mute'; muted: boolean }
  | { type: 'stop'; at: number }
  | { type: 'stopped' }
  | { type: 'fail'; message: string }
  | { type: 'dismiss' };

export type SoloResult = { ok: true; state: SoloState } | { ok: false; reason: string };

export const INITIAL_SOLO_STATE: SoloState = { phase: 'idle', recordingId: null, recordedMs: 0, runStartedAt: null, muted: false, lastRecordingId: null, error: null };

export function soloTransition(state: SoloState, event: SoloEvent): SoloResult {
  const ok = (next: Partial<SoloState>): SoloResult => ({ ok: true, state: { ...state, ...next } });
  const banked = (at: number) => state.recordedMs + (state.runStartedAt === null ? 0 : Math.max(0, at - state.runStartedAt));
  switch (event.type) {
    case 'start':
      if (state.phase === 'idle' || state.phase === 'failed') return ok({ ...INITIAL_SOLO_STATE, lastRecordingId: state.lastRecordingId, phase: 'acquiring' });
      break;
    case 'media-ready':
      if (state.phase === 'acquiring') return ok({ phase: 'starting' });
      break;
    case 'started':
      if (state.phase === 'starting') return ok({ phase: 'recording', recordingId: event.recordingId, recordedMs: 0, runStartedAt: event.at });
      break;
    case 'resume-saved':
      if (state.phase === 'idle' || state.phase === 'resuming') {
        return ok({ phase: event.paused ? 'paused' : 'recording', recordingId: event.recordingId, recordedMs: event.recordedMs, runStartedAt: event.paused ? null : event.at, error: null });
      }
      break;
    case 'pause':
      if (state.phase === 'recording') return ok({ phase: 'paused', recordedMs: banked(event.at), runStartedAt: null });
      break;
    case 'resume':
      if (state.phase === 'paused') return ok({ phase: 'recording', runStartedAt: event.at });
      break;
    case 'mute':
      if (state.phase === 'recording' || state.phase === 'paused' || state.phase === 'starting') return ok({ muted: event.muted });
      break;
    case 'stop':
      if (state.phase === 'recording' || state.phase === 'paused') return ok({ phase: 'stopping', recordedMs: banked(event.at), runStartedAt: null });
      break;
    case 'stopped':
      if (state.phase === 'stopping') return ok({ ...INITIAL_SOLO_STATE, lastRecordingId: state.recordingId });
      break;
    case 'fail':
      if (state.phase !== 'idle') return ok({ phase: 'failed', runStartedAt: null, error: event.message, lastRecordingId: state.recordingId ?? state.lastRecordingId });
      break;
    case 'dismiss':
      if (state.phase === 'failed') return ok({ phase: 'idle', error: null });
      break;
  }
  return { ok: false, reason: `cannot ${event.type} while ${state.phase}` };
}

/** Milliseconds recorded so far at clock value `now` (pauses excluded). */
export function elapsedMs(state: SoloState, now: number): number {
  return state.recordedMs + (state.runStartedAt === null ? 0 : Math.max(0, now - state.runStartedAt));
}

/** A recording exists and is running or paused: the control bar and indicators show. */
export function isSoloLive(state: SoloState): boolean {
  return state.phase === 'recording' || state.phase === 'paused' || state.phase === 'stopping' || state.phase === 'resuming';
}
