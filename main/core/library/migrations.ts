// Numbered schema migrations. Each runs in its own transaction and bumps `user_version`; they are
// append-only: never edit one that has shipped, add the next number instead.
import { deliveryLocationMigration } from '../delivery/delivery-location-schema';
import { DELIVERY_MIGRATION } from '../delivery/delivery-schema';
import { evidenceMigration } from '../evidence/evidence-schema';
import { libraryMigration } from './library-schema';
import { ticketMigration } from './ticket-schema';
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    sql: `
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY NOT NULL,
        value_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'recordings-journal-index',
    // The chunk journal on disk is the truth; these tables are its index and can be rebuilt from it.
    sql: `
      CREATE TABLE recordings (
        id            TEXT PRIMARY KEY NOT NULL,
        state         TEXT NOT NULL,
        state_json    TEXT NOT NULL,
        source_json   TEXT NOT NULL,
        session_id    TEXT,
        participant   TEXT,
        profile_id    TEXT,
        title         TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        started_at    TEXT,
        stopped_at    TEXT,
        duration_sec  REAL,
        updated_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX recordings_by_state ON recordings(state);
      CREATE INDEX recordings_by_created ON recordings(created_at DESC);
      CREATE INDEX recordings_by_session ON recordings(session_id);

      CREATE TABLE segments (
        recording_id  TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        segment       INTEGER NOT NULL,
        reason        TEXT NOT NULL,
        mime          TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        ended_at      TEXT,
        PRIMARY KEY (recording_id, segment)
      ) STRICT;

      CREATE TABLE chunks (
        recording_id  TEXT NOT NULL,
        segment       INTEGER NOT NULL,
        seq           INTEGER NOT NULL,
        file_offset   INTEGER NOT NULL,
        length        INTEGER NOT NULL,
        sha256        TEXT NOT NULL,
        PRIMARY KEY (recording_id, segment, seq),
        FOREIGN KEY (recording_id, segment) REFERENCES segments(recording_id, segment) ON DELETE CASCADE
      ) STRICT;

      CREATE TABLE artifacts (
        recording_id  TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        kind          TEXT NOT NULL,
        path          TEXT NOT NULL,
        bytes         INTEGER NOT NULL,
        sha256        TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        PRIMARY KEY (recording_id, kind)
      ) STRICT;
    `,
  },
  {
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
  },
  DELIVERY_MIGRATION,
  libraryMigration(5),
  ticketMigration(6),
  deliveryLocationMigration(7),
  evidenceMigration(8),
];
