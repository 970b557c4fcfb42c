// `npm run bench[:NAME]`: builds, then runs each benchmark (test/bench/NAME.bench.ts) with tsx. Every
// benchmark measures a baseline in the same run and prints ratios; results go to test/bench/results/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] ?? 'all';
const available = fs.readdirSync(path.join(root, 'test', 'bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
const selected = which === 'all' ? available : [which];
for (const name of selected) {
  if (!available.includes(name)) {
    console.error(`No benchmark "${name}". Available: ${available.join(', ')}`);
    process.exit(64);
  }
}
const build = spawnSync(process.execPath, ['scripts/build.mjs', 'all'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
for (const name of selected) {
  console.log(`\n=== bench:${name} ===`);
  const r = spawnSync(process.execPath, [tsx, path.join('test', 'bench', `${name}.bench.ts`)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
