#!/usr/bin/env node
// Launcher for the `fieldtape` CLI: runs the bundle that `npm ci` (prepare) and `npm run build` produce.
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'main', 'cli.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('fieldtape: the CLI is not built yet; run `npm run build:main` first.\n');
  process.exit(1);
}
require(bundle);
