// The audit tables' statements (schema: migrations/0003-audit-log.ts): events as stored and the head
// record. Hashing, the secret guard and the transaction that appends and moves the head together are the
// audit log's (main/core/audit/audit-log.ts); this file only reads and writes rows.
import type { Db } from './database';

/** An audit event exactly as its row holds it (verify-chain.ts judges these, never a parsed copy). */
export interface StoredAuditRow {
  seq: number;
  at: string;
  type: string;
  recording_id: string | null;
  session_id: string | null;
  data_json: string;
  prev_hash: string;
  hash: string;
}

/** The head record: the newest event's seq and hash. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditQueryRows {
  recordingId?: string;
  sessionId?: string;
  /** The newest `limit` matching rows (still oldest first); -1 for all. */
  limit: number;
}

export interface AuditStore {
  head(): AuditHead | undefined;
  insert(row: StoredAuditRow): void;
  moveHead(seq: number, hash: string): void;
  /** Every event, oldest first. */
  all(): StoredAuditRow[];
  query(query: AuditQueryRows): StoredAuditRow[];
  /** Seq, hash and prev_hash after `fromSeq` up to `toSeq`, oldest first. */
  links(fromSeq: number, toSeq: number): Array<{ seq: number; hash: string; prev_hash: string }>;
  /** A recording's events and its session's events that belong to no single recording, oldest first. */
  forReceipt(recordingId: string, sessionId: string | null): StoredAuditRow[];
}

const COLUMNS = 'seq, at, type, recording_id, session_id, data_json, prev_hash, hash';

export function createAuditStore(db: Db): AuditStore {
  const selectHead = db.prepare<[], AuditHead>('SELECT seq, hash FROM audit_head WHERE id = 1');
  const insertEvent = db.prepare(`INSERT INTO audit_events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const moveHead = db.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1');
  const selectAll = db.prepare<[], StoredAuditRow>(`SELECT ${COLUMNS} FROM audit_events ORDER BY seq`);
  const selectLinks = db.prepare<[number, number], { seq: number; hash: string; prev_hash: string }>(
    'SELECT seq, hash, prev_hash FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq',
  );
  const selectForReceipt = db.prepare<[string, string | null], StoredAuditRow>(
    `SELECT ${COLUMNS} FROM audit_events WHERE recording_id = ? OR (recording_id IS NULL AND session_id = ?) ORDER BY seq`,
  );
  return {
    head: () => selectHead.get(),
    insert(row) {
      insertEvent.run(row.seq, row.at, row.type, row.recording_id, row.session_id, row.data_json, row.prev_hash, row.hash);
    },
    moveHead(seq, hash) {
      moveHead.run(seq, hash);
    },
    all: () => selectAll.all(),
    query(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.recordingId !== undefined) {
        where.push('recording_id = ?');
        params.push(query.recordingId);
      }
      if (query.sessionId !== undefined) {
        where.push('session_id = ?');
        params.push(query.sessionId);
      }
      const sql =
        `SELECT * FROM (SELECT ${COLUMNS} FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ` +
        'ORDER BY seq DESC LIMIT ?) ORDER BY seq';
      return db.prepare<unknown[], StoredAuditRow>(sql).all(...params, query.limit);
    },
    links: (fromSeq, toSeq) => selectLinks.all(fromSeq, toSeq),
    forReceipt: (recordingId, sessionId) => selectForReceipt.all(recordingId, sessionId),
  };
}
