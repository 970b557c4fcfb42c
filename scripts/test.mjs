// `npm test`: build what the tests exercise (the web shell and renderer, the CLI), make sure the native
// modules match this Node (they may have been rebuilt for Electron by `npm start`), then run every
// Vitest project. The integration project's global setup provisions MinIO, LiveKit and the keyring.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, extra = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...extra });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, ['scripts/build.mjs', 'all']);
run(process.execPath, ['scripts/ensure-native-abi.mjs', 'node']);
run(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)]);
