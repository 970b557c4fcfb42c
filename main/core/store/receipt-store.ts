// SQLite access for receipts (schema: store/migrations/0008-evidence-receipts.ts): the device id, the per-destination chain heads,
// and each receipt with its bytes and its time-stamp's state. Every write is one statement or runs inside
// the issuer's transaction, so with synchronous=FULL a receipt and its chain head never disagree.
import type { AppErrorData } from '../../../shared/errors';
import type { TimestampStatus } from '../../../shared/domain/evidence';
import type { Db } from './database';

export interface ChainHead {
  chain: string;
  seq: number;
  recordingId: string;
  receiptSha256: string;
  auditSeq: number;
  auditHash: string;
}

export interface ReceiptRow {
  recordingId: string;
  chain: string;
  seq: number;
  sha256: string;
  text: string;
  createdAt: string;
  tsaUrl: string | null;
  tsrStatus: TimestampStatus;
  tsrAttempts: number;
  tsrNextAt: string | null;
  tsrError: AppErrorData | null;
  tsrDer: Buffer | null;
  tsrGenTime: string | null;
}

interface RawReceipt {
  recording_id: string;
  chain: string;
  seq: number;
  sha256: string;
  receipt_json: string;
  created_at: string;
  tsa_url: string | null;
  tsr_status: string;
  tsr_attempts: number;
  tsr_next_at: string | null;
  tsr_error_json: string | null;
  tsr_der: Buffer | null;
  tsr_gen_time: string | null;
}

export interface ReceiptStore {
  deviceId(): string;
  chainHead(chain: string): ChainHead | null;
  get(recordingId: string): ReceiptRow | null;
  /** Stores a new receipt and moves its chain's head to it (call inside the issuer's transaction). */
  insert(row: Omit<ReceiptRow, 'tsrAttempts' | 'tsrNextAt' | 'tsrError' | 'tsrDer' | 'tsrGenTime'>, audit: { seq: number; hash: string }): void;
  /** Receipts whose time-stamp is pending and due (next try at or before `now`, or never tried). */
  dueTimestamps(now: string): string[];
  /** The earliest next try of a pending time-stamp, or null. */
  nextTimestampAt(): string | null;
  setToken(recordingId: string, der: Buffer, genTime: string | null): void;
  timestampDelivered(recordingId: string): void;
  timestampFailed(recordingId: string, attempts: number, nextAt: string | null, error: AppErrorData): void;
}

export function createReceiptStore(db: Db): ReceiptStore {
  const toRow = (r: RawReceipt): ReceiptRow => ({
    recordingId: r.recording_id,
    chain: r.chain,
    seq: r.seq,
    sha256: r.sha256,
    text: r.receipt_json,
    createdAt: r.created_at,
    tsaUrl: r.tsa_url,
    tsrStatus: r.tsr_status as TimestampStatus,
    tsrAttempts: r.tsr_attempts,
    tsrNextAt: r.tsr_next_at,
    tsrError: r.tsr_error_json ? (JSON.parse(r.tsr_error_json) as AppErrorData) : null,
    tsrDer: r.tsr_der,
    tsrGenTime: r.tsr_gen_time,
  });
  const q = {
    device: db.prepare<[], { device_id: string }>('SELECT device_id FROM evidence_device WHERE id = 1'),
    head: db.prepare<[string], { chain: string; seq: number; recording_id: string; receipt_sha256: string; audit_seq: number; audit_hash: string }>(
      'SELECT * FROM receipt_chains WHERE chain = ?',
    ),
    get: db.prepare<[string], RawReceipt>('SELECT * FROM receipts WHERE recording_id = ?'),
    insert: db.prepare(
      `INSERT INTO receipts (recording_id, chain, seq, sha256, receipt_json, created_at, tsa_url, tsr_status)
       VALUES (@recordingId, @chain, @seq, @sha256, @text, @createdAt, @tsaUrl, @tsrStatus)`,
    ),
    moveHead: db.prepare(
      `INSERT INTO receipt_chains (chain, seq, recording_id, receipt_sha256, audit_seq, audit_hash, updated_at)
       VALUES (@chain, @seq, @recordingId, @sha256, @auditSeq, @auditHash, @at)
       ON CONFLICT(chain) DO UPDATE SET seq = excluded.seq, recording_id = excluded.recording_id, receipt_sha256 = excluded.receipt_sha256,
         audit_seq = excluded.audit_seq, audit_hash = excluded.audit_hash, updated_at = excluded.updated_at`,
    ),
    due: db.prepare<[string], { recording_id: string }>(
      "SELECT recording_id FROM receipts WHERE tsr_status = 'pending' AND (tsr_next_at IS NULL OR tsr_next_at <= ?) ORDER BY created_at",
    ),
    next: db.prepare<[], { at: string | null }>("SELECT MIN(tsr_next_at) AS at FROM receipts WHERE tsr_status = 'pending'"),
    setToken: db.prepare('UPDATE receipts SET tsr_der = ?, tsr_gen_time = ?, tsr_error_json = NULL WHERE recording_id = ?'),
    delivered: db.prepare("UPDATE receipts SET tsr_status = 'delivered', tsr_next_at = NULL, tsr_error_json = NULL WHERE recording_id = ?"),
    failed: db.prepare('UPDATE receipts SET tsr_status = ?, tsr_attempts = ?, tsr_next_at = ?, tsr_error_json = ? WHERE recording_id = ?'),
  };
  return {
    deviceId() {
      const row = q.device.get();
      if (!row) throw new Error('evidence_device has no row: the database was not migrated');
      return row.device_id;
    },
    chainHead(chain) {
      const r = q.head.get(chain);
      return r ? { chain: r.chain, seq: r.seq, recordingId: r.recording_id, receiptSha256: r.receipt_sha256, auditSeq: r.audit_seq, auditHash: r.audit_hash } : null;
    },
    get(recordingId) {
      const r = q.get.get(recordingId);
      return r ? toRow(r) : null;
    },
    insert(row, audit) {
      q.insert.run({ ...row });
      q.moveHead.run({ chain: row.chain, seq: row.seq, recordingId: row.recordingId, sha256: row.sha256, auditSeq: audit.seq, auditHash: audit.hash, at: row.createdAt });
    },
    dueTimestamps(now) {
      return q.due.all(now).map((r) => r.recording_id);
    },
    nextTimestampAt() {
      return q.next.get()?.at ?? null;
    },
    setToken(recordingId, der, genTime) {
      q.setToken.run(der, genTime, recordingId);
    },
    timestampDelivered(recordingId) {
      q.delivered.run(recordingId);
    },
    timestampFailed(recordingId, attempts, nextAt, error) {
      q.failed.run(nextAt === null ? 'failed' : 'pending', attempts, nextAt, JSON.stringify(error), recordingId);
    },
  };
}
