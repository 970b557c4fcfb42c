// Schema 4: tenant profiles and the delivery journal. Shipped: never edit it (index.ts).
//
// delivery_parts is the resumable-upload journal: a part counts as uploaded only once its row (number,
// offset, size, SHA-256, ETag) is committed — synchronous=FULL makes that survive power loss — so after a
// crash exactly the parts without a row are sent again. Nothing here is ever a secret: profiles say where a
// secret is (keychain or an environment variable), never what it is.
import type { Migration } from '../migration';

export const migration: Migration = {
  version: 4,
  name: 'profiles-and-delivery',
  sql: `
    CREATE TABLE profiles (
      id           TEXT PRIMARY KEY NOT NULL,
      name         TEXT NOT NULL UNIQUE,
      config_json  TEXT NOT NULL,
      active       INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX profiles_single_active ON profiles(active) WHERE active = 1;

    CREATE TABLE deliveries (
      recording_id     TEXT PRIMARY KEY NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
      profile_id       TEXT NOT NULL,
      mode             TEXT NOT NULL,
      state            TEXT NOT NULL,
      state_json       TEXT NOT NULL,
      attempts         INTEGER NOT NULL DEFAULT 0,
      next_attempt_at  TEXT,
      last_error_json  TEXT,
      lease_owner      TEXT,
      lease_until      TEXT,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL,
      delivered_at     TEXT,
      journal_deleted_at TEXT,
      mp4_evicted_at   TEXT,
      last_used_at     TEXT,
      local_purged_at  TEXT
    ) STRICT;
    CREATE INDEX deliveries_by_state ON deliveries(state, next_attempt_at);

    CREATE TABLE delivery_objects (
      recording_id     TEXT NOT NULL REFERENCES deliveries(recording_id) ON DELETE CASCADE,
      name             TEXT NOT NULL,
      kind             TEXT NOT NULL,
      seq              INTEGER NOT NULL,
      key              TEXT NOT NULL,
      local_path       TEXT NOT NULL,
      bytes            INTEGER,
      sha256           TEXT,
      status           TEXT NOT NULL,
      upload_id        TEXT,
      part_size        INTEGER,
      etag             TEXT,
      checksum_sha256  TEXT,
      delivered_at     TEXT,
      PRIMARY KEY (recording_id, name)
    ) STRICT;

    CREATE TABLE delivery_parts (
      recording_id     TEXT NOT NULL,
      name             TEXT NOT NULL,
      upload_id        TEXT NOT NULL,
      part_number      INTEGER NOT NULL,
      offset           INTEGER NOT NULL,
      size             INTEGER NOT NULL,
      checksum_sha256  TEXT NOT NULL,
      etag             TEXT NOT NULL,
      uploaded_at      TEXT NOT NULL,
      PRIMARY KEY (recording_id, name, upload_id, part_number),
      FOREIGN KEY (recording_id, name) REFERENCES delivery_objects(recording_id, name) ON DELETE CASCADE
    ) STRICT;
  `,
};
