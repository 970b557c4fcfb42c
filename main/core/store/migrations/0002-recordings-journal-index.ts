// Schema 2: the recordings and their journal index. Shipped: never edit it; the next change is the next number (index.ts).
import type { Migration } from '../migration';

export const migration: Migration = {
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
};
