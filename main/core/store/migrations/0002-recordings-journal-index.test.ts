// Schema 2 over a library that has settings: the recordings, their segments, chunks and artifacts.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, insertRecording, removeDatabases, upgradeTo } from './migration-kit';

afterEach(removeDatabases);

describe('migration 2 (recordings and the journal index)', () => {
  it('keeps the settings and indexes a recording whose deletion takes its segments, chunks and artifacts along', () => {
    const { file, db } = databaseAt(1);
    db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('minFreeDiskMb', '500', 'then')").run();
    db.close();
    const after = upgradeTo(file, 2);
    expect(after.prepare('SELECT key, value_json, updated_at FROM settings').all()).toEqual([{ key: 'minFreeDiskMb', value_json: '500', updated_at: 'then' }]);
    insertRecording(after, 'rec_a');
    after.prepare("INSERT INTO segments (recording_id, segment, reason, mime, started_at) VALUES ('rec_a', 1, 'start', 'video/webm', 'now')").run();
    after.prepare("INSERT INTO chunks (recording_id, segment, seq, file_offset, length, sha256) VALUES ('rec_a', 1, 0, 0, 10, 'x')").run();
    after.prepare("INSERT INTO artifacts (recording_id, kind, path, bytes, sha256, created_at) VALUES ('rec_a', 'mp4', '/r.mp4', 10, 'y', 'now')").run();
    // A chunk of a segment that does not exist is refused.
    expect(() => after.prepare("INSERT INTO chunks (recording_id, segment, seq, file_offset, length, sha256) VALUES ('rec_a', 2, 0, 0, 1, 'z')").run()).toThrow(/FOREIGN KEY/);
    after.prepare("DELETE FROM recordings WHERE id = 'rec_a'").run();
    for (const table of ['segments', 'chunks', 'artifacts']) expect(after.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    after.close();
  });
});
