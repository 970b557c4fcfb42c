// What is kept on this computer, and for how long. The rule: nothing is deleted before its delivery is
// confirmed, except by an explicit user delete (audited as recording.deleted). Then:
//   - the raw chunks (the journal) go as soon as the delivery that covers them is confirmed;
//   - the local MP4 stays for offline review, within keep-days since last use and a size quota (LRU);
//   - a delivery that failed for good keeps every local file for failedRetentionDays, then they are purged
//     (audited as retention.purged).
import fs from 'node:fs';
import path from 'node:path';
import type { AuditEventType } from '../../../shared/domain/audit';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import type { Settings } from '../../../shared/domain/settings';
import { AppError } from '../../../shared/errors';
import { bytesOf } from '../disk-usage';
import type { Logger } from '../log';
import { recordingPaths } from '../recording/recording-paths';
import type { DeliveryStore } from '../store/delivery-store';
import { isOneOf, RECORDING_OWNED } from '../../../shared/domain/lifecycle';

export interface RetentionDeps {
  store: DeliveryStore;
  recordingsDir: string;
  getRecording: (id: string) => RecordingSnapshot | null;
  settings: () => Settings;
  clock: () => Date;
  log: Logger;
  audit: (type: AuditEventType, entry: { recordingId: string; sessionId: string | null; data: Record<string, unknown> }) => void;
}

export interface RetentionReport {
  journals: number;
  mp4s: number;
  purged: number;
  bytesFreed: number;
  /** Raw chunks of more delivered recordings are waiting: sweep again (each sweep takes a bounded batch). */
  more: boolean;
}

/** Journals deleted per sweep: each is a folder removal and an audit event, and the engine's thread waits. */
const JOURNALS_PER_SWEEP = 25;

export interface Retention {
  /** After a confirmed delivery: the raw chunks it covers may go. */
  afterDelivered(recordingId: string): void;
  sweep(): RetentionReport;
  /** The user's explicit delete: the recording's local files go now, delivered or not. */
  deleteLocal(recordingId: string): { bytesFreed: number; delivered: boolean };
  /** A viewer opened the recording: it moves to the back of the LRU queue. */
  touch(recordingId: string): void;
}

const DAY_MS = 24 * 3600 * 1000;

export function createRetention(deps: RetentionDeps): Retention {
  const { store, log } = deps;
  const now = () => deps.clock().toISOString();
  const paths = (id: string) => recordingPaths(deps.recordingsDir, id);

  function remove(target: string): number {
    const bytes = bytesOf(target);
    fs.rmSync(target, { recursive: true, force: true });
    return bytes;
  }

  function audit(type: AuditEventType, recordingId: string, data: Record<string, unknown>): void {
    deps.audit(type, { recordingId, sessionId: deps.getRecording(recordingId)?.sessionId ?? null, data });
  }

  function deleteJournal(recordingId: string): number {
    const row = store.get(recordingId);
    if (!row || row.state.status !== 'delivered' || row.journalDeletedAt) return 0;
    const p = paths(recordingId);
    const bytes = remove(p.journal) + remove(path.join(p.dir, 'delivery', 'raw'));
    store.stamp(recordingId, 'journal_deleted_at', now());
    audit('retention.purged', recordingId, { what: 'raw-chunks', reason: 'delivered', bytes });
    log.info('raw chunks deleted after confirmed delivery', { id: recordingId, bytes });
    return bytes;
  }

  return {
    afterDelivered(recordingId) {
      try {
        deleteJournal(recordingId);
      } catch (error) {
        log.warn('could not delete the raw chunks after delivery', { id: recordingId, error: String(error) });
      }
    },
    sweep() {
      const report: RetentionReport = { journals: 0, mp4s: 0, purged: 0, bytesFreed: 0, more: false };
      const settings = deps.settings();
      const t = deps.clock().getTime();
      const withJournal = store.deliveredWithJournal(JOURNALS_PER_SWEEP + 1);
      report.more = withJournal.length > JOURNALS_PER_SWEEP;
      for (const id of withJournal.slice(0, JOURNALS_PER_SWEEP)) {
        report.bytesFreed += deleteJournal(id);
        report.journals++;
      }
      // The passes below look at every delivered recording: run them once the journals are done.
      if (report.more) return report;

      // Local MP4s of delivered recordings, least recently used first.
      const mp4s = store
        .deliveredMp4s()
        .flatMap((m) => {
          const stat = fs.statSync(m.path, { throwIfNoEntry: false });
          return stat ? [{ recordingId: m.recordingId, file: m.path, bytes: stat.size, usedAt: Date.parse(m.usedAt) }] : [];
        })
        .sort((a, b) => a.usedAt - b.usedAt);
      let totalBytes = mp4s.reduce((s, m) => s + m.bytes, 0);
      const quota = settings.localMp4QuotaMb * 1_000_000;
      for (const m of mp4s) {
        const tooOld = t - m.usedAt > settings.localMp4KeepDays * DAY_MS;
        const overQuota = totalBytes > quota;
        if (!tooOld && !overQuota) continue;
        fs.rmSync(m.file, { force: true });
        totalBytes -= m.bytes;
        store.stamp(m.recordingId, 'mp4_evicted_at', now());
        audit('retention.purged', m.recordingId, { what: 'mp4', reason: tooOld ? 'age' : 'quota', bytes: m.bytes, keepDays: settings.localMp4KeepDays, quotaMb: settings.localMp4QuotaMb });
        report.mp4s++;
        report.bytesFreed += m.bytes;
      }

      // Deliveries that failed for good (or were cancelled): kept for a manual push, then purged.
      for (const row of store.inStates(['failed', 'cancelled'])) {
        if (row.localPurgedAt) continue;
        const since = row.state.status === 'failed' || row.state.status === 'cancelled' ? Date.parse(row.state.at) : t;
        if (t - since < settings.failedRetentionDays * DAY_MS) continue;
        const bytes = remove(paths(row.recordingId).dir);
        store.stamp(row.recordingId, 'local_purged_at', now());
        audit('retention.purged', row.recordingId, { what: 'recording', reason: `delivery ${row.state.status}`, days: settings.failedRetentionDays, bytes });
        log.warn('local files of an undelivered recording purged after the retention period', { id: row.recordingId, days: settings.failedRetentionDays });
        report.purged++;
        report.bytesFreed += bytes;
      }
      return report;
    },
    deleteLocal(recordingId) {
      const recording = deps.getRecording(recordingId);
      if (!recording) throw new AppError('NOT_FOUND', `There is no recording ${recordingId}.`);
      if (isOneOf(RECORDING_OWNED, recording.state)) {
        throw new AppError('CONFLICT', `Recording ${recordingId} is ${recording.state}; stop it before deleting it.`);
      }
      const row = store.get(recordingId);
      const delivered = row?.state.status === 'delivered';
      const bytes = remove(paths(recordingId).dir);
      if (row) store.stamp(recordingId, 'local_purged_at', now());
      audit('recording.deleted', recordingId, { by: 'user', delivered, bytes });
      return { bytesFreed: bytes, delivered };
    },
    touch(recordingId) {
      if (store.get(recordingId)) store.stamp(recordingId, 'last_used_at', now());
    },
  };
}
