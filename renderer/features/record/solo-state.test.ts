import { describe, expect, it } from 'vitest';
import { INITIAL_SOLO_STATE, elapsedMs, isSoloLive, soloTransition, type SoloEvent, type SoloState } from './solo-state';

function run(events: SoloEvent[], from: SoloState = INITIAL_SOLO_STATE): SoloState {
  let state = from;
  for (const event of events) {
    const r = soloTransition(state, event);
    if (!r.ok) throw new Error(r.reason);
    state = r.state;
  }
  return state;
}

describe('solo recorder state machine', () => {
  it('records, pauses, resumes and stops, counting only recorded time', () => {
    const recording = run([{ type: 'start' }, { type: 'media-ready' }, { type: 'started', recordingId: 'rec_1', at: 1000 }]);
    expect(recording.phase).toBe('recording');
    expect(elapsedMs(recording, 6000)).toBe(5000);
    const paused = run([{ type: 'pause', at: 6000 }], recording);
    expect(elapsedMs(paused, 11_000)).toBe(5000);
    const resumed = run([{ type: 'resume', at: 11_000 }], paused);
    expect(elapsedMs(resumed, 21_000)).toBe(15_000);
    const stopping = run([{ type: 'stop', at: 21_000 }], resumed);
    expect(stopping.phase).toBe('stopping');
    expect(stopping.recordedMs).toBe(15_000);
    expect(isSoloLive(stopping)).toBe(true);
    const done = run([{ type: 'stopped' }], stopping);
    expect(done).toEqual({ ...INITIAL_SOLO_STATE, lastRecordingId: 'rec_1' });
    expect(isSoloLive(done)).toBe(false);
  });

  it('rejects illegal events instead of ignoring them', () => {
    expect(soloTransition(INITIAL_SOLO_STATE, { type: 'pause', at: 0 }).ok).toBe(false);
    expect(soloTransition(INITIAL_SOLO_STATE, { type: 'stop', at: 0 }).ok).toBe(false);
    const acquiring = run([{ type: 'start' }]);
    expect(soloTransition(acquiring, { type: 'start' }).ok).toBe(false);
    expect(soloTransition(acquiring, { type: 'resume', at: 0 }).ok).toBe(false);
  });

  it('fails from any live phase with the message, and can start again', () => {
    const failed = run([{ type: 'start' }, { type: 'fail', message: 'Camera refused' }]);
    expect(failed).toMatchObject({ phase: 'failed', error: 'Camera refused' });
    expect(run([{ type: 'start' }], failed).phase).toBe('acquiring');
    expect(run([{ type: 'dismiss' }], failed).phase).toBe('idle');
  });

  it('resumes a saved recording after a reload, paused or running', () => {
    const running = run([{ type: 'resume-saved', recordingId: 'rec_2', recordedMs: 4000, paused: false, at: 100 }]);
    expect(running.phase).toBe('recording');
    expect(elapsedMs(running, 1100)).toBe(5000);
    const paused = run([{ type: 'resume-saved', recordingId: 'rec_2', recordedMs: 4000, paused: true, at: 100 }]);
    expect(paused.phase).toBe('paused');
    expect(elapsedMs(paused, 9999)).toBe(4000);
  });

  it('mutes only while a recording is being made', () => {
    expect(soloTransition(INITIAL_SOLO_STATE, { type: 'mute', muted: true }).ok).toBe(false);
    const muted = run([{ type: 'start' }, { type: 'media-ready' }, { type: 'started', recordingId: 'rec_3', at: 0 }, { type: 'mute', muted: true }]);
    expect(muted.muted).toBe(true);
  });
});

describe('sleep detection', () => {
  it('takes a long gap between two clock ticks for a sleep, a late tick for none', async () => {
    const { sleptBetween } = await import('./sleep-detector');
    expect(sleptBetween(0, 1_000)).toBe(false);
    expect(sleptBetween(0, 4_900)).toBe(false);
    expect(sleptBetween(0, 60_000)).toBe(true);
  });
});
