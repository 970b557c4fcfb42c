// The recording lifecycle as a pure transition function:
//   idle → starting → recording ⇄ paused → stopping → finalizing → ready | failed
//   (a pause closes the segment and resume opens the next, unless the recorder paused in-stream —
//   MediaRecorder.pause() keeps one continuous stream — in which case the segment stays open across it)
//   any live state → interrupted (found after a crash) → recovering → finalizing
// Illegal events are rejected with a reason, never ignored. Effects tell the service what to do next;
// the service persists the new state before performing them, so a crash mid-effect is recoverable.
import type { AppErrorData } from '../../../shared/errors';
import type { AuditEventType } from '../../../shared/domain/audit';
import type { RecordingState } from '../../../shared/domain/recording';
import { RECORDING_OWNED } from '../../../shared/domain/lifecycle';

export type RecordingEvent =
  | { type: 'start' }
  | { type: 'header-durable'; segment: number }
  | { type: 'pause'; keepSegment?: boolean }
  | { type: 'resume'; segment: number }
  | { type: 'new-segment'; segment: number }
  | { type: 'stop' }
  | { type: 'capture-ended' }
  | { type: 'finalized'; warnings?: string[] }
  | { type: 'fail'; error: AppErrorData }
  | { type: 'interrupt' }
  | { type: 'recover' };

export type RecordingEffect =
  | { type: 'audit'; event: AuditEventType }
  | { type: 'close-segment' }
  | { type: 'stop-capture' }
  | { type: 'finalize' };

export type TransitionResult =
  | { ok: true; state: RecordingState; effects: RecordingEffect[] }
  | { ok: false; reason: string };

const LIVE: ReadonlySet<string> = new Set(RECORDING_OWNED);

export function isLive(state: RecordingState): boolean {
  return LIVE.has(state.status);
}

export function transition(state: RecordingState, event: RecordingEvent, now: string): TransitionResult {
  const ok = (next: RecordingState, effects: RecordingEffect[] = []): TransitionResult => ({ ok: true, state: next, effects });
  const audit = (e: AuditEventType): RecordingEffect => ({ type: 'audit', event: e });

  switch (event.type) {
    case 'start':
      if (state.status === 'idle') return ok({ status: 'starting', since: now });
      break;
    case 'header-durable':
      // The first chunk (container header) is durable: only now does the recording "exist".
      if (state.status === 'starting') return ok({ status: 'recording', segment: event.segment, since: now }, [audit('recording.started')]);
      break;
    case 'pause':
      if (state.status === 'recording' && event.keepSegment) {
        return ok({ status: 'paused', segment: state.segment, since: now, segmentOpen: true }, [audit('recording.paused')]);
      }
      if (state.status === 'recording') return ok({ status: 'paused', segment: state.segment, since: now }, [{ type: 'close-segment' }, audit('recording.paused')]);
      break;
    case 'resume':
      if (state.status === 'paused' && state.segmentOpen) {
        if (event.segment === state.segment) return ok({ status: 'recording', segment: state.segment, since: now }, [audit('recording.resumed')]);
        // A new recorder (the page reloaded while paused) cannot continue the old stream: next segment.
        if (event.segment === state.segment + 1) return ok({ status: 'recording', segment: event.segment, since: now }, [{ type: 'close-segment' }, audit('recording.resumed')]);
        return reject(`segment ${state.segment} stayed open through the pause: resume continues it or opens ${state.segment + 1}, not ${event.segment}`);
      }
      if (state.status === 'paused' && event.segment === state.segment + 1) {
        return ok({ status: 'recording', segment: event.segment, since: now }, [audit('recording.resumed')]);
      }
      if (state.status === 'paused') return reject(`resume must open segment ${state.segment + 1}, not ${event.segment}`);
      break;
    case 'new-segment':
      // Sleep/wake, a renderer reload or a capture restart: same recording, next segment.
      if (state.status === 'recording' && event.segment === state.segment + 1) {
        return ok({ status: 'recording', segment: event.segment, since: now }, [{ type: 'close-segment' }]);
      }
      if (state.status === 'recording') return reject(`the next segment is ${state.segment + 1}, not ${event.segment}`);
      break;
    case 'stop':
      if (state.status === 'recording' || state.status === 'paused') {
        return ok({ status: 'stopping', since: now }, [{ type: 'stop-capture' }, { type: 'close-segment' }, audit('recording.stopped')]);
      }
      if (state.status === 'starting') return ok({ status: 'stopping', since: now }, [{ type: 'stop-capture' }]);
      break;
    case 'capture-ended':
      if (state.status === 'stopping') return ok({ status: 'finalizing', since: now }, [{ type: 'finalize' }]);
      // Recovery has rebuilt the index from the journal: nothing more will be captured.
      if (state.status === 'recovering') return ok({ status: 'finalizing', since: now }, [audit('recording.recovered'), { type: 'finalize' }]);
      break;
    case 'finalized':
      if (state.status === 'finalizing') {
        const ready: RecordingState = event.warnings?.length ? { status: 'ready', at: now, warnings: event.warnings } : { status: 'ready', at: now };
        return ok(ready, [audit('recording.finalized')]);
      }
      break;
    case 'fail':
      if (state.status !== 'ready' && state.status !== 'failed' && state.status !== 'idle') {
        return ok({ status: 'failed', at: now, error: event.error }, [{ type: 'stop-capture' }, audit('recording.failed')]);
      }
      break;
    case 'interrupt':
      if (isLive(state)) {
        return ok({ status: 'interrupted', at: now, from: state.status as Extract<RecordingState, { status: 'interrupted' }>['from'] }, [audit('recording.interrupted')]);
      }
      break;
    case 'recover':
      // A failed finalize may be retried too: the journal is still there.
      if (state.status === 'interrupted' || state.status === 'failed') return ok({ status: 'recovering', since: now });
      break;
  }
  return reject(`cannot ${event.type} a recording that is ${state.status}`);
}

function reject(reason: string): TransitionResult {
  return { ok: false, reason };
}
