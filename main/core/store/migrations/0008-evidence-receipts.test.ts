// Schema 8 over a library with deliveries: this device's id, the receipt chains and receipts, and when an
// object's final write was sent.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, insertRecording, removeDatabases, upgradeTo } from './migration-kit';

afterEach(removeDatabases);

describe('migration 8 (evidence receipts)', () => {
  it('keeps the delivery journal, gives the device one random id, and records receipts apart from recordings', () => {
    const { file, db } = databaseAt(7);
    insertRecording(db, 'rec_a');
    db.prepare("INSERT INTO deliveries (recording_id, profile_id, mode, state, state_json, created_at, updated_at) VALUES ('rec_a', 'p1', 'post-stop', 'delivered', '{}', 'now', 'now')").run();
    db.prepare("INSERT INTO delivery_objects (recording_id, name, kind, seq, key, local_path, status, etag) VALUES ('rec_a', 'recording.mp4', 'mp4', 1, 'k', '/r.mp4', 'delivered', 'e')").run();
    db.close();
    const after = upgradeTo(file, 8);
    expect(after.prepare('SELECT name, status, etag, write_sent_at FROM delivery_objects').all()).toEqual([{ name: 'recording.mp4', status: 'delivered', etag: 'e', write_sent_at: null }]);
    const devices = after.prepare('SELECT device_id FROM evidence_device').pluck().all() as string[];
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatch(/^dev_[0-9a-f]{32}$/);
    // Another library gets another id: it is random, not derived from anything on the machine.
    const other = databaseAt(8);
    expect(other.db.prepare('SELECT device_id FROM evidence_device').pluck().get()).not.toBe(devices[0]);
    other.db.close();
    const receipt = after.prepare("INSERT INTO receipts (recording_id, chain, seq, sha256, receipt_json, created_at, tsr_status) VALUES (?, 'c', ?, 's', '{}', 'now', ?)");
    receipt.run('rec_a', 1, 'pending');
    expect(() => receipt.run('rec_b', 2, 'lost')).toThrow(/CHECK/);
    expect(() => receipt.run('rec_c', 1, 'none')).toThrow(/UNIQUE/);
    // Deleting the recording locally leaves its receipt: the chain must not break.
    after.prepare("DELETE FROM recordings WHERE id = 'rec_a'").run();
    expect(after.prepare('SELECT count(*) FROM receipts').pluck().get()).toBe(1);
    after.close();
  });
});
