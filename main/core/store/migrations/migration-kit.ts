// Test support for the migration tests: a database file made at a given schema version (by the migrations
// up to it, exactly as an install of that version made it), and the upgrade of it to the next version.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, schemaVersion, type Db } from '../database';
import { MIGRATIONS } from './index';

const dirs: string[] = [];

/** Removes the folders the databases were made in (call from afterEach). */
export function removeDatabases(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A new database file at `version`, open; the caller puts rows in it and closes it. */
export function databaseAt(version: number): { file: string; db: Db } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-migration-'));
  dirs.push(dir);
  const file = path.join(dir, 'fieldtape.db');
  const db = openDatabase(file, MIGRATIONS.filter((m) => m.version <= version));
  if (schemaVersion(db) !== version) throw new Error(`made the database at ${schemaVersion(db)}, not ${version}`);
  return { file, db };
}

/** Opens `file` with the migrations up to `version` applied: the upgrade under test. */
export function upgradeTo(file: string, version: number): Db {
  const db = openDatabase(file, MIGRATIONS.filter((m) => m.version <= version));
  if (schemaVersion(db) !== version) throw new Error(`upgraded to ${schemaVersion(db)}, not ${version}`);
  if (db.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error('the upgraded database fails integrity_check');
  if ((db.pragma('foreign_key_check') as unknown[]).length) throw new Error('the upgraded database fails foreign_key_check');
  return db;
}

/** A recordings row as schema 2 has it (later columns take their defaults). */
export function insertRecording(db: Db, id: string, fields: { title?: string; state?: string; createdAt?: string; participant?: string | null; sourceKind?: string } = {}): void {
  db.prepare('INSERT INTO recordings (id, state, state_json, source_json, participant, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    id,
    fields.state ?? 'ready',
    JSON.stringify({ status: fields.state ?? 'ready' }),
    JSON.stringify({ kind: fields.sourceKind ?? 'screen' }),
    fields.participant ?? null,
    fields.title ?? id,
    fields.createdAt ?? '2026-01-01T00:00:00.000Z',
    fields.createdAt ?? '2026-01-01T00:00:00.000Z',
  );
}
