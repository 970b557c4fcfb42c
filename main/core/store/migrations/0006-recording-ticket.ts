// Schema 6: a recording's ticket reference (INC0012345), stored on the recording and searchable.
// FTS5 tables cannot gain a column, so the search index is rebuilt with a `ticket` column and its
// triggers are recreated to keep it in step (the same rules as schema 5, 0005-library-tags-and-search.ts, which stays
// as shipped: migrations are append-only).
import type { Migration } from '../migration';

const SEARCH_COLUMNS = 'title, participant, profile, session, tags, source, ticket';

const searchRowFor = (id: string) => `
  SELECT d.doc, r.title, COALESCE(r.participant, ''), COALESCE(r.profile_id, ''), COALESCE(r.session_id, ''),
         COALESCE((SELECT group_concat(t.tag, ' ') FROM recording_tags t WHERE t.recording_id = r.id), ''),
         COALESCE(json_extract(r.source_json, '$.kind'), ''),
         COALESCE(r.ticket, '')
  FROM recordings r JOIN library_search_docs d ON d.recording_id = r.id
  WHERE r.id = ${id}`;

const refresh = (id: string) => `
  DELETE FROM library_search WHERE rowid = (SELECT doc FROM library_search_docs WHERE recording_id = ${id});
  INSERT INTO library_search (rowid, ${SEARCH_COLUMNS}) ${searchRowFor(id)};`;

const SQL = `
  ALTER TABLE recordings ADD COLUMN ticket TEXT;
  CREATE INDEX recordings_by_ticket ON recordings(ticket) WHERE ticket IS NOT NULL;

  DROP TRIGGER library_search_on_insert;
  DROP TRIGGER library_search_on_update;
  DROP TRIGGER library_search_on_delete;
  DROP TRIGGER library_search_on_tag_insert;
  DROP TRIGGER library_search_on_tag_delete;
  DROP TABLE library_search;

  CREATE VIRTUAL TABLE library_search USING fts5(
    ${SEARCH_COLUMNS},
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  );
  INSERT INTO library_search (rowid, ${SEARCH_COLUMNS})
    SELECT d.doc, r.title, COALESCE(r.participant, ''), COALESCE(r.profile_id, ''), COALESCE(r.session_id, ''),
           COALESCE((SELECT group_concat(t.tag, ' ') FROM recording_tags t WHERE t.recording_id = r.id), ''),
           COALESCE(json_extract(r.source_json, '$.kind'), ''), ''
    FROM recordings r JOIN library_search_docs d ON d.recording_id = r.id;

  CREATE TRIGGER library_search_on_insert AFTER INSERT ON recordings BEGIN
    INSERT INTO library_search_docs (recording_id, created_at) VALUES (NEW.id, NEW.created_at);
    INSERT INTO library_search (rowid, ${SEARCH_COLUMNS}) ${searchRowFor('NEW.id')};
  END;
  CREATE TRIGGER library_search_on_update AFTER UPDATE OF title, participant, profile_id, session_id, ticket ON recordings BEGIN
    ${refresh('NEW.id')}
  END;
  CREATE TRIGGER library_search_on_delete AFTER DELETE ON recordings BEGIN
    DELETE FROM library_search WHERE rowid = (SELECT doc FROM library_search_docs WHERE recording_id = OLD.id);
    DELETE FROM library_search_docs WHERE recording_id = OLD.id;
  END;
  CREATE TRIGGER library_search_on_tag_insert AFTER INSERT ON recording_tags BEGIN
    ${refresh('NEW.recording_id')}
  END;
  CREATE TRIGGER library_search_on_tag_delete AFTER DELETE ON recording_tags BEGIN
    ${refresh('OLD.recording_id')}
  END;
`;

export const migration: Migration = { version: 6, name: 'recording-ticket', sql: SQL };
