// Crashes go to the local log: no third-party crash service. Each host installs these first thing, so an
// uncaught exception or unhandled rejection is written (through the redactor) before the process exits.
import path from 'node:path';
import { createFileLogger, silentLogger, type Logger } from '../log';

type ProcessEvents = Pick<NodeJS.Process, 'on' | 'off'>;

export interface CrashHandlerOptions {
  /** The logger to write to, resolved only when something goes wrong. */
  log: () => Logger;
  /** Called after logging a fatal error; the host exits (and may tell the user first). */
  onFatal: (error: unknown, origin: string) => void;
  /**
   * Node's default for an unhandled rejection is to crash (true). The Electron shell keeps running
   * after logging one (false), as Electron does by default.
   */
  rejectionIsFatal: boolean;
  process?: ProcessEvents;
}

export function installCrashHandlers(options: CrashHandlerOptions): () => void {
  const proc = options.process ?? process;
  const write = (message: string, error: unknown, origin: string) => {
    try {
      options.log().error(message, { origin, error: describeError(error) });
    } catch {
      // the log is unwritable: there is nowhere else to put it
    }
  };
  const onException = (error: unknown, origin: string) => {
    write('crash: uncaught exception', error, origin);
    options.onFatal(error, origin);
  };
  const onRejection = (reason: unknown) => {
    write(options.rejectionIsFatal ? 'crash: unhandled promise rejection' : 'unhandled promise rejection', reason, 'unhandledRejection');
    if (options.rejectionIsFatal) options.onFatal(reason, 'unhandledRejection');
  };
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}

export function describeError(error: unknown): { name: string; message: string; stack?: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, stack: error.stack, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: typeof error, message: String(error) };
}

/**
 * The engine's log file (dataDir/logs/fieldtape.log), opened on first use: a host that never crashes
 * never creates it, and a data folder that cannot be written yields a silent logger, not a second crash.
 */
export function lazyCrashLogger(dataDir: () => string): () => Logger {
  let logger: Logger | null = null;
  return () => {
    if (logger) return logger;
    try {
      logger = createFileLogger({ file: path.join(dataDir(), 'logs', 'fieldtape.log') });
    } catch {
      logger = silentLogger;
    }
    return logger;
  };
}
