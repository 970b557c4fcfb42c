// Schema 3 over a library with recordings: the hash-chained audit log, append-only from its first event.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, insertRecording, removeDatabases, upgradeTo } from './migration-kit';

afterEach(removeDatabases);

const ZERO = '0'.repeat(64);

describe('migration 3 (audit log)', () => {
  it('keeps the recordings, starts the chain at its zero head, and lets events only follow the head', () => {
    const { file, db } = databaseAt(2);
    insertRecording(db, 'rec_a', { title: 'Pump room' });
    db.close();
    const after = upgradeTo(file, 3);
    expect(after.prepare('SELECT id, title FROM recordings').all()).toEqual([{ id: 'rec_a', title: 'Pump room' }]);
    expect(after.prepare('SELECT seq, hash FROM audit_head').get()).toEqual({ seq: 0, hash: ZERO });
    const append = after.prepare("INSERT INTO audit_events (seq, at, type, recording_id, data_json, prev_hash, hash) VALUES (?, 'now', 'recording.started', 'rec_a', '{}', ?, ?)");
    expect(() => append.run(2, ZERO, 'h1')).toThrow(/must follow the audit head/);
    append.run(1, ZERO, 'h1');
    after.prepare("UPDATE audit_head SET seq = 1, hash = 'h1' WHERE id = 1").run();
    expect(() => after.prepare("UPDATE audit_events SET type = 'edited'").run()).toThrow(/append-only/);
    expect(() => after.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(() => after.prepare(`UPDATE audit_head SET seq = 0, hash = '${ZERO}' WHERE id = 1`).run()).toThrow(/only moves forward/);
    after.close();
  });
});
