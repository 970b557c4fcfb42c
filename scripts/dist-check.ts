// `npm run dist:check`: everything about distribution that can be verified without the Electron binary
// and the platforms' signing tools. CI runs it through test/integration/dist-check.test.ts.
//
//  1. electron-builder.yml passes electron-builder's own schema validation (app-builder-lib/scheme.json);
//  2. each target has what IT deployment needs (per-machine MSI with the pinned upgrade code, per-user
//     NSIS, DMG + zip with hardened runtime, entitlements and notarization, AppImage + deb, the
//     fieldtape:// protocol, licences and notices, native modules rebuilt and unpacked);
//  3. the Electron fuses are exactly the secure set; the update feed (`publish`, written into
//     app-update.yml) is https and pins a code-signing publisher, and the packaged app-update.yml says so;
//  4. the policy schema accepts docs/sample-policy.json and docs/policy.schema.json is up to date;
//  5. a real `electron-builder --linux dir` run, with a stub in place of the Electron runtime (fuses and
//     the native rebuild need the real binary and are skipped there), produces an app.asar with the
//     engine, renderer and preload, and an app.asar.unpacked with the native modules and ffmpeg.
//
// Flags: --no-package skips step 5; --write-schema regenerates docs/policy.schema.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { policyJsonSchema, validatePolicyDocument } from '../main/core/config/policy-schema';
import { MAC_MANAGED_PREFERENCES } from '../main/core/config/policy-sources';
import { feedUrlProblem, readBundledFeed } from '../main/core/update/update-feed';

export interface Check {
  name: string;
  problems: string[];
  notes: string[];
}

export interface DistCheckOptions {
  root: string;
  /** Run the electron-builder --dir packaging step (default true). */
  package?: boolean;
  writeSchema?: boolean;
  /** Progress lines (default: none). */
  say?: (line: string) => void;
}

/** Never change: every MSI must carry it so a new version upgrades the installed one in place. */
export const MSI_UPGRADE_CODE = 'A97172B9-4356-474B-BE56-48267BA2AAAE';
export const APP_ID = 'app.fieldtape.desktop';

export const EXPECTED_FUSES: Readonly<Record<string, boolean>> = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
  resetAdHocDarwinSignature: true,
};

const MAC_ENTITLEMENTS_REQUIRED = ['com.apple.security.cs.allow-jit', 'com.apple.security.device.camera', 'com.apple.security.device.audio-input'];
const MAC_ENTITLEMENTS_FORBIDDEN = ['com.apple.security.cs.disable-library-validation', 'com.apple.security.cs.allow-unsigned-executable-memory', 'com.apple.security.get-task-allow'];

type TargetList = Array<string | { target: string }> | string | { target: string } | undefined;
interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: unknown;
  asar?: boolean;
  asarUnpack?: string[] | string;
  extraResources?: Array<string | { from: string; to?: string }>;
  protocols?: Array<{ schemes: string[] }> | { schemes: string[] };
  electronFuses?: Record<string, unknown> | null;
  npmRebuild?: boolean;
  directories?: { output?: string; buildResources?: string };
  win?: { target?: TargetList; verifyUpdateCodeSignature?: boolean };
  publish?: unknown;
  msi?: { perMachine?: boolean; upgradeCode?: string | null; runAfterFinish?: boolean };
  nsis?: { perMachine?: boolean; oneClick?: boolean };
  mac?: {
    target?: TargetList;
    hardenedRuntime?: boolean;
    entitlements?: string;
    entitlementsInherit?: string;
    notarize?: boolean;
    extendInfo?: Record<string, unknown>;
  };
  linux?: { target?: TargetList; maintainer?: string | null; executableName?: string };
  [key: string]: unknown;
}

export async function runDistCheck(options: DistCheckOptions): Promise<{ ok: boolean; checks: Check[] }> {
  const { root } = options;
  const say = options.say ?? (() => {});
  const require = createRequire(path.join(root, 'package.json'));
  const checks: Check[] = [];
  const check = async (name: string, fn: (c: Check) => void | Promise<void>) => {
    const c: Check = { name, problems: [], notes: [] };
    say(`- ${name}`);
    try {
      await fn(c);
    } catch (error) {
      c.problems.push(error instanceof Error ? error.message : String(error));
    }
    for (const note of c.notes) say(`    ${note}`);
    for (const problem of c.problems) say(`    PROBLEM: ${problem}`);
    checks.push(c);
  };

  let config: BuilderConfig = {};
  await check('electron-builder.yml: electron-builder schema', async (c) => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig(projectDir: string, configPath: string, overrides: null): Promise<BuilderConfig>;
      validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
    c.notes.push(`valid for electron-builder ${(require('app-builder-lib/package.json') as { version: string }).version}`);
  });

  await check('electron-builder.yml: required fields per target', (c) => checkTargets(config, root, c));
  await check('electron-builder.yml: Electron fuses', (c) => checkFuses(config, c));
  await check('electron-builder.yml: update feed (publish → app-update.yml)', (c) => checkPublish(config, c));
  await check('policy: schema, sample policy, JSON Schema for IT', (c) => checkPolicy(root, options.writeSchema === true, c));
  if (options.package !== false) await check('packaged file list (electron-builder --linux dir)', (c) => checkPackage(root, config, say, c));

  return { ok: checks.every((c) => c.problems.length === 0), checks };
}

function targetsOf(list: TargetList): string[] {
  const items = list === undefined ? [] : Array.isArray(list) ? list : [list];
  return items.map((t) => (typeof t === 'string' ? t : t.target).toLowerCase());
}

function checkTargets(config: BuilderConfig, root: string, c: Check): void {
  const need = (condition: boolean, problem: string) => void (condition || c.problems.push(problem));
  const exists = (file: string | undefined) => file !== undefined && fs.existsSync(path.join(root, file));

  need(config.appId === APP_ID, `appId must stay ${APP_ID}: macOS configuration profiles (${MAC_MANAGED_PREFERENCES}) and installs are keyed on it`);
  need(config.asar === true, 'asar must be true (the onlyLoadAppFromAsar and integrity fuses require it)');
  need(config.npmRebuild !== false, 'npmRebuild must not be false: better-sqlite3 and keytar have to be rebuilt for Electron');
  const files = JSON.stringify(config.files ?? []);
  need(files.includes('dist/**'), 'files must include dist/** (engine, renderer and preload bundles)');
  const unpack = ([] as string[]).concat(config.asarUnpack ?? []);
  need(unpack.some((p) => p.includes('*.node')), 'asarUnpack must cover native modules (**/*.node)');
  need(unpack.some((p) => p.includes('ffmpeg-static')) && unpack.some((p) => p.includes('@ffmpeg-installer')), 'asarUnpack must cover ffmpeg-static and @ffmpeg-installer (an executable cannot run from app.asar)');
  const extra = (config.extraResources ?? []).map((e) => (typeof e === 'string' ? e : e.from));
  for (const required of ['resources/THIRD_PARTY_NOTICES.md', 'resources/LICENSE.txt']) {
    need(extra.includes(required), `extraResources must ship ${required}`);
    need(exists(required), `${required} does not exist`);
  }
  const protocols = Array.isArray(config.protocols) ? config.protocols : config.protocols ? [config.protocols] : [];
  need(protocols.some((p) => p.schemes.includes('fieldtape')), 'protocols must register the fieldtape:// scheme');

  // Windows: MSI per machine for IT, NSIS per user for everyone else.
  const win = targetsOf(config.win?.target);
  need(win.includes('msi') && win.includes('nsis'), `win.target must build msi and nsis (found ${win.join(', ') || 'none'})`);
  need(config.msi?.perMachine === true, 'msi.perMachine must be true (installs for all users under Program Files)');
  need(config.msi?.upgradeCode === MSI_UPGRADE_CODE, `msi.upgradeCode must stay ${MSI_UPGRADE_CODE}; a new code makes a second install instead of an upgrade`);
  need(config.msi?.runAfterFinish === false, 'msi.runAfterFinish must be false (a silent install runs as SYSTEM)');
  need(config.nsis?.perMachine === false, 'nsis.perMachine must be false (the per-user installer needs no admin rights)');

  // macOS: DMG to install, zip for electron-updater; hardened runtime, entitlements, notarization.
  const mac = targetsOf(config.mac?.target);
  need(mac.includes('dmg') && mac.includes('zip'), `mac.target must build dmg and zip (electron-updater needs the zip); found ${mac.join(', ') || 'none'}`);
  need(config.mac?.hardenedRuntime === true, 'mac.hardenedRuntime must be true (notarization requires it)');
  need(config.mac?.notarize !== false, 'mac.notarize must not be false (notarization runs when the APPLE_* variables are set)');
  for (const key of ['entitlements', 'entitlementsInherit'] as const) {
    const file = config.mac?.[key];
    if (!exists(file)) {
      c.problems.push(`mac.${key} must name an existing plist (found ${file ?? 'nothing'})`);
      continue;
    }
    const plist = fs.readFileSync(path.join(root, file!), 'utf8');
    for (const entitlement of MAC_ENTITLEMENTS_REQUIRED) need(hasTrueKey(plist, entitlement), `${file} must grant ${entitlement}`);
    for (const entitlement of MAC_ENTITLEMENTS_FORBIDDEN) need(!plist.includes(`<key>${entitlement}</key>`), `${file} must not grant ${entitlement}`);
  }
  for (const key of ['NSCameraUsageDescription', 'NSMicrophoneUsageDescription']) {
    const text = config.mac?.extendInfo?.[key];
    need(typeof text === 'string' && text.length > 10, `mac.extendInfo.${key} must explain why (macOS shows it in the permission prompt)`);
  }

  // Linux: AppImage (self-updating) and deb (for apt-managed fleets).
  const linux = targetsOf(config.linux?.target);
  need(linux.includes('appimage') && linux.includes('deb'), `linux.target must build AppImage and deb (found ${linux.join(', ') || 'none'})`);
  need(typeof config.linux?.maintainer === 'string' && /<[^>]+@[^>]+>/.test(config.linux.maintainer), 'linux.maintainer must be "Name <email>" (the deb needs it; package.json has no author)');
  need(typeof config.linux?.executableName === 'string', 'linux.executableName must be set (the deb installs /usr/bin/<name>)');
  c.notes.push(`win: ${win.join(', ')}; mac: ${mac.join(', ')}; linux: ${linux.join(', ')}; msi upgrade code ${config.msi?.upgradeCode}`);
}

function hasTrueKey(plist: string, key: string): boolean {
  return new RegExp(`<key>${key.replace(/\./g, '\\.')}</key>\\s*<true\\s*/>`).test(plist);
}

function checkFuses(config: BuilderConfig, c: Check): void {
  const fuses = config.electronFuses ?? null;
  if (fuses === null) {
    c.problems.push('electronFuses is missing: the packaged Electron binary would keep RunAsNode, NODE_OPTIONS and --inspect');
    return;
  }
  for (const [fuse, expected] of Object.entries(EXPECTED_FUSES)) {
    if (fuses[fuse] !== expected) c.problems.push(`electronFuses.${fuse} must be ${expected} (found ${String(fuses[fuse])})`);
  }
  for (const fuse of Object.keys(fuses)) if (!(fuse in EXPECTED_FUSES)) c.problems.push(`electronFuses.${fuse} is not reviewed here: add it to EXPECTED_FUSES in scripts/dist-check.ts`);
  c.notes.push(Object.entries(EXPECTED_FUSES).map(([k, v]) => `${k}=${v}`).join(' '));
}

/** The feed built into every package: https, a pinned publisher, Windows signature verification on. */
export function checkPublish(config: Pick<BuilderConfig, 'publish' | 'win'>, c: Check): void {
  const publish = config.publish;
  if (publish === undefined || publish === null || Array.isArray(publish) || typeof publish !== 'object') {
    c.problems.push('publish must be one object (provider generic, an https url, publisherName): without it no app-update.yml is built and no publisher is pinned');
    return;
  }
  const p = publish as { provider?: unknown; url?: unknown; publisherName?: unknown };
  if (p.provider !== 'generic') c.problems.push(`publish.provider must be generic (found ${String(p.provider)}); IT's policy can point at S3`);
  const urlProblem = typeof p.url === 'string' ? feedUrlProblem(p.url, 'publish.url') : 'publish.url is missing';
  if (urlProblem) c.problems.push(urlProblem);
  const names = Array.isArray(p.publisherName) ? p.publisherName.filter((n): n is string => typeof n === 'string' && n.trim() !== '') : [];
  if (names.length === 0) c.problems.push('publish.publisherName must list the code-signing certificate subject(s): Windows updates are installed only when their signature names one');
  if (config.win?.verifyUpdateCodeSignature === false) c.problems.push('win.verifyUpdateCodeSignature must not be false (updates would install unverified)');
  if (typeof p.url === 'string' && !urlProblem) {
    c.notes.push(`feed ${p.url}${new URL(p.url).hostname.endsWith('.invalid') ? ' (placeholder: updates wait for the policy\'s updates.feed)' : ''}; publisher ${names.join(' | ') || 'none'}`);
  }
}

function checkPolicy(root: string, writeSchema: boolean, c: Check): void {
  const samplePath = path.join(root, 'docs', 'sample-policy.json');
  const sample = validatePolicyDocument(JSON.parse(fs.readFileSync(samplePath, 'utf8')) as unknown);
  if (!sample.ok) c.problems.push(...sample.errors.map((e) => `docs/sample-policy.json: ${e}`));
  else if (sample.warnings.length > 0) c.problems.push(...sample.warnings.map((w) => `docs/sample-policy.json: ${w}`));
  else c.notes.push(`docs/sample-policy.json is valid (${Object.keys(sample.policy).join(', ')})`);

  // The schema must still refuse what it exists to refuse.
  const secret = validatePolicyDocument({ profiles: [{ name: 'x', bucket: 'abc', region: 'eu-west-1', accessKeyId: 'AKIAX', secretAccessKey: 's' }] });
  if (secret.ok) c.problems.push('the policy schema accepted a document with a secret in it');
  const conflicting = validatePolicyDocument({ retention: { failedDays: 1 }, settings: { failedRetentionDays: 2 } });
  if (conflicting.ok) c.problems.push('the policy schema accepted a self-contradicting document');

  const schemaPath = path.join(root, 'docs', 'policy.schema.json');
  const generated = JSON.stringify(policyJsonSchema(), null, 2) + '\n';
  if (writeSchema) {
    fs.writeFileSync(schemaPath, generated);
    c.notes.push('wrote docs/policy.schema.json');
  } else if (!fs.existsSync(schemaPath) || fs.readFileSync(schemaPath, 'utf8') !== generated) {
    c.problems.push('docs/policy.schema.json is out of date with main/core/config/policy-schema.ts: run `npm run dist:check -- --write-schema`');
  } else {
    c.notes.push('docs/policy.schema.json matches the schema');
  }
}

interface AsarModule {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  statFile(archive: string, filename: string, followLinks?: boolean): { unpacked?: boolean; size?: number };
  extractFile(archive: string, filename: string): Buffer;
}

async function checkPackage(root: string, config: BuilderConfig, say: (line: string) => void, c: Check): Promise<void> {
  const require = createRequire(path.join(root, 'package.json'));
  const work = path.join(root, '.cache', 'dist-check');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });

  const built = ['dist/main/electron.cjs', 'dist/main/cli.cjs', 'dist/preload/preload.cjs', 'dist/renderer/index.html'];
  if (!built.every((f) => fs.existsSync(path.join(root, f)))) {
    say('    building first (node scripts/build.mjs all)');
    const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'all'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }

  // Package a snapshot of dist/, so a build running at the same time (a watcher, another test run) cannot
  // change it under electron-builder. The project itself stays the root: electron-builder collects the
  // production dependencies with `npm ls`, which calls everything extraneous under a symlinked node_modules.
  const snapshot = snapshotDist(root, path.join(work, 'dist'));

  // A stand-in for the Electron runtime: the packaging step copies it and renames it, nothing more.
  const stub = path.join(work, 'electron-stub');
  fs.mkdirSync(stub, { recursive: true });
  fs.writeFileSync(path.join(stub, 'electron'), '#!/bin/sh\necho "stub Electron used by dist:check" >&2\nexit 1\n', { mode: 0o755 });
  fs.writeFileSync(path.join(stub, 'chrome-sandbox'), '');
  const { electronFuses: _fuses, ...rest } = config;
  const packConfig = {
    ...rest,
    electronDist: stub,
    npmRebuild: false,
    directories: { ...config.directories, output: path.join(work, 'out') },
    files: [{ from: path.relative(root, snapshot), to: 'dist', filter: ['**/*', '!**/*.map'] }, 'package.json'],
  };
  const configFile = path.join(work, 'electron-builder.json');
  fs.writeFileSync(configFile, JSON.stringify(packConfig, null, 2));
  const cli = require.resolve('electron-builder/cli.js');
  const started = Date.now();
  const r = spawnSync(process.execPath, [cli, '--projectDir', root, '--config', configFile, '--linux', 'dir', '--publish', 'never'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 8 * 60 * 1000,
  });
  if (r.status !== 0) throw new Error(`electron-builder --linux dir failed (exit ${r.status}):\n${(r.stderr || r.stdout).slice(-4000)}`);
  c.notes.push(`electron-builder --linux dir with a stub runtime took ${Math.round((Date.now() - started) / 1000)} s (fuses and native rebuild skipped: they need the real Electron)`);

  const resources = path.join(work, 'out', 'linux-unpacked', 'resources');
  const archive = path.join(resources, 'app.asar');
  if (!fs.existsSync(archive)) throw new Error(`no app.asar at ${archive}`);
  const asar = require('@electron/asar') as AsarModule;
  const listed = new Set(asar.listPackage(archive, { isPack: false }).map((f) => f.replace(/\\/g, '/')));
  const inAsar = (file: string) => listed.has(`/${file}`);
  const unpacked = (file: string) => fs.existsSync(path.join(resources, 'app.asar.unpacked', file));

  const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main?: string };
  if (!pkg.main || !inAsar(pkg.main)) c.problems.push(`package.json "main" (${pkg.main}) is not in app.asar`);
  const required: Array<[string, string]> = [
    ['dist/main/electron.cjs', 'the Electron shell with the engine'],
    ['dist/main/cli.cjs', 'the fieldtape CLI'],
    ['dist/preload/preload.cjs', 'the preload'],
    ['dist/renderer/index.html', 'the renderer'],
  ];
  for (const [file, what] of required) if (!inAsar(file)) c.problems.push(`${what} (${file}) is missing from app.asar`);
  if (inAsar('dist/main/electron.cjs')) {
    const shell = asar.extractFile(archive, 'dist/main/electron.cjs').toString('utf8');
    for (const marker of ['engine started', 'recording.start', 'policy.status']) {
      if (!shell.includes(marker)) c.problems.push(`dist/main/electron.cjs does not contain the engine ("${marker}" not found)`);
    }
  }
  if (inAsar('dist/renderer/index.html')) {
    const html = asar.extractFile(archive, 'dist/renderer/index.html').toString('utf8');
    for (const asset of html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)) {
      if (!inAsar(`dist/renderer/${asset[1]}`)) c.problems.push(`the renderer's ${asset[1]} is missing from app.asar`);
    }
  }
  const maps = [...listed].filter((f) => f.startsWith('/dist/') && f.endsWith('.map'));
  if (maps.length > 0) c.problems.push(`source maps are packaged: ${maps.slice(0, 3).join(', ')}`);
  if (!inAsar('node_modules/electron-updater/package.json')) c.problems.push('electron-updater is missing from the package');

  for (const native of ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/keytar/build/Release/keytar.node']) {
    if (!inAsar(native)) c.problems.push(`${native} is not packaged`);
    else if (!unpacked(native)) c.problems.push(`${native} is inside app.asar, where it cannot be loaded: it must be unpacked`);
  }

  const ffmpegCandidates = [
    `node_modules/@ffmpeg-installer/${process.platform}-${process.arch}/ffmpeg${process.platform === 'win32' ? '.exe' : ''}`,
    `node_modules/ffmpeg-static/ffmpeg${process.platform === 'win32' ? '.exe' : ''}`,
  ];
  const ffmpeg = ffmpegCandidates.filter(unpacked);
  if (ffmpeg.length === 0) c.problems.push(`no ffmpeg executable in app.asar.unpacked (looked for ${ffmpegCandidates.join(', ')})`);
  for (const file of ffmpeg) {
    const mode = fs.statSync(path.join(resources, 'app.asar.unpacked', file)).mode;
    if (process.platform !== 'win32' && (mode & 0o111) === 0) c.problems.push(`${file} is not executable`);
  }
  for (const file of ['LICENSE.txt', 'THIRD_PARTY_NOTICES.md']) if (!fs.existsSync(path.join(resources, file))) c.problems.push(`resources/${file} is missing`);
  // The updater reads this file: it must exist, be https and pin the publisher.
  const appUpdate = path.join(resources, 'app-update.yml');
  if (!fs.existsSync(appUpdate)) c.problems.push('resources/app-update.yml was not built (the publish block is missing or was not applied)');
  else {
    const bundled = readBundledFeed(fs.readFileSync(appUpdate, 'utf8'));
    if (!bundled.ok) c.problems.push(`resources/app-update.yml: ${bundled.problem}`);
    else if (bundled.value.publisherNames.length === 0) c.problems.push('resources/app-update.yml pins no publisherName');
    else c.notes.push(`app-update.yml: ${bundled.value.feed === 'placeholder' ? 'placeholder feed' : JSON.stringify(bundled.value.feed)}, publisher ${bundled.value.publisherNames.join(' | ')}`);
  }

  const size = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? size(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0);
  c.notes.push(
    `app.asar: ${listed.size} entries, ${(fs.statSync(archive).size / 1e6).toFixed(1)} MB; app.asar.unpacked: ${(size(path.join(resources, 'app.asar.unpacked')) / 1e6).toFixed(1)} MB; ` +
      `ffmpeg: ${ffmpeg.join(', ') || 'none'}`,
  );
  fs.rmSync(path.join(work, 'out'), { recursive: true, force: true });
  fs.rmSync(snapshot, { recursive: true, force: true });
}

/** A consistent copy of dist/: every asset index.html names is there. */
function snapshotDist(root: string, target: string): string {
  for (let attempt = 1; ; attempt++) {
    fs.rmSync(target, { recursive: true, force: true });
    try {
      fs.cpSync(path.join(root, 'dist'), target, { recursive: true });
      const html = fs.readFileSync(path.join(target, 'renderer', 'index.html'), 'utf8');
      const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
      if (assets.every((asset) => fs.existsSync(path.join(target, 'renderer', asset)))) return target;
      throw new Error('dist/renderer changed while it was being copied');
    } catch (error) {
      if (attempt >= 5) throw new Error(`could not take a consistent copy of dist/: ${error instanceof Error ? error.message : String(error)}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000); // let the other build finish
    }
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--no-package' && a !== '--write-schema');
  if (unknown.length > 0) {
    process.stderr.write(`dist-check: unknown argument ${unknown[0]}\nUsage: npm run dist:check [-- --no-package] [-- --write-schema]\n`);
    process.exit(64);
  }
  const root = path.resolve(__dirname, '..');
  const result = await runDistCheck({ root, package: !args.includes('--no-package'), writeSchema: args.includes('--write-schema'), say: (l) => console.log(l) });
  const failed = result.checks.filter((c) => c.problems.length > 0);
  console.log(failed.length === 0 ? `dist:check passed (${result.checks.length} checks)` : `dist:check FAILED: ${failed.map((c) => c.name).join('; ')}`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

// Run as a script (`tsx scripts/dist-check.ts`), not when a test imports runDistCheck.
if (process.argv[1] && /dist-check\.ts$/.test(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(`dist:check: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  });
}
