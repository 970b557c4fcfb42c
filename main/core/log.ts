// The local, rotating log. There is no third-party crash service: support asks for this file (via
// `fieldtape doctor --bundle`). Every line passes through the redactor, so a secret that reaches a log
// call by mistake is still never written.
import fs from 'node:fs';
import path from 'node:path';
import { redact } from './secrets/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface FileLoggerOptions {
  file: string;
  maxBytes?: number;
  keep?: number;
  clock?: () => Date;
  /** Also mirror lines to stderr (CLI --verbose, dev). */
  echo?: boolean;
}

export function createFileLogger(options: FileLoggerOptions): Logger {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 3;
  const clock = options.clock ?? (() => new Date());
  fs.mkdirSync(path.dirname(options.file), { recursive: true });

  function rotateIfNeeded(): void {
    let size = 0;
    try {
      size = fs.statSync(options.file).size;
    } catch {
      return;
    }
    if (size < maxBytes) return;
    for (let i = keep - 1; i >= 1; i--) {
      const from = `${options.file}.${i}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${options.file}.${i + 1}`);
    }
    fs.renameSync(options.file, `${options.file}.1`);
  }

  function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    const line = redact(JSON.stringify({ t: clock().toISOString(), level, message, ...fields })) + '\n';
    try {
      rotateIfNeeded();
      fs.appendFileSync(options.file, line);
    } catch {
      // Logging must never take the engine down (e.g. on a full disk); the line is dropped.
    }
    if (options.echo) process.stderr.write(line);
  }

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
