// Runs Doyensec's Electronegativity over the Electron-facing sources (main/ and preload/), offline, and
// fails on any HIGH or MEDIUM finding. The tool itself exits 0 whatever it finds, so this script counts.
//
// Why the programmatic API and not the CLI: the tool's SARIF has no severity at all. Its writer
// (src/util/file.js, writeIssues) emits `level: 'note'` when a finding needs manual review and
// `level: 'warning'` otherwise, and the rules carry only `properties.category: "Security"`; severity and
// confidence live on each finding (checks may assign them per finding), not per check. `run()` returns
// those findings in the same order the SARIF writer serialises them, so this script joins them by index
// (checking ruleId, file and line agree), adds `properties.severity` / `confidence` / `manualReview` to
// each SARIF result, rewrites the file, and counts from it. The CLI also swallows parse errors when it
// writes a file (a file that fails to parse is silently not scanned); `run()` returns them, and a
// non-tolerable one fails this script.
//
// main/ and preload/ are scanned together (copied into one staging folder with the root package.json),
// because the global checks judge the whole app: scanned alone, preload/ "lacks" the navigation limits and
// permission handler that live in main/electron. The root package.json gives the tool the Electron version
// the way it expects to find it (devDependencies.electron) and feeds its package.json checks.
//
// The CSP: the app attaches it as a response header inside protocol.handle('app', …)
// (main/electron/app-protocol.ts; the web shell does the same). The tool recognises a CSP only in
// webRequest.onHeadersReceived literals or in an HTML <meta>, so it would report "no CSP" while every
// page the window loads carries one. Rather than silence CSP_GLOBAL_CHECK, the staging folder gets a
// generated HTML file whose <meta> holds the exact string contentSecurityPolicy() returns, so the tool
// evaluates the real policy (weak or missing directives are still reported).
//
// Suppress a reviewed false positive on its own line with `// eng-disable CHECK_ID` (the tool's per-line
// directive) plus a comment saying why; never exclude a whole check here.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = ['main', 'preload'];
// Needs the network to tell which Electron releases fix known CVEs; npm audit covers that offline-safely.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const FAILING = new Set(['HIGH', 'MEDIUM']);
const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
const outDir = path.join(root, '.cache', 'electronegativity');
const stagingDir = path.join(outDir, 'input');
const sarifFile = path.join(outDir, 'electronegativity.sarif');
const CSP_SOURCE = 'main/core/ipc/content-security-policy.ts';
const CSP_PAGE = 'served-csp.generated.html';

// The tool picks its locale from LANG and fetches translations for it (1 s timeout; offline it prints
// "Could not retrieve updated translations", harmlessly). Pin English so descriptions are stable.
process.env.LANG = 'en-US';
const run = require('@doyensec/electronegativity');
const { findElectronVersionFromPackageJson } = require('@doyensec/electronegativity/dist/util/electron_version.js');

function electronVersion() {
  // The same reading the tool does when it finds a package.json in its input: devDependencies.electron,
  // lowest version the range allows. main/ and preload/ have no package.json, so pass it explicitly;
  // without it the tool assumes Electron 0.1.0 and judges every default as insecure.
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const version = findElectronVersionFromPackageJson(pkg);
  if (!version) throw new Error('package.json has no electron version in devDependencies/dependencies');
  return version;
}

/** The tool writes its SARIF with a fire-and-forget fs.writeFile; wait until the whole file is there. */
async function readSarifWhenWritten(file, expectedResults) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const sarif = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (sarif.runs?.[0]?.results?.length === expectedResults) return sarif;
    } catch {
      // not written yet, or written partly
    }
    if (Date.now() > deadline) throw new Error(`electronegativity did not write ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The policy the app serves, from the same function the protocol handler and the web shell call. */
async function servedContentSecurityPolicy() {
  const bundle = await build({
    entryPoints: [path.join(root, CSP_SOURCE)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0].text;
  const { contentSecurityPolicy } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return contentSecurityPolicy();
}

const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

async function stage() {
  fs.rmSync(stagingDir, { recursive: true, force: true });
  fs.mkdirSync(stagingDir, { recursive: true });
  for (const input of INPUTS) fs.cpSync(path.join(root, input), path.join(stagingDir, input), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(stagingDir, 'package.json'));
  const csp = await servedContentSecurityPolicy();
  fs.writeFileSync(
    path.join(stagingDir, CSP_PAGE),
    [
      '<!doctype html>',
      `<!-- Generated by scripts/electronegativity.mjs from ${CSP_SOURCE}: the Content-Security-Policy header that`,
      '     main/electron/app-protocol.ts attaches to every app:// response (and main/web/server.ts to every page). -->',
      `<html><head><meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}"></head><body></body></html>`,
      '',
    ].join('\n'),
  );
}

async function scan(version) {
  fs.rmSync(sarifFile, { force: true });
  const { issues, errors } = await run({
    input: stagingDir,
    output: sarifFile,
    isSarif: true,
    customScan: [],
    excludeFromScan: EXCLUDED_CHECKS,
    isRelative: true,
    isVerbose: true,
    electronVersionOverride: version,
    parserPlugins: [],
  });
  const sarif = await readSarifWhenWritten(sarifFile, issues.length);
  const results = sarif.runs[0].results;
  results.forEach((result, i) => {
    const issue = issues[i];
    // Mirrors writeIssues: "N/A" files become file:///, a missing or 0 line becomes 1.
    const file = issue.file !== 'N/A' ? issue.file : 'file:///';
    const line = issue.location?.line ? issue.location.line : 1;
    const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
    const startLine = result.locations?.[0]?.physicalLocation?.region?.startLine;
    if (result.ruleId !== issue.id || uri !== file || startLine !== line) {
      throw new Error(`SARIF result ${i} (${result.ruleId} ${uri}:${startLine}) does not match finding ${issue.id} ${file}:${line}`);
    }
    result.properties = {
      ...result.properties,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      manualReview: Boolean(issue.manualReview),
    };
  });
  fs.writeFileSync(sarifFile, JSON.stringify(sarif, null, 2));
  return { results, errors };
}

function location(result) {
  const physical = result.locations?.[0]?.physicalLocation;
  const uri = physical?.artifactLocation?.uri ?? '?';
  if (uri === 'file:///') return '(whole app)';
  const file = uri.split(path.sep).join('/');
  const where = `${file}:${physical?.region?.startLine ?? '?'}`;
  return file === CSP_PAGE ? `${where} (the CSP from ${CSP_SOURCE})` : where;
}

async function main() {
  const version = electronVersion();
  await stage();
  console.log(`electronegativity: Electron ${version}; scanning ${INPUTS.join(', ')}; excluding ${EXCLUDED_CHECKS.join(', ')}`);

  const { results, errors } = await scan(version);
  let unparsed = 0;
  for (const error of errors) {
    const where = path.relative(stagingDir, error.file);
    if (error.tolerable) console.log(`  parse warning  ${where}: ${error.message}`);
    else {
      unparsed += 1;
      console.log(`  PARSE ERROR    ${where}: ${error.message} (this file was not scanned)`);
    }
  }

  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  const levels = {};
  let failing = 0;
  for (const result of results) {
    const { severity, confidence, manualReview } = result.properties;
    counts[severity] = (counts[severity] ?? 0) + 1;
    levels[result.level] = (levels[result.level] ?? 0) + 1;
    if (FAILING.has(severity)) failing += 1;
    const tag = `${severity}/${confidence}${manualReview ? ', review' : ''}`;
    console.log(`  ${FAILING.has(severity) ? 'FAIL' : 'info'}  ${result.ruleId} [${tag}] ${location(result)}`);
    console.log(`        ${result.message.text}`);
  }

  const bySeverity = SEVERITIES.map((s) => `${s} ${counts[s]}`).join(', ');
  const byLevel = Object.entries(levels).map(([l, n]) => `${l} ${n}`).join(', ') || 'none';
  console.log(`electronegativity: ${results.length} finding(s): ${bySeverity} (SARIF levels: ${byLevel}); parse errors ${unparsed}`);
  console.log(`electronegativity: SARIF with severities: ${path.relative(root, sarifFile)}`);
  if (failing > 0 || unparsed > 0) {
    console.log(`electronegativity: FAILED: ${failing} HIGH/MEDIUM finding(s), ${unparsed} file(s) not scanned`);
    process.exitCode = 1;
  } else {
    console.log('electronegativity: passed (no HIGH or MEDIUM findings)');
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
