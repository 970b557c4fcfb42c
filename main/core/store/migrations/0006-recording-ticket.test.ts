// Schema 6 over a library with recordings and tags: the ticket column, and a search index rebuilt with it.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, insertRecording, removeDatabases, upgradeTo } from './migration-kit';
import { searchIds } from './search-kit';

afterEach(removeDatabases);

describe('migration 6 (recording ticket)', () => {
  it('keeps what was searchable, and makes a ticket set afterwards searchable too', () => {
    const { file, db } = databaseAt(5);
    insertRecording(db, 'rec_a', { title: 'Pump room leak' });
    insertRecording(db, 'rec_b', { title: 'Boiler inspection' });
    db.prepare("INSERT INTO recording_tags (recording_id, tag, created_at) VALUES ('rec_b', 'warranty', 'now')").run();
    db.close();
    const after = upgradeTo(file, 6);
    expect(after.prepare('SELECT id, ticket FROM recordings ORDER BY id').all()).toEqual([{ id: 'rec_a', ticket: null }, { id: 'rec_b', ticket: null }]);
    expect(searchIds(after, 'pump')).toEqual(['rec_a']);
    expect(searchIds(after, 'warranty')).toEqual(['rec_b']);
    after.prepare("UPDATE recordings SET ticket = 'INC0012345' WHERE id = 'rec_a'").run();
    expect(searchIds(after, 'INC0012345')).toEqual(['rec_a']);
    expect(searchIds(after, 'ticket:INC0012345')).toEqual(['rec_a']);
    // The rebuilt triggers still follow tags and deletions.
    after.prepare("INSERT INTO recording_tags (recording_id, tag, created_at) VALUES ('rec_a', 'urgent', 'now')").run();
    expect(searchIds(after, 'urgent')).toEqual(['rec_a']);
    after.prepare("DELETE FROM recordings WHERE id = 'rec_a'").run();
    expect(searchIds(after, 'INC0012345')).toEqual([]);
    after.close();
  });
});
