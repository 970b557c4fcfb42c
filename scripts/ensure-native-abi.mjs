// better-sqlite3 and keytar are native: built for Node they cannot load in Electron and vice versa.
// `npm start` rebuilds them for Electron; tests and the CLI need them built for Node. This checks that
// they load in the requested runtime and rebuilds them only when they do not.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const target = process.argv[2] ?? 'node';
const modules = ['better-sqlite3', 'keytar'];

if (target === 'node') {
  const broken = modules.filter((name) => {
    try {
      const mod = require(name);
      if (name === 'better-sqlite3') new mod(':memory:').close();
      return false;
    } catch (error) {
      return /NODE_MODULE_VERSION|was compiled against|invalid ELF|cannot open shared object/.test(String(error));
    }
  });
  if (broken.length > 0) {
    console.error(`Rebuilding ${broken.join(', ')} for Node ${process.version} (they were built for another runtime).`);
    const r = spawnSync('npm', ['rebuild', ...broken], { cwd: root, stdio: 'inherit', env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' } });
    process.exit(r.status ?? 1);
  }
} else if (target === 'electron') {
  const r = spawnSync('npx', ['electron-builder', 'install-app-deps'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
