import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations/index';
import { openDatabase, schemaVersion } from './database';

const dirs: string[] = [];
function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-db-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
  it('opens in WAL mode with synchronous=FULL and applies every migration', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(schemaVersion(db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    db.close();
  });

  it('numbers migrations 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it.each(MIGRATIONS.map((m) => [m.version, m.name] as const))('migration %i (%s) applies on top of its predecessor', (version) => {
    const file = tempDb();
    const before = openDatabase(file, MIGRATIONS.filter((m) => m.version < version));
    expect(schemaVersion(before)).toBe(version - 1);
    before.close();
    const after = openDatabase(file, MIGRATIONS.filter((m) => m.version <= version));
    expect(schemaVersion(after)).toBe(version);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
  });

  it('rolls a failing migration back completely', () => {
    const file = tempDb();
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (x); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => openDatabase(file, broken)).toThrow();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database from a newer version', () => {
    const file = tempDb();
    const db = openDatabase(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer Fieldtape/);
  });

  it('opens a fresh library while another process holds a write lock on it, as when the app and the CLI create it at once', async () => {
    // Another process made the file and is writing to it in rollback mode, as the first opener of a new
    // library is while it switches the file to WAL. SQLite refuses the switch with SQLITE_BUSY at once,
    // busy timeout or not (CI saw `fieldtape record` fail with "database is locked" this way); opening
    // must wait for the lock instead.
    const file = tempDb();
    const holder = spawn(
      process.execPath,
      ['-e', `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const db = new Database(${JSON.stringify(file)});
db.exec('CREATE TABLE early (x)');
db.exec('BEGIN IMMEDIATE');
db.prepare('INSERT INTO early VALUES (1)').run();
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); }, 600);`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
      holder.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before taking the lock`)));
    });
    let db: ReturnType<typeof openDatabase> | null = null;
    try {
      db = openDatabase(file);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      // What the other process wrote before is still there.
      expect(db.prepare('SELECT count(*) FROM early').pluck().get()).toBe(1);
    } finally {
      db?.close();
      await new Promise((resolve) => (holder.exitCode !== null ? resolve(null) : holder.once('exit', resolve)));
    }
  });
});
