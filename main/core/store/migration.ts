// One numbered schema change. The runner (database.ts) applies each in its own IMMEDIATE transaction and
// bumps `user_version` with it; the list is migrations/index.ts.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
