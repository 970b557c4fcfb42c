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

/** How long a statement waits for another process's lock before SQLITE_BUSY; also the WAL switch's budget. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Puts the library in WAL mode. WAL is a property of the file, so after the first open this only reads
 * it. Switching a fresh file is the one step the busy timeout does not cover: SQLite answers SQLITE_BUSY
 * at once, without waiting, when another process holds a write lock on it — which is exactly what
 * happens when the app and the CLI (or two CLI commands) open a new library at the same moment and the
 * other one is switching it. So the switch is retried, with a short backoff, within the same budget.
 */
function useWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
      if (db.pragma('journal_mode = WAL', { simple: true }) === 'wal') return;
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new AppError('IO_ERROR', 'The library database could not be switched to WAL mode: another process kept it locked for 5 s. Close other Fieldtape windows or commands and try again.');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
  }
}

function isBusy(error: unknown): boolean {
  return typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');
}

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    useWal(db);
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
