// `fieldtape doctor --bundle`: one .tar.gz for support with the rotating logs, the doctor report, the
// policy status and a description of the machine. Everything passes through the redactor on the way in
// (registered secrets, secret-shaped values, AWS signatures), including log lines written before the
// redactor knew a secret, and the values of secret-looking environment variables.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redact, registerSecret } from '../secrets/redact';
import { tarGz, type TarEntry } from './tar';

export interface BundleInput {
  dataDir: string;
  /** Where to write: a file path (.tar.gz), or an existing folder to write a dated file into. */
  out: string;
  clock?: () => Date;
  /** JSON reports to include, by file name without extension (doctor, policy, ...). */
  reports: Record<string, unknown>;
  /** Environment whose secret-looking values are redacted too (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** More values to redact (e.g. secrets named by the policy's profiles). */
  secrets?: string[];
}

export interface BundleResult {
  path: string;
  bytes: number;
  files: Array<{ name: string; bytes: number }>;
  /** How many values were replaced with [redacted]. */
  redactions: number;
}

/** Never bundle more than this much of one log file (its end, where the trouble is). */
const MAX_LOG_BYTES = 20 * 1024 * 1024;
const SECRET_ENV_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE_KEY|API_KEY/i;
const MARK = '[redacted]';

export function bundleFileName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
  return `fieldtape-diagnostics-${stamp}.tar.gz`;
}

export function createDiagnosticsBundle(input: BundleInput): BundleResult {
  const now = (input.clock ?? (() => new Date()))();
  const env = input.env ?? process.env;
  for (const [name, value] of Object.entries(env)) if (value && SECRET_ENV_NAME.test(name)) registerSecret(value);
  for (const value of input.secrets ?? []) registerSecret(value);

  const folder = bundleFileName(now).replace(/\.tar\.gz$/, '');
  let redactions = 0;
  const clean = (text: string): string => {
    const out = redact(text);
    redactions += count(out, MARK) - count(text, MARK);
    return out;
  };

  const entries: TarEntry[] = [];
  const add = (name: string, text: string, mtime = now) => entries.push({ name: `${folder}/${name}`, data: Buffer.from(clean(text), 'utf8'), mtime });

  add('README.txt', readme(now));
  add('system.json', JSON.stringify(systemReport(input.dataDir, env), null, 2) + '\n');
  for (const [name, report] of Object.entries(input.reports)) add(`${name}.json`, JSON.stringify(report, null, 2) + '\n');
  for (const log of logFiles(input.dataDir)) add(`logs/${log.name}`, log.text, log.mtime);

  const target = resolveTarget(input.out, now);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const archive = tarGz(entries);
  const partial = `${target}.partial`;
  fs.writeFileSync(partial, archive);
  fs.renameSync(partial, target);
  return {
    path: target,
    bytes: archive.length,
    files: entries.map((e) => ({ name: e.name, bytes: e.data.length })),
    redactions,
  };
}

function resolveTarget(out: string, now: Date): string {
  const resolved = path.resolve(out);
  try {
    if (fs.statSync(resolved).isDirectory()) return path.join(resolved, bundleFileName(now));
  } catch {
    // not there yet: it is the file to write
  }
  return resolved;
}

function logFiles(dataDir: string): Array<{ name: string; text: string; mtime: Date }> {
  const dir = path.join(dataDir, 'logs');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => fs.statSync(path.join(dir, name)).isFile())
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const stat = fs.statSync(file);
      const fd = fs.openSync(file, 'r');
      try {
        const length = Math.min(stat.size, MAX_LOG_BYTES);
        const buffer = Buffer.alloc(length);
        fs.readSync(fd, buffer, 0, length, stat.size - length);
        const text = buffer.toString('utf8');
        return { name, text: length < stat.size ? `[first ${stat.size - length} bytes left out]\n${text}` : text, mtime: stat.mtime };
      } finally {
        fs.closeSync(fd);
      }
    });
}

function systemReport(dataDir: string, env: NodeJS.ProcessEnv) {
  return {
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    osVersion: typeof os.version === 'function' ? os.version() : null,
    versions: { node: process.versions.node, electron: process.versions.electron ?? null },
    cpus: os.cpus().length,
    memoryBytes: os.totalmem(),
    freeMemoryBytes: os.freemem(),
    dataDir,
    freeDiskBytes: freeDisk(dataDir),
    // Which variables that change Fieldtape's behaviour are set; values only for paths.
    environment: Object.fromEntries(
      Object.keys(env)
        .filter((name) => /^(FIELDTAPE_|FFMPEG_PATH$|FFPROBE_PATH$|ELECTRON_|NODE_OPTIONS$)/.test(name))
        .sort()
        .map((name) => [name, /HOME|PATH|FILE|DIR/.test(name) && !SECRET_ENV_NAME.test(name) ? env[name] : 'set']),
    ),
  };
}

function freeDisk(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

function readme(now: Date): string {
  return [
    'Fieldtape diagnostics bundle',
    `Created ${now.toISOString()} by \`fieldtape doctor --bundle\`.`,
    '',
    'system.json   platform, versions, free disk, which Fieldtape variables are set',
    'doctor.json   the ffmpeg/ffprobe check (`fieldtape doctor --json`)',
    'policy.json   the IT-managed policy status: source, errors, what it locks',
    'logs/         the rotating local log (fieldtape.log, then .1, .2, ... older)',
    '',
    'Secrets were replaced with [redacted]: credentials registered by the app, secret-shaped values',
    '(secretAccessKey=..., tokens, passwords, AWS request signatures) and secret environment variables.',
    'No recordings, no database and no keychain contents are included.',
    '',
  ].join('\n');
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
