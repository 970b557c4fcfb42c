import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh FIELDTAPE_HOME for one test; removed by the returned cleanup. */
export function makeTempHome(prefix = 'fieldtape-test-'): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
