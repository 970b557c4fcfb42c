// Schema 1: settings. Shipped: never edit it; the next change is the next number (index.ts).
import type { Migration } from '../migration';

export const migration: Migration = {
  version: 1,
  name: 'settings',
  sql: `
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY NOT NULL,
        value_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
};
