// Schema 1 on a fresh file: the settings table, one value per key.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, removeDatabases, upgradeTo } from './migration-kit';

afterEach(removeDatabases);

describe('migration 1 (settings)', () => {
  it('makes an empty file a library with a settings table that keeps one value per key', () => {
    const { file, db } = databaseAt(0);
    db.close();
    const after = upgradeTo(file, 1);
    after.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('encodePreset', '\"veryfast\"', 'now')").run();
    expect(after.prepare("SELECT value_json FROM settings WHERE key = 'encodePreset'").pluck().get()).toBe('"veryfast"');
    expect(() => after.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('encodePreset', '\"slow\"', 'now')").run()).toThrow(/UNIQUE/);
    after.close();
  });
});
