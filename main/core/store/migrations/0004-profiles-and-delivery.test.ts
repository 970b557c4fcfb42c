// Schema 4 over a library with recordings and an audit chain: profiles and the delivery journal.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, insertRecording, removeDatabases, upgradeTo } from './migration-kit';

afterEach(removeDatabases);

describe('migration 4 (profiles and delivery)', () => {
  it('keeps recordings and the audit head, allows one active profile, and journals a delivery with its parts', () => {
    const { file, db } = databaseAt(3);
    insertRecording(db, 'rec_a');
    db.close();
    const after = upgradeTo(file, 4);
    expect(after.prepare('SELECT id FROM recordings').pluck().all()).toEqual(['rec_a']);
    expect(after.prepare('SELECT seq FROM audit_head').pluck().get()).toBe(0);
    const profile = after.prepare("INSERT INTO profiles (id, name, config_json, active, created_at, updated_at) VALUES (?, ?, '{}', ?, 'now', 'now')");
    profile.run('p1', 'acme', 1);
    expect(() => profile.run('p2', 'other', 1)).toThrow(/UNIQUE/);
    profile.run('p2', 'other', 0);
    after.prepare("INSERT INTO deliveries (recording_id, profile_id, mode, state, state_json, created_at, updated_at) VALUES ('rec_a', 'p1', 'post-stop', 'uploading', '{}', 'now', 'now')").run();
    after.prepare("INSERT INTO delivery_objects (recording_id, name, kind, seq, key, local_path, status) VALUES ('rec_a', 'recording.mp4', 'mp4', 1, 'k', '/r.mp4', 'uploading')").run();
    after.prepare("INSERT INTO delivery_parts (recording_id, name, upload_id, part_number, offset, size, checksum_sha256, etag, uploaded_at) VALUES ('rec_a', 'recording.mp4', 'u1', 1, 0, 5242880, 'c', 'e', 'now')").run();
    // Deleting the recording drops its delivery journal with it.
    after.prepare("DELETE FROM recordings WHERE id = 'rec_a'").run();
    for (const table of ['deliveries', 'delivery_objects', 'delivery_parts']) expect(after.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    after.close();
  });
});
