// Schema 8: evidence beyond the device (docs/evidence.md). Shipped: never edit it (index.ts).
//
// evidence_device   this installation's device id, made once (random) by the migration itself.
// receipt_chains    per destination (endpoint + bucket): the last receipt this device issued there, its
//                   SHA-256 and the audit head it anchored. The next receipt links to it. Kept durably
//                   (synchronous=FULL) in the same transaction that stores the receipt.
// receipts          every receipt issued, with its exact bytes (the object in the bucket is a copy of
//                   them), and the state of its RFC 3161 time-stamp (token bytes, attempts, next try).
//                   Not tied to the recording row: deleting a recording locally must not break the chain.
// delivery_objects.write_sent_at
//                   when the object's final write (PutObject or CompleteMultipartUpload, both sent with
//                   If-None-Match: *) was first sent for its current content, so a 412 after it is known
//                   to be our own object.
import type { Migration } from '../migration';

const SQL = `
  CREATE TABLE evidence_device (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    device_id   TEXT NOT NULL,
    created_at  TEXT NOT NULL
  ) STRICT;
  INSERT INTO evidence_device (id, device_id, created_at)
    VALUES (1, 'dev_' || lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

  CREATE TABLE receipt_chains (
    chain           TEXT PRIMARY KEY NOT NULL,
    seq             INTEGER NOT NULL,
    recording_id    TEXT NOT NULL,
    receipt_sha256  TEXT NOT NULL,
    audit_seq       INTEGER NOT NULL,
    audit_hash      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
  ) STRICT;

  CREATE TABLE receipts (
    recording_id    TEXT PRIMARY KEY NOT NULL,
    chain           TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    receipt_json    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    tsa_url         TEXT,
    tsr_status      TEXT NOT NULL CHECK (tsr_status IN ('none', 'pending', 'delivered', 'failed')),
    tsr_attempts    INTEGER NOT NULL DEFAULT 0,
    tsr_next_at     TEXT,
    tsr_error_json  TEXT,
    tsr_der         BLOB,
    tsr_gen_time    TEXT,
    UNIQUE (chain, seq)
  ) STRICT;
  CREATE INDEX receipts_by_timestamp ON receipts(tsr_status, tsr_next_at);

  ALTER TABLE delivery_objects ADD COLUMN write_sent_at TEXT;
`;

export const migration: Migration = { version: 8, name: 'evidence-receipts', sql: SQL };
