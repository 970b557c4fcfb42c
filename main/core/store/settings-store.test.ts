import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_DEFAULTS } from '../../../shared/domain/settings';
import { openDatabase } from './database';
import { createSettingsStore } from './settings-store';

function setup(managed: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-settings-'));
  const db = openDatabase(path.join(dir, 'db.sqlite'));
  const store = createSettingsStore(db, () => new Date('2026-01-01T00:00:00Z'), (k) => managed.includes(k));
  return { db, store, dir };
}

describe('settings store', () => {
  it('starts from the defaults and persists a change', () => {
    const { db, store } = setup();
    expect(store.get()).toEqual(SETTINGS_DEFAULTS);
    expect(store.set('encodeCrf', 23).encodeCrf).toBe(23);
    expect(store.get().encodeCrf).toBe(23);
    db.close();
  });

  it('rejects an invalid value and keeps the old one', () => {
    const { db, store } = setup();
    expect(() => store.set('encodeCrf', 99)).toThrow(/Invalid value/);
    expect(store.get().encodeCrf).toBe(SETTINGS_DEFAULTS.encodeCrf);
    db.close();
  });

  it('falls back to the default for a corrupted row', () => {
    const { db, store } = setup();
    db.prepare("INSERT INTO settings VALUES ('encodeCrf', '{not json', 'x'), ('displayName', '42', 'x')").run();
    expect(store.get().encodeCrf).toBe(SETTINGS_DEFAULTS.encodeCrf);
    expect(store.get().displayName).toBe(SETTINGS_DEFAULTS.displayName);
    db.close();
  });

  it('refuses to change a key managed by policy', () => {
    const { db, store } = setup(['encodePreset']);
    expect(() => store.set('encodePreset', 'fast')).toThrow(/managed/);
    db.close();
  });
});
