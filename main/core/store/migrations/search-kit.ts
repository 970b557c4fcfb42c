// Test support: which recordings the library's full-text index finds for an FTS5 query.
import type { Db } from '../database';

export function searchIds(db: Db, query: string): string[] {
  return db
    .prepare('SELECT d.recording_id FROM library_search s JOIN library_search_docs d ON d.doc = s.rowid WHERE library_search MATCH ? ORDER BY d.recording_id')
    .pluck()
    .all(query) as string[];
}
