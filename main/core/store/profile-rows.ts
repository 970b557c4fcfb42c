// The profiles table's statements (schema: migrations/0004-profiles-and-delivery.ts). A row holds where a
// secret is (keychain or an environment variable), never the secret. Validation, policy and turning rows
// into profiles are the profile store's (main/core/config/profiles.ts).
import type { Db } from './database';

export interface ProfileRow {
  id: string;
  name: string;
  config_json: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ProfileRows {
  all(): ProfileRow[];
  byIdOrName(idOrName: string): ProfileRow | undefined;
  active(): ProfileRow | undefined;
  /** Inserts a profile; when `makeActive` (or when none is active yet) it becomes the only active one. */
  insert(row: { id: string; name: string; configJson: string; at: string }, activate: boolean): void;
  updateConfig(id: string, configJson: string, at: string): void;
  /** Makes `id` the only active profile. */
  activate(id: string, at: string): void;
  remove(id: string): void;
}

export function createProfileRows(db: Db): ProfileRows {
  const selectAll = db.prepare<[], ProfileRow>('SELECT * FROM profiles ORDER BY name');
  const selectOne = db.prepare<[string, string], ProfileRow>('SELECT * FROM profiles WHERE id = ? OR name = ?');
  const selectActive = db.prepare<[], ProfileRow>('SELECT * FROM profiles WHERE active = 1');
  const insert = db.prepare('INSERT INTO profiles (id, name, config_json, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const updateConfig = db.prepare('UPDATE profiles SET config_json = ?, updated_at = ? WHERE id = ?');
  const deactivateAll = db.prepare('UPDATE profiles SET active = 0 WHERE active = 1');
  const activateOne = db.prepare('UPDATE profiles SET active = 1, updated_at = ? WHERE id = ?');
  const deleteOne = db.prepare('DELETE FROM profiles WHERE id = ?');
  // IMMEDIATE: the app and the CLI may add or switch profiles at once; the single-active index must hold.
  const insertTx = db.transaction((row: { id: string; name: string; configJson: string; at: string }, activate: boolean) => {
    const makeActive = activate || !selectActive.get();
    if (makeActive) deactivateAll.run();
    insert.run(row.id, row.name, row.configJson, makeActive ? 1 : 0, row.at, row.at);
  });
  const activateTx = db.transaction((id: string, at: string) => {
    deactivateAll.run();
    activateOne.run(at, id);
  });
  return {
    all: () => selectAll.all(),
    byIdOrName: (idOrName) => selectOne.get(idOrName, idOrName),
    active: () => selectActive.get(),
    insert: (row, activate) => insertTx.immediate(row, activate),
    updateConfig(id, configJson, at) {
      updateConfig.run(configJson, at, id);
    },
    activate: (id, at) => activateTx.immediate(id, at),
    remove(id) {
      deleteOne.run(id);
    },
  };
}
