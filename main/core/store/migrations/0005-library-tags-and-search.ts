// The library's schema: tags, a full-text index for search, and indexes for paging newest first.
// Schema 5, shipped: never edit it (index.ts).
//
// library_search is an FTS5 table kept in step with recordings and recording_tags by triggers, so every
// writer (the recording service, the CLI, imports) updates it without knowing it exists. Its rowids come
// from library_search_docs (an INTEGER PRIMARY KEY of our own), not from recordings' implicit rowid,
// which VACUUM may renumber on a table whose primary key is TEXT.
import type { Migration } from '../migration';

const SEARCH_COLUMNS = 'title, participant, profile, session, tags, source';

/** The FTS row of one recording (by id expression), with its tags gathered. */
const searchRowFor = (id: string) => `
  SELECT d.doc, r.title, COALESCE(r.participant, ''), COALESCE(r.profile_id, ''), COALESCE(r.session_id, ''),
         COALESCE((SELECT group_concat(t.tag, ' ') FROM recording_tags t WHERE t.recording_id = r.id), ''),
         COALESCE(json_extract(r.source_json, '$.kind'), '')
  FROM recordings r JOIN library_search_docs d ON d.recording_id = r.id
  WHERE r.id = ${id}`;

const refresh = (id: string) => `
  DELETE FROM library_search WHERE rowid = (SELECT doc FROM library_search_docs WHERE recording_id = ${id});
  INSERT INTO library_search (rowid, ${SEARCH_COLUMNS}) ${searchRowFor(id)};`;

const SQL = `
  CREATE TABLE recording_tags (
    recording_id  TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    tag           TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (recording_id, tag)
  ) STRICT;
  CREATE INDEX recording_tags_by_tag ON recording_tags(tag);

  -- Paging newest first, with and without a state filter, straight from an index.
  CREATE INDEX recordings_library_order ON recordings(created_at DESC, id DESC);
  CREATE INDEX recordings_library_state ON recordings(state, created_at DESC, id DESC);

  -- created_at is mirrored here so a search sorts its matches without reading each recording's row.
  CREATE TABLE library_search_docs (
    doc           INTEGER PRIMARY KEY,
    recording_id  TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL
  ) STRICT;
  CREATE VIRTUAL TABLE library_search USING fts5(
    ${SEARCH_COLUMNS},
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  );

  INSERT INTO library_search_docs (recording_id, created_at) SELECT id, created_at FROM recordings ORDER BY created_at, id;
  INSERT INTO library_search (rowid, ${SEARCH_COLUMNS})
    SELECT d.doc, r.title, COALESCE(r.participant, ''), COALESCE(r.profile_id, ''), COALESCE(r.session_id, ''), '',
           COALESCE(json_extract(r.source_json, '$.kind'), '')
    FROM recordings r JOIN library_search_docs d ON d.recording_id = r.id;

  CREATE TRIGGER library_search_on_insert AFTER INSERT ON recordings BEGIN
    INSERT INTO library_search_docs (recording_id, created_at) VALUES (NEW.id, NEW.created_at);
    INSERT INTO library_search (rowid, ${SEARCH_COLUMNS}) ${searchRowFor('NEW.id')};
  END;
  CREATE TRIGGER library_search_on_update AFTER UPDATE OF title, participant, profile_id, session_id ON recordings BEGIN
    ${refresh('NEW.id')}
  END;
  CREATE TRIGGER library_search_on_created AFTER UPDATE OF created_at ON recordings BEGIN
    UPDATE library_search_docs SET created_at = NEW.created_at WHERE recording_id = NEW.id;
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

export const migration: Migration = { version: 5, name: 'library-tags-and-search', sql: SQL };
