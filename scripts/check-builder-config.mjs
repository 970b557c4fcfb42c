// Validates electron-builder.yml without packaging: loads it the way electron-builder does (merged with
// package.json), runs electron-builder's own schema validation (app-builder-lib/scheme.json), and checks
// that the files it names exist. Exits non-zero on the first problem.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const configFile = path.join(root, 'electron-builder.yml');

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = require('builder-util');
const { version } = require('app-builder-lib/package.json');

try {
  const config = await getConfig(root, configFile, null);
  await validateConfiguration(config, new DebugLogger(false));

  const referenced = [
    config.mac?.entitlements,
    config.mac?.entitlementsInherit,
    ...(config.extraResources ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.from)),
  ].filter(Boolean);
  const missing = referenced.filter((file) => !fs.existsSync(path.join(root, file)));
  if (missing.length > 0) throw new Error(`electron-builder.yml names files that do not exist: ${missing.join(', ')}`);

  console.log(`electron-builder.yml: valid for electron-builder ${version}; referenced files present: ${referenced.join(', ')}`);
} catch (error) {
  console.error(`electron-builder.yml: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
