// Settings persisted as one row per key. Reads always merge over the defaults and re-validate each
// stored value, so a hand-edited or stale row degrades to the default instead of breaking the app.
import { AppError } from '../../../shared/errors';
import {
  SETTINGS_DEFAULTS,
  SettingsSchema,
  type SettingKey,
  type Settings,
} from '../../../shared/domain/settings';
import type { Db } from './database';

export interface SettingsStore {
  get(): Settings;
  set(key: SettingKey, value: unknown): Settings;
}

export function createSettingsStore(db: Db, clock: () => Date, isManaged: (key: SettingKey) => boolean): SettingsStore {
  const selectAll = db.prepare<[], { key: string; value_json: string }>('SELECT key, value_json FROM settings');
  const upsert = db.prepare(
    `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  );

  function get(): Settings {
    const merged: Record<string, unknown> = { ...SETTINGS_DEFAULTS };
    for (const row of selectAll.all()) {
      if (!(row.key in SETTINGS_DEFAULTS)) continue;
      const field = SettingsSchema.shape[row.key as SettingKey];
      try {
        const parsed = field.safeParse(JSON.parse(row.value_json));
        if (parsed.success) merged[row.key] = parsed.data;
      } catch {
        // unreadable row: keep the default
      }
    }
    return SettingsSchema.parse(merged);
  }

  function set(key: SettingKey, value: unknown): Settings {
    if (isManaged(key)) {
      throw new AppError('MANAGED_BY_POLICY', `"${key}" is managed by your organisation's policy and cannot be changed here.`);
    }
    const parsed = SettingsSchema.shape[key].safeParse(value);
    if (!parsed.success) {
      throw new AppError('INVALID_REQUEST', `Invalid value for ${key}: ${parsed.error.issues[0]?.message ?? 'rejected'}`);
    }
    upsert.run(key, JSON.stringify(parsed.data), clock().toISOString());
    return get();
  }

  return { get, set };
}
