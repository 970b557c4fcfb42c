// The audit log: what happened to which recording and session, append-only and hash-chained in the
// engine's database (schema: migration 3). Each append is one synchronous SQLite transaction that writes
// the event and moves audit_head to it, so the log and its head never disagree after a crash.
//
// NEVER put secrets in `data` (passwords, tokens, keys, signed URLs): audit rows cannot be edited or
// deleted, are copied into diagnostics and shown to whoever verifies the log. Record ids, counts and
// reasons. assertNoSecrets refuses keys named like credentials and values the redactor would mask.
import {
  AuditEventTypeSchema,
  type AuditEvent,
  type AuditEventType,
  type AuditVerification,
} from '../../../shared/domain/audit';
import { AppError } from '../../../shared/errors';
import { createAuditStore, type AuditHead, type StoredAuditRow } from '../store/audit-store';
import type { Db } from '../store/database';
import { canonicalJson, toJsonObject, type JsonObject } from './canonical-json';
import { hashAuditEvent } from './event-hash';
import { assertNoSecrets } from './secret-guard';
import { verifyChain } from './verify-chain';

export interface AuditAppend {
  recordingId?: string | null;
  sessionId?: string | null;
  /** Facts about the event. Never secrets: see the note at the top of this file. */
  data?: Record<string, unknown>;
}

export interface AuditQuery {
  recordingId?: string;
  sessionId?: string;
  /** Keep only the newest `limit` matching events (still returned oldest first). */
  limit?: number;
}

export interface AuditLog {
  /** Appends one event durably (inside a transaction; nests as a savepoint in the caller's). */
  append(type: AuditEventType, input?: AuditAppend): AuditEvent;
  /** Matching events, oldest first. */
  list(query?: AuditQuery): AuditEvent[];
  /** Re-hashes the whole chain and checks it against the head; names the first broken event. */
  verify(): AuditVerification;
  /** The head record (latest seq and hash) as stored. */
  head(): AuditHead;
  /** Seq, hash and prev_hash of every stored event after `fromSeq` up to `toSeq`, oldest first (a receipt's links). */
  links(fromSeq: number, toSeq: number): Array<{ seq: number; hash: string; prevHash: string }>;
  /**
   * What a recording's receipt carries: its own events and, for a session recording, the session's events
   * that belong to no single recording (consent), oldest first, as stored.
   */
  forReceipt(recordingId: string, sessionId: string | null): AuditEvent[];
}

export function createAuditLog(db: Db, clock: () => Date): AuditLog {
  const rows = createAuditStore(db);
  const appendInTransaction = db.transaction((type: AuditEventType, input: AuditAppend, data: JsonObject): AuditEvent => {
    const head = rows.head();
    if (!head) {
      throw new AppError('CORRUPT_DATA', 'The audit log has lost its head record; run `fieldtape audit verify` and report this.');
    }
    const fields = {
      seq: head.seq + 1,
      at: clock().toISOString(),
      type,
      recordingId: input.recordingId ?? null,
      sessionId: input.sessionId ?? null,
      data,
      prevHash: head.hash,
    };
    const hash = hashAuditEvent(fields);
    rows.insert({ seq: fields.seq, at: fields.at, type, recording_id: fields.recordingId, session_id: fields.sessionId, data_json: canonicalJson(data), prev_hash: fields.prevHash, hash });
    rows.moveHead(fields.seq, hash);
    return { ...fields, hash };
  });

  return {
    append(type, input = {}) {
      const parsed = AuditEventTypeSchema.safeParse(type);
      if (!parsed.success) throw new AppError('INVALID_REQUEST', `Unknown audit event type "${String(type)}".`);
      const data = toJsonObject(input.data ?? {});
      assertNoSecrets(data);
      // IMMEDIATE takes the write lock up front, so two processes (app and CLI) never deadlock upgrading.
      return appendInTransaction.immediate(parsed.data, input, data);
    },

    list(query = {}) {
      const limit = query.limit === undefined ? -1 : Math.max(0, Math.floor(query.limit));
      return rows.query({ recordingId: query.recordingId, sessionId: query.sessionId, limit }).map(toEvent);
    },

    verify() {
      // Both reads in one transaction: a concurrent append cannot land between the rows and the head.
      return db.transaction(() => verifyChain(rows.all(), rows.head() ?? null))();
    },

    head() {
      const head = rows.head();
      if (!head) throw new AppError('CORRUPT_DATA', 'The audit log has lost its head record; run `fieldtape audit verify` and report this.');
      return head;
    },

    links(fromSeq, toSeq) {
      return rows.links(fromSeq, toSeq).map((r) => ({ seq: r.seq, hash: r.hash, prevHash: r.prev_hash }));
    },

    forReceipt(recordingId, sessionId) {
      return rows.forReceipt(recordingId, sessionId).map(toEvent);
    },
  };
}

/** Rows are shown as stored; a tampered row still lists (verify is what judges it). */
function toEvent(row: StoredAuditRow): AuditEvent {
  let data: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(row.data_json);
    data = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { unreadable: row.data_json };
  } catch {
    data = { unreadable: row.data_json };
  }
  return {
    seq: row.seq,
    at: row.at,
    type: row.type as AuditEventType,
    recordingId: row.recording_id,
    sessionId: row.session_id,
    data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
