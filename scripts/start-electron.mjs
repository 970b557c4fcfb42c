// `npm start`: launch the desktop app from the fresh build. Native modules are rebuilt for Electron's ABI
// first (`npm test` rebuilds them for Node again when it needs to).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
let electronBinary;
try {
  electronBinary = require('electron');
} catch {
  electronBinary = null;
}
if (typeof electronBinary !== 'string' || !fs.existsSync(electronBinary)) {
  console.error(
    'The Electron runtime is not installed (it was skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or could not be downloaded).\n' +
      'Install it with `npm rebuild electron` on a machine that can reach the Electron download host,\n' +
      'or use the web shell instead: `npm run start:web`.',
  );
  process.exit(1);
}
const rebuilt = spawnSync(process.execPath, ['scripts/ensure-native-abi.mjs', 'electron'], { cwd: root, stdio: 'inherit' });
if (rebuilt.status !== 0) process.exit(rebuilt.status ?? 1);
const child = spawn(electronBinary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
