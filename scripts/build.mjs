// Builds the three bundles: main-side entries (Electron shell, web shell, CLI) and the preload with
// esbuild, the renderer with Vite. Native modules and Electron stay external: they load at run time.
// Plain .mjs (not TypeScript) because npm's `prepare` runs it before any TypeScript runner is trusted.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const what = process.argv[2] ?? 'all';

const external = [
  'electron',
  'better-sqlite3',
  'keytar',
  'ffmpeg-static',
  '@ffmpeg-installer/ffmpeg',
  'electron-updater',
  'bufferutil',
  'utf-8-validate',
];

async function buildMain() {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    external,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await build({
    ...common,
    entryPoints: {
      'main/electron': 'main/electron/main.ts',
      'main/web': 'main/web/index.ts',
      'main/cli': 'main/cli/index.ts',
    },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
  });
  // A sandboxed preload may require only `electron`; everything else is bundled into one file.
  await build({
    ...common,
    entryPoints: { 'preload/preload': 'preload/index.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  });
  // The Electron shell's tray icons ship inside dist/ (electron-builder packages dist/**; resources/ is not).
  fs.cpSync(path.join(root, 'resources', 'tray'), path.join(root, 'dist', 'tray'), { recursive: true });
}

function buildRenderer() {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('renderer build failed');
}

if (what === 'main' || what === 'all') await buildMain();
if (what === 'renderer' || what === 'all') buildRenderer();
