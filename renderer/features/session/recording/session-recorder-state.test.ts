import { describe, expect, it } from 'vitest';
import { IDLE, transition, type RecorderEvent, type RecorderState } from './session-recorder-state';

/** Applies events in turn; every one must be legal. Returns the final state and every effect's type. */
function run(events: RecorderEvent[], from: RecorderState = IDLE) {
  let state = from;
  const effects: string[] = [];
  for (const event of events) {
    const next = transition(state, event);
    if (!next.ok) throw new Error(next.reason);
    state = next.state;
    for (const e of next.effects) effects.push('participant' in e ? `${e.type}:${e.participant}${e.type === 'open-segment' ? `:${e.reason}${e.audioOnly ? ':audio' : ''}` : ''}` : e.type);
  }
  return { state, effects };
}

const start: RecorderEvent = { type: 'start', notify: [], perParticipant: true };

describe('session recorder state', () => {
  it('starts without a notice: starting until the engine has the composite, then recording', () => {
    const { state, effects } = run([start, { type: 'present', participant: 'host', hasVideo: true, reason: 'start' }, { type: 'composite-ready' }]);
    expect(state.phase).toBe('recording');
    expect(effects).toEqual(['open-composite', 'open-segment:host:start']);
  });

  it('waits for every notified participant, then starts; the notice timer is cancelled', () => {
    const { state, effects } = run([
      { type: 'start', notify: ['ada', 'bob'], perParticipant: true },
      { type: 'notice-confirmed', participant: 'ada' },
      { type: 'notice-confirmed', participant: 'bob' },
      { type: 'notice-timeout' },
    ]);
    expect(state.phase).toBe('starting');
    expect(effects).toEqual(['send-notice', 'cancel-notice-timer', 'open-composite']);
  });

  it('gives up when the notice is not confirmed in time, naming who did not confirm', () => {
    const notified = run([{ type: 'start', notify: ['ada', 'bob'], perParticipant: true }, { type: 'notice-confirmed', participant: 'ada' }]).state;
    const next = transition(notified, { type: 'notice-timeout' });
    expect(next).toMatchObject({ ok: true, state: { phase: 'idle' }, effects: [{ type: 'notice-failed', missing: ['bob'] }] });
  });

  it('rejects illegal events', () => {
    expect(transition(IDLE, { type: 'stop' })).toMatchObject({ ok: false });
    expect(transition(IDLE, { type: 'composite-ready' })).toMatchObject({ ok: false });
    const recording = run([start, { type: 'composite-ready' }]).state;
    expect(transition(recording, start)).toMatchObject({ ok: false, reason: expect.stringMatching(/start is not possible while recording/) });
    expect(transition(recording, { type: 'camera-on', participant: 'nobody' })).toMatchObject({ ok: false });
  });

  it('ends a leaver segment, continues it in a new one within the grace period, and finalizes it after', () => {
    const back = run([
      start,
      { type: 'composite-ready' },
      { type: 'present', participant: 'bob', hasVideo: true, reason: 'reconnect' },
      { type: 'left', participant: 'bob' },
      { type: 'present', participant: 'bob', hasVideo: true, reason: 'reconnect' },
      // the grace timer of the first absence fires late: bob is here, nothing happens
      { type: 'grace-expired', participant: 'bob' },
    ]);
    expect(back.state.participants.bob).toEqual({ kind: 'recording', audioOnly: false, segments: 2 });
    expect(back.effects).toEqual(['open-composite', 'open-segment:bob:start', 'end-segment:bob', 'start-grace:bob', 'cancel-grace:bob', 'open-segment:bob:reconnect']);

    const gone = run([{ type: 'left', participant: 'bob' }, { type: 'grace-expired', participant: 'bob' }, { type: 'present', participant: 'bob', hasVideo: true, reason: 'reconnect' }, { type: 'finished', participant: 'bob' }], back.state);
    expect(gone.state.participants.bob).toEqual({ kind: 'done' });
    // Back after the grace period: the recording was finalized; nothing reopens it.
    expect(gone.effects).toEqual(['end-segment:bob', 'start-grace:bob', 'finalize:bob']);
  });

  it('records a participant without a camera audio-only and continues with video when it comes on', () => {
    const { state, effects } = run([start, { type: 'present', participant: 'carol', hasVideo: false, reason: 'reconnect' }, { type: 'camera-on', participant: 'carol' }]);
    expect(state.participants.carol).toEqual({ kind: 'recording', audioOnly: false, segments: 2 });
    expect(effects).toEqual(['open-composite', 'open-segment:carol:start:audio', 'end-segment:carol', 'open-segment:carol:camera-on']);
    // A video recording never goes back to audio-only: not after a camera-off, not after coming back.
    expect(transition(state, { type: 'camera-on', participant: 'carol' })).toMatchObject({ ok: false });
    const again = run([{ type: 'left', participant: 'carol' }, { type: 'present', participant: 'carol', hasVideo: false, reason: 'reconnect' }], state);
    expect(again.effects.at(-1)).toBe('open-segment:carol:reconnect');
  });

  it('resumes after a reload: every saved recording continues as a new segment, a missing one finishes after the grace period', () => {
    const resumed = run([
      { type: 'resume', perParticipant: true, participants: { host: { audioOnly: false, segments: 1 }, ada: { audioOnly: true, segments: 1 } } },
      { type: 'present', participant: 'host', hasVideo: true, reason: 'reload' },
      { type: 'present', participant: 'ada', hasVideo: false, reason: 'reload' },
      { type: 'left', participant: 'ada' },
      { type: 'grace-expired', participant: 'ada' },
    ]);
    expect(resumed.state.phase).toBe('recording');
    expect(resumed.effects).toEqual([
      'open-composite',
      'start-grace:host',
      'start-grace:ada',
      'cancel-grace:host',
      'open-segment:host:reload',
      'cancel-grace:ada',
      'open-segment:ada:reload:audio',
      'end-segment:ada',
      'start-grace:ada',
      'finalize:ada',
    ]);
  });

  it('stops everyone still recording or away (cancelling their grace), and not those already finishing', () => {
    const before = run([
      start,
      { type: 'composite-ready' },
      { type: 'present', participant: 'host', hasVideo: true, reason: 'start' },
      { type: 'present', participant: 'ada', hasVideo: true, reason: 'start' },
      { type: 'present', participant: 'bob', hasVideo: true, reason: 'reconnect' },
      { type: 'left', participant: 'ada' },
      { type: 'left', participant: 'bob' },
      { type: 'grace-expired', participant: 'bob' },
    ]).state;
    const stopping = transition(before, { type: 'stop' });
    expect(stopping).toMatchObject({ ok: true, state: { phase: 'stopping' }, effects: [{ type: 'cancel-grace', participant: 'ada' }, { type: 'stop-all', participants: ['host', 'ada'] }] });
    if (!stopping.ok) return;
    // Nobody joins a recording that is stopping; the one finishing still finishes; then idle.
    const after = run([{ type: 'present', participant: 'dana', hasVideo: true, reason: 'reconnect' }, { type: 'finished', participant: 'bob' }, { type: 'stopped' }], stopping.state);
    expect(after.effects).toEqual([]);
    expect(after.state).toEqual(IDLE);
  });

  it('records no one individually when per-participant recording is off', () => {
    const { state, effects } = run([{ type: 'start', notify: [], perParticipant: false }, { type: 'present', participant: 'ada', hasVideo: true, reason: 'start' }]);
    expect(state.participants).toEqual({});
    expect(effects).toEqual(['open-composite']);
  });
});
