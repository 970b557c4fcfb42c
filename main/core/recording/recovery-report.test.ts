// The report, its text and the exit code agree: recovered, nothing to do, skipped, failed.
import { describe, expect, it } from 'vitest';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import { describeReport, emptyReport, RECOVER_EXIT, recoverExitCode, recoveryNotice, type RecoveryReport } from './recovery-report';

function recording(overrides: Partial<RecordingSnapshot> = {}): RecordingSnapshot {
  return {
    id: 'rec_abcdefghij', title: 'Pump room', state: 'ready', detail: { status: 'ready', at: 'x' }, source: { kind: 'testsrc' },
    sessionId: null, participant: null, profileId: null, ticket: null, createdAt: 'x', startedAt: 'x', stoppedAt: 'x',
    durationSec: 9.94, segments: 1, chunks: 10, bytes: 1000, artifacts: [], ...overrides,
  };
}

const skipped = { id: 'rec_kkkkkkkkkk', title: 'Live one', state: 'recording' as const, owner: { pid: 4242, app: 'cli', command: 'fieldtape record', since: '2026-12-03T10:00:00.000Z' }, reason: 'owner alive: pid 4242 (cli: fieldtape record) since 2026-12-03T10:00:00.000Z' };

describe('recovery report', () => {
  it('says nothing to recover, exit 2', () => {
    expect(describeReport(emptyReport())).toBe('Nothing to recover.');
    expect(recoverExitCode(emptyReport())).toBe(RECOVER_EXIT.nothingToDo);
    expect(recoveryNotice(emptyReport())).toBeNull();
  });

  it('lists what came back with its length, exit 0, and the notice names it', () => {
    const report: RecoveryReport = { ...emptyReport(), recovered: [{ recording: recording(), from: 'recording' }] };
    expect(describeReport(report)).toBe('Recovered 1 recording:\n  rec_abcdefghij  ready  9.9 s  Pump room  (was recording)');
    expect(recoverExitCode(report)).toBe(0);
    expect(recoveryNotice(report)).toEqual({ level: 'info', message: 'Recovered 1 recording after an unexpected stop: Pump room (9.9 s).' });
  });

  it('says what it skipped and why, exit 3 even when something else came back', () => {
    const report: RecoveryReport = { ...emptyReport(), recovered: [{ recording: recording(), from: 'finalizing' }], skipped: [skipped] };
    expect(describeReport(report)).toContain('Skipped 1 recording another live process owns');
    expect(describeReport(report)).toContain('rec_kkkkkkkkkk  recording  Live one  — owner alive: pid 4242 (cli: fieldtape record) since 2026-12-03T10:00:00.000Z');
    expect(recoverExitCode(report)).toBe(RECOVER_EXIT.skipped);
    expect(recoveryNotice(report)?.message).toMatch(/left alone: Live one \(owner alive: pid 4242/);
  });

  it('reports recordings with nothing durable, and a failed finalize as exit 1', () => {
    const empty: RecoveryReport = { ...emptyReport(), nothingDurable: [{ id: 'rec_eeeeeeeeee', title: 'Too short', from: 'starting', reason: 'Nothing was recorded.' }] };
    expect(describeReport(empty)).toBe('Nothing durable in 1 recording (marked failed):\n  rec_eeeeeeeeee  Too short  — Nothing was recorded.');
    expect(recoverExitCode(empty)).toBe(0);
    const failed: RecoveryReport = { ...emptyReport(), skipped: [skipped], recovered: [{ recording: recording({ state: 'failed', detail: { status: 'failed', at: 'x', error: { code: 'CORRUPT_DATA', message: 'no header' } } }), from: 'recording' }] };
    expect(recoverExitCode(failed)).toBe(RECOVER_EXIT.failed);
    expect(describeReport(failed)).toContain('FAILED: no header');
    expect(recoveryNotice(failed)?.level).toBe('warning');
  });
});
