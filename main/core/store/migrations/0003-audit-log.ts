// Schema 3: the hash-chained audit log. Shipped: never edit it; the next change is the next number (index.ts).
import type { Migration } from '../migration';

export const migration: Migration = {
  version: 3,
  name: 'audit-log',
  // Hash-chained, append-only audit log (main/core/audit). The triggers make the table append-only for
  // every writer that goes through SQLite; they do not stop someone holding the file, which is what the
  // hash chain and the head record are for. audit_head holds the latest (seq, hash), moved in the same
  // transaction as each append, so a removed tail is detected. Insert/head triggers also keep the
  // chain's shape (next seq, prev_hash = head) against application bugs.
  sql: `
      CREATE TABLE audit_events (
        seq           INTEGER PRIMARY KEY,
        at            TEXT NOT NULL,
        type          TEXT NOT NULL,
        recording_id  TEXT,
        session_id    TEXT,
        data_json     TEXT NOT NULL,
        prev_hash     TEXT NOT NULL,
        hash          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_events_by_recording ON audit_events(recording_id, seq);
      CREATE INDEX audit_events_by_session ON audit_events(session_id, seq);

      CREATE TABLE audit_head (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        seq   INTEGER NOT NULL,
        hash  TEXT NOT NULL
      ) STRICT;
      INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
      CREATE TRIGGER audit_events_chain_on_insert BEFORE INSERT ON audit_events
      WHEN NEW.seq IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1)
        OR NEW.prev_hash IS NOT (SELECT hash FROM audit_head WHERE id = 1)
      BEGIN SELECT RAISE(ABORT, 'audit_events: a new event must follow the audit head'); END;

      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
      BEGIN SELECT RAISE(ABORT, 'audit_head cannot be deleted'); END;
      CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
      WHEN NEW.id IS NOT OLD.id
        OR NEW.seq IS NOT OLD.seq + 1
        OR NOT EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.seq AND hash = NEW.hash)
      BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward to the newest event'); END;
    `,
};
