// Schema 5 over a library with recordings: tags and the full-text index, filled from the rows already there.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, insertRecording, removeDatabases, upgradeTo } from './migration-kit';
import { searchIds } from './search-kit';

afterEach(removeDatabases);

describe('migration 5 (library tags and search)', () => {
  it('indexes the recordings made before it, and keeps the index in step with later writes and tags', () => {
    const { file, db } = databaseAt(4);
    insertRecording(db, 'rec_a', { title: 'Pump room leak', createdAt: '2026-01-01T00:00:00.000Z' });
    insertRecording(db, 'rec_b', { title: 'Boiler inspection', participant: 'ada', sourceKind: 'camera', createdAt: '2026-01-02T00:00:00.000Z' });
    db.close();
    const after = upgradeTo(file, 5);
    expect(searchIds(after, 'pump')).toEqual(['rec_a']);
    expect(searchIds(after, 'ada')).toEqual(['rec_b']);
    expect(searchIds(after, 'camera')).toEqual(['rec_b']);
    expect(after.prepare('SELECT recording_id, created_at FROM library_search_docs ORDER BY doc').all()).toEqual([
      { recording_id: 'rec_a', created_at: '2026-01-01T00:00:00.000Z' },
      { recording_id: 'rec_b', created_at: '2026-01-02T00:00:00.000Z' },
    ]);
    // Later writes keep it in step: a new recording, a renamed one, a tag, a deletion.
    insertRecording(after, 'rec_c', { title: 'Valve swap' });
    after.prepare("UPDATE recordings SET title = 'Pump room flood' WHERE id = 'rec_a'").run();
    after.prepare("INSERT INTO recording_tags (recording_id, tag, created_at) VALUES ('rec_c', 'warranty', 'now')").run();
    expect(searchIds(after, 'valve')).toEqual(['rec_c']);
    expect(searchIds(after, 'flood')).toEqual(['rec_a']);
    expect(searchIds(after, 'leak')).toEqual([]);
    expect(searchIds(after, 'warranty')).toEqual(['rec_c']);
    after.prepare("DELETE FROM recordings WHERE id = 'rec_b'").run();
    expect(searchIds(after, 'boiler')).toEqual([]);
    expect(after.prepare('SELECT count(*) FROM library_search_docs').pluck().get()).toBe(2);
    after.close();
  });
});
