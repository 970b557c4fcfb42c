// The session recorder's decisions as one pure function: transition(state, event) → {state, effects}, like
// main/core/recording/recording-state.ts. The controller (recording-controller.ts) is the I/O around it:
// it turns room, engine and timer happenings into events and carries out the effects (recorders, engine
// calls, timers). Illegal events are rejected, not ignored.
//
// The host's lifecycle:
//
//   idle ──start(notify=[])──────────────────────────► starting ──composite-ready──► recording
//     │                                                   ▲  │                          │
//     └──start(notify=[a,b])──► notifying ──all confirm──┘  └─composite-failed─┐       │
//                                   │                                            ▼       │
//                                   └──notice-timeout──► idle             stopping ◄──stop
//   idle ──resume──► recording                                               │
//                                                                  stopped ──┘──► idle
//
// Each participant's own recording, while the host records (per-participant recording on):
//
//   (none) ──present──► recording ──left──► away ──grace-expired──► finishing ──finished──► done
//                        ▲  │ camera-on (audio-only segment → video segment)
//                        │  └──┘
//                        └───────present (within the grace period: a new segment)──── away
//
// A segment is audio-only when the participant publishes no camera or screen (participant-media.ts);
// a continued recording keeps video once it had it.
import { recordsAudioOnly } from './participant-media';

export type HostPhase = 'idle' | 'notifying' | 'starting' | 'recording' | 'stopping';

export type Presence =
  | { kind: 'recording'; audioOnly: boolean; segments: number }
  | { kind: 'away'; audioOnly: boolean; segments: number }
  | { kind: 'finishing' }
  | { kind: 'done' };

export interface RecorderState {
  phase: HostPhase;
  /** While notifying: who has not confirmed the notice yet. */
  unconfirmed: readonly string[];
  perParticipant: boolean;
  participants: Readonly<Record<string, Presence>>;
}

export type OpenReason = 'start' | 'reload' | 'reconnect' | 'camera-on';

export type RecorderEvent =
  /** notify: who must confirm the notice first (empty when the profile does not ask for it). */
  | { type: 'start'; notify: readonly string[]; perParticipant: boolean }
  | { type: 'notice-confirmed'; participant: string }
  | { type: 'notice-timeout' }
  | { type: 'composite-ready' }
  | { type: 'composite-failed' }
  /** After a reload: these participants' recordings continue (they count as away until seen). */
  | { type: 'resume'; participants: Readonly<Record<string, { audioOnly: boolean; segments: number }>>; perParticipant: boolean }
  /** In the room: at Start, after a reload (each saved one at once), or joining/coming back. */
  | { type: 'present'; participant: string; hasVideo: boolean; reason: 'start' | 'reload' | 'reconnect' }
  | { type: 'left'; participant: string }
  | { type: 'grace-expired'; participant: string }
  | { type: 'camera-on'; participant: string }
  | { type: 'finished'; participant: string }
  | { type: 'stop' }
  | { type: 'stopped' };

export type RecorderEffect =
  | { type: 'send-notice'; to: readonly string[] }
  | { type: 'cancel-notice-timer' }
  | { type: 'notice-failed'; missing: readonly string[] }
  | { type: 'open-composite' }
  | { type: 'open-segment'; participant: string; reason: OpenReason; audioOnly: boolean }
  | { type: 'end-segment'; participant: string }
  | { type: 'start-grace'; participant: string }
  | { type: 'cancel-grace'; participant: string }
  | { type: 'finalize'; participant: string }
  | { type: 'stop-all'; participants: readonly string[] };

export type Transition = { ok: true; state: RecorderState; effects: RecorderEffect[] } | { ok: false; reason: string };

export const IDLE: RecorderState = { phase: 'idle', unconfirmed: [], perParticipant: true, participants: {} };

const recordingPhase = (phase: HostPhase) => phase === 'starting' || phase === 'recording';

function reject(state: RecorderState, event: RecorderEvent): Transition {
  const who = 'participant' in event ? ` (${event.participant})` : '';
  return { ok: false, reason: `${event.type}${who} is not possible while ${state.phase}` };
}

function withParticipant(state: RecorderState, identity: string, presence: Presence): RecorderState {
  return { ...state, participants: { ...state.participants, [identity]: presence } };
}

/** Whether the host's phase allows the event at all, before looking at participants. */
function hostTransition(state: RecorderState, event: RecorderEvent): Transition | null {
  switch (event.type) {
    case 'start': {
      if (state.phase !== 'idle') return reject(state, event);
      const base: RecorderState = { ...IDLE, perParticipant: event.perParticipant };
      if (event.notify.length > 0) return { ok: true, state: { ...base, phase: 'notifying', unconfirmed: [...event.notify] }, effects: [{ type: 'send-notice', to: [...event.notify] }] };
      return { ok: true, state: { ...base, phase: 'starting' }, effects: [{ type: 'open-composite' }] };
    }
    case 'notice-confirmed': {
      if (state.phase !== 'notifying') return { ok: true, state, effects: [] }; // a late confirmation: nothing to do
      const unconfirmed = state.unconfirmed.filter((p) => p !== event.participant);
      if (unconfirmed.length > 0) return { ok: true, state: { ...state, unconfirmed }, effects: [] };
      return { ok: true, state: { ...state, phase: 'starting', unconfirmed: [] }, effects: [{ type: 'cancel-notice-timer' }, { type: 'open-composite' }] };
    }
    case 'notice-timeout':
      if (state.phase !== 'notifying') return { ok: true, state, effects: [] }; // the timer lost the race
      return { ok: true, state: IDLE, effects: [{ type: 'notice-failed', missing: state.unconfirmed }] };
    case 'composite-ready':
      if (state.phase !== 'starting') return reject(state, event);
      return { ok: true, state: { ...state, phase: 'recording' }, effects: [] };
    case 'composite-failed':
    case 'stop': {
      if (!recordingPhase(state.phase) && state.phase !== 'notifying') return reject(state, event);
      const live = Object.entries(state.participants).filter(([, p]) => p.kind === 'recording' || p.kind === 'away');
      const effects: RecorderEffect[] = [];
      if (state.phase === 'notifying') effects.push({ type: 'cancel-notice-timer' });
      for (const [identity, p] of live) if (p.kind === 'away') effects.push({ type: 'cancel-grace', participant: identity });
      effects.push({ type: 'stop-all', participants: live.map(([identity]) => identity) });
      const participants = Object.fromEntries(Object.entries(state.participants).map(([id, p]) => [id, p.kind === 'recording' || p.kind === 'away' ? ({ kind: 'finishing' } as const) : p]));
      return { ok: true, state: { ...state, phase: 'stopping', unconfirmed: [], participants }, effects };
    }
    case 'stopped':
      if (state.phase !== 'stopping') return reject(state, event);
      return { ok: true, state: IDLE, effects: [] };
    case 'resume': {
      if (state.phase !== 'idle') return reject(state, event);
      const participants: Record<string, Presence> = {};
      const effects: RecorderEffect[] = [{ type: 'open-composite' }];
      for (const [identity, saved] of Object.entries(event.participants)) {
        participants[identity] = { kind: 'away', ...saved };
        effects.push({ type: 'start-grace', participant: identity });
      }
      return { ok: true, state: { ...IDLE, phase: 'recording', perParticipant: event.perParticipant, participants }, effects };
    }
    default:
      return null;
  }
}

export function transition(state: RecorderState, event: RecorderEvent): Transition {
  const host = hostTransition(state, event);
  if (host) return host;
  if (!('participant' in event)) return reject(state, event);
  const identity = event.participant;
  const current = state.participants[identity];
  switch (event.type) {
    case 'present': {
      if (!recordingPhase(state.phase) || !state.perParticipant) return { ok: true, state, effects: [] };
      if (!current) {
        const audioOnly = recordsAudioOnly(event.hasVideo, null, true);
        return { ok: true, state: withParticipant(state, identity, { kind: 'recording', audioOnly, segments: 1 }), effects: [{ type: 'open-segment', participant: identity, reason: 'start', audioOnly }] };
      }
      if (current.kind !== 'away') return { ok: true, state, effects: [] }; // already recorded, or finished
      const audioOnly = current.audioOnly && !event.hasVideo;
      return {
        ok: true,
        state: withParticipant(state, identity, { kind: 'recording', audioOnly, segments: current.segments + 1 }),
        effects: [{ type: 'cancel-grace', participant: identity }, { type: 'open-segment', participant: identity, reason: event.reason === 'reload' ? 'reload' : 'reconnect', audioOnly }],
      };
    }
    case 'left':
      if (current?.kind !== 'recording') return { ok: true, state, effects: [] };
      return { ok: true, state: withParticipant(state, identity, { ...current, kind: 'away' }), effects: [{ type: 'end-segment', participant: identity }, { type: 'start-grace', participant: identity }] };
    case 'grace-expired':
      if (current?.kind !== 'away') return { ok: true, state, effects: [] }; // came back, or Stop came first
      return { ok: true, state: withParticipant(state, identity, { kind: 'finishing' }), effects: [{ type: 'finalize', participant: identity }] };
    case 'camera-on':
      if (current?.kind !== 'recording' || !current.audioOnly || !recordingPhase(state.phase)) return reject(state, event);
      return {
        ok: true,
        state: withParticipant(state, identity, { kind: 'recording', audioOnly: false, segments: current.segments + 1 }),
        effects: [{ type: 'end-segment', participant: identity }, { type: 'open-segment', participant: identity, reason: 'camera-on', audioOnly: false }],
      };
    case 'finished':
      if (current?.kind !== 'finishing') return reject(state, event);
      return { ok: true, state: withParticipant(state, identity, { kind: 'done' }), effects: [] };
    default:
      return reject(state, event);
  }
}
