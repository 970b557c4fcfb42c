// Opens the engine's SQLite database: WAL so readers never block the writer, synchronous=FULL because
// recording and delivery state must survive power loss, and migrations applied in order. A database
// written by a newer Fieldtape is refused rather than silently downgraded.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // The busy timeout first: switching a fresh file to WAL needs a lock that another process opening the
    // same library at that moment may hold, and without a timeout SQLite answers SQLITE_BUSY at once.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: readonly Migration[]): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = schemaVersion(db);
  if (current > latest) {
    throw new AppError(
      'DATABASE_FROM_FUTURE',
      `This library was written by a newer Fieldtape (schema ${current}; this version knows ${latest}). ` +
        'Update Fieldtape, or point FIELDTAPE_HOME at another folder.',
    );
  }
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    // IMMEDIATE takes the write lock up front (waiting out busy_timeout), and the version is re-read
    // inside it: the app and the CLI may open a fresh library at the same moment, and only one of
    // them may apply each migration.
    const apply = db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    });
    apply.immediate();
  }
  return schemaVersion(db);
}
