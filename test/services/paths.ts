// Where the test services keep their binaries, data, logs and state. Everything lives under the repo's
// git-ignored .cache/ so a machine builds the Go binaries once and nothing touches the real user's home.
import fs from 'node:fs';
import path from 'node:path';

function findRepoRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'fieldtape') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Could not find the Fieldtape repository (package.json named "fieldtape") above ${start}`);
    dir = parent;
  }
}

export const REPO_ROOT = findRepoRoot(process.env.FIELDTAPE_REPO_ROOT ?? process.cwd());
export const CACHE_DIR = path.join(REPO_ROOT, '.cache');
export const BIN_DIR = path.join(CACHE_DIR, 'bin');
export const LOG_DIR = path.join(CACHE_DIR, 'logs');
export const SERVICES_DIR = path.join(CACHE_DIR, 'services');
export const SERVICES_LOG_DIR = path.join(SERVICES_DIR, 'logs');
export const ENV_FILE = path.join(CACHE_DIR, 'services.env');
export const STATE_FILE = path.join(SERVICES_DIR, 'state.json');
export const LOCK_DIR = path.join(SERVICES_DIR, '.lock');
