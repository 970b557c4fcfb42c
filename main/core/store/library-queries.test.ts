// The library schema (tags, FTS search kept in step by triggers) and its paged queries, on real SQLite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database';
import { createLibraryQueries } from './library-queries';
import { MIGRATIONS } from './migrations/index';

const LIBRARY_VERSION = MIGRATIONS.find((m) => m.name === 'library-tags-and-search')!.version;
const dirs: string[] = [];
const dbs: Db[] = [];
function open(migrations = MIGRATIONS): { db: Db; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-lib-'));
  dirs.push(dir);
  const file = path.join(dir, 'test.db');
  const db = openDatabase(file, migrations);
  dbs.push(db);
  return { db, file };
}
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function insert(db: Db, id: string, createdAt: string, fields: { title?: string; participant?: string; state?: string; session?: string } = {}): void {
  const state = fields.state ?? 'ready';
  db.prepare(
    `INSERT INTO recordings (id, state, state_json, source_json, session_id, participant, profile_id, title, created_at, updated_at)
     VALUES (?, ?, ?, '{"kind":"testsrc"}', ?, ?, NULL, ?, ?, ?)`,
  ).run(id, state, JSON.stringify({ status: state, at: createdAt }), fields.session ?? null, fields.participant ?? null, fields.title ?? id, createdAt, createdAt);
}
const page = (db: Db, query: Record<string, unknown> = {}) => createLibraryQueries(db).page({ offset: 0, limit: 50, ...query });

describe('library schema and queries', () => {
  it('indexes recordings that existed before the migration', () => {
    const { db, file } = open(MIGRATIONS.filter((m) => m.version < LIBRARY_VERSION));
    insert(db, 'rec_0000000001', '2026-01-01T00:00:00Z', { title: 'Pump room inspection' });
    db.close();
    const upgraded = openDatabase(file);
    dbs.push(upgraded);
    expect(page(upgraded, { search: 'pump' }).entries.map((e) => e.id)).toEqual(['rec_0000000001']);
  });

  it('pages newest first with a total, filters by state and date, and searches title, participant and tags', () => {
    const { db } = open();
    insert(db, 'rec_0000000001', '2026-01-01T00:00:00Z', { title: 'Boiler check', participant: 'ada@field.example' });
    insert(db, 'rec_0000000002', '2026-02-01T00:00:00Z', { title: 'Valve replacement', state: 'failed' });
    insert(db, 'rec_0000000003', '2026-02-02T00:00:00Z', { title: 'Boiler follow-up', session: 'sess-42' });
    const all = page(db);
    expect(all.total).toBe(3);
    expect(all.entries.map((e) => e.id)).toEqual(['rec_0000000003', 'rec_0000000002', 'rec_0000000001']);
    expect(page(db, { offset: 1, limit: 1 }).entries.map((e) => e.id)).toEqual(['rec_0000000002']);
    expect(page(db, { states: ['failed'] }).entries.map((e) => e.id)).toEqual(['rec_0000000002']);
    expect(page(db, { search: 'boil' }).total).toBe(2);
    expect(page(db, { search: 'boiler 2026-02' }).entries.map((e) => e.id)).toEqual(['rec_0000000003']);
    expect(page(db, { search: 'ada' }).entries.map((e) => e.id)).toEqual(['rec_0000000001']);
    expect(page(db, { search: 'sess' }).entries.map((e) => e.id)).toEqual(['rec_0000000003']);
    expect(page(db, { search: 'testsrc' }).total).toBe(3);

    db.prepare("INSERT INTO recording_tags (recording_id, tag, created_at) VALUES ('rec_0000000002', 'warranty', 'x')").run();
    expect(page(db, { search: 'warr' }).entries.map((e) => e.id)).toEqual(['rec_0000000002']);
    expect(page(db, { search: 'warr' }).entries[0]!.tags).toEqual(['warranty']);
    db.prepare("UPDATE recordings SET title = 'Gasket' WHERE id = 'rec_0000000002'").run();
    expect(page(db, { search: 'valve' }).total).toBe(0);
    expect(page(db, { search: 'gasket warranty' }).total).toBe(1);
    db.prepare("DELETE FROM recording_tags WHERE recording_id = 'rec_0000000002'").run();
    expect(page(db, { search: 'warranty' }).total).toBe(0);
  });

  it('forgets a deleted recording, its tags and its search row', () => {
    const { db } = open();
    insert(db, 'rec_0000000001', '2026-01-01T00:00:00Z', { title: 'Boiler' });
    db.prepare("INSERT INTO recording_tags (recording_id, tag, created_at) VALUES ('rec_0000000001', 'hot', 'x')").run();
    db.prepare("DELETE FROM recordings WHERE id = 'rec_0000000001'").run();
    expect(page(db, { search: 'boiler' }).total).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM library_search').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM library_search_docs').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM recording_tags').get() as { n: number }).n).toBe(0);
  });

  it('reads the delivery state when the delivery tables exist', () => {
    const { db } = open();
    insert(db, 'rec_0000000001', '2026-01-01T00:00:00Z');
    insert(db, 'rec_0000000002', '2026-01-02T00:00:00Z');
    db.prepare(
      "INSERT INTO deliveries (recording_id, profile_id, mode, state, state_json, created_at, updated_at) VALUES ('rec_0000000001', 'prof_x', 'post-stop', 'delivered', '{}', 'x', 'x')",
    ).run();
    expect(page(db).entries.map((e) => e.delivery)).toEqual([null, 'delivered']);
    expect(page(db, { delivery: ['delivered'] }).entries.map((e) => e.id)).toEqual(['rec_0000000001']);
    expect(page(db, { delivery: ['none'] }).entries.map((e) => e.id)).toEqual(['rec_0000000002']);
  });
});
