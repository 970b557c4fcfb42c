import { describe, expect, it } from 'vitest';
import type { RecordingState } from '../../../shared/domain/recording';
import { transition, type RecordingEvent } from './recording-state';

const NOW = '2026-01-01T00:00:00.000Z';

function run(events: RecordingEvent[], from: RecordingState = { status: 'idle' }) {
  let state = from;
  const effects: string[] = [];
  for (const event of events) {
    const r = transition(state, event, NOW);
    if (!r.ok) throw new Error(r.reason);
    state = r.state;
    effects.push(...r.effects.map((e) => (e.type === 'audit' ? `audit:${e.event}` : e.type)));
  }
  return { state, effects };
}

describe('recording state machine', () => {
  it('keeps the segment open through an in-stream pause and continues it on resume', () => {
    const { state, effects } = run([
      { type: 'start' },
      { type: 'header-durable', segment: 1 },
      { type: 'pause', keepSegment: true },
      { type: 'resume', segment: 1 },
      { type: 'pause', keepSegment: true },
    ]);
    expect(state).toEqual({ status: 'paused', segment: 1, since: NOW, segmentOpen: true });
    expect(effects).not.toContain('close-segment');
    expect(effects.filter((e) => e === 'audit:recording.paused')).toHaveLength(2);
    expect(effects).toContain('audit:recording.resumed');
    const wrong = transition(state, { type: 'resume', segment: 3 }, NOW);
    expect(wrong.ok).toBe(false);
    const fresh = transition(state, { type: 'resume', segment: 2 }, NOW);
    expect(fresh.ok && fresh.effects.map((e) => e.type)).toEqual(['close-segment', 'audit']);
    const stopped = transition(state, { type: 'stop' }, NOW);
    expect(stopped.ok && stopped.effects.map((e) => e.type)).toContain('close-segment');
  });

  it('walks the happy path with pause and resume into a new segment', () => {
    const { state, effects } = run([
      { type: 'start' },
      { type: 'header-durable', segment: 1 },
      { type: 'pause' },
      { type: 'resume', segment: 2 },
      { type: 'stop' },
      { type: 'capture-ended' },
      { type: 'finalized' },
    ]);
    expect(state.status).toBe('ready');
    expect(effects).toEqual([
      'audit:recording.started',
      'close-segment',
      'audit:recording.paused',
      'audit:recording.resumed',
      'stop-capture',
      'close-segment',
      'audit:recording.stopped',
      'finalize',
      'audit:recording.finalized',
    ]);
  });

  it('rejects illegal events instead of ignoring them', () => {
    expect(transition({ status: 'idle' }, { type: 'pause' }, NOW)).toEqual({ ok: false, reason: 'cannot pause a recording that is idle' });
    expect(transition({ status: 'ready', at: NOW }, { type: 'start' }, NOW).ok).toBe(false);
    expect(transition({ status: 'paused', segment: 1, since: NOW }, { type: 'pause' }, NOW).ok).toBe(false);
    expect(transition({ status: 'paused', segment: 1, since: NOW }, { type: 'resume', segment: 5 }, NOW)).toMatchObject({ ok: false, reason: /segment 2/ });
    expect(transition({ status: 'starting', since: NOW }, { type: 'finalized' }, NOW).ok).toBe(false);
  });

  it('moves every live state to interrupted, then recovers through finalizing', () => {
    const live: RecordingState[] = [
      { status: 'starting', since: NOW },
      { status: 'recording', segment: 3, since: NOW },
      { status: 'paused', segment: 1, since: NOW },
      { status: 'stopping', since: NOW },
      { status: 'finalizing', since: NOW },
    ];
    for (const from of live) {
      const { state, effects } = run([{ type: 'interrupt' }, { type: 'recover' }, { type: 'capture-ended' }, { type: 'finalized' }], from);
      expect(state.status).toBe('ready');
      expect(effects).toContain('audit:recording.interrupted');
      expect(effects).toContain('audit:recording.recovered');
    }
    expect(transition({ status: 'ready', at: NOW }, { type: 'interrupt' }, NOW).ok).toBe(false);
  });

  it('lets a failed recording be retried from its journal', () => {
    const failed: RecordingState = { status: 'failed', at: NOW, error: { code: 'MEDIA_ERROR', message: 'x' } };
    expect(run([{ type: 'recover' }, { type: 'capture-ended' }], failed).state.status).toBe('finalizing');
  });
});
