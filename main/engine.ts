// Composition root: builds every core service from one data directory. The Electron shell, the web
// shell and the CLI each call createEngine and then only adapt its router and events to their transport.
import fs from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../shared/contract';
import { AppError } from '../shared/errors';
import { createSettingsStore, type SettingsStore } from './core/config/settings-store';
import { createEventBus, type EventBus } from './core/events';
import { createRouter, type Dispatch, type Handlers } from './core/ipc/router';
import { openDatabase, type Db } from './core/library/database';
import { createFileLogger, type Logger } from './core/log';
import { APP_VERSION } from './core/version';

export interface EngineOptions {
  dataDir: string;
  host: AppInfo['host'];
  clock?: () => Date;
  /** Mirror the log to stderr. */
  echoLog?: boolean;
}

export interface Engine {
  readonly dataDir: string;
  readonly db: Db;
  readonly log: Logger;
  readonly settings: SettingsStore;
  readonly events: EventBus;
  readonly dispatch: Dispatch;
  info(): AppInfo;
  close(): void;
}

export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? (() => new Date());
  const dataDir = options.dataDir;
  ensureWritableDir(dataDir);
  const log = createFileLogger({ file: path.join(dataDir, 'logs', 'fieldtape.log'), clock, echo: options.echoLog });
  const db = openDatabase(path.join(dataDir, 'fieldtape.db'));
  const events = createEventBus((event, message) => log.error('invalid event payload dropped', { event, message }));
  const settings = createSettingsStore(db, clock, () => false);

  const info = (): AppInfo => ({
    name: 'Fieldtape',
    version: APP_VERSION,
    host: options.host,
    dataDir,
    platform: process.platform,
  });

  const handlers: Handlers = {
    'app.info': () => info(),
    'settings.get': () => ({ values: settings.get(), managed: [] }),
    'settings.set': (change) => {
      const values = settings.set(change.key, change.value);
      events.emit('settings.changed', values);
      return { values, managed: [] };
    },
  };

  log.info('engine started', { host: options.host, version: APP_VERSION });
  return {
    dataDir,
    db,
    log,
    settings,
    events,
    dispatch: createRouter(handlers, log),
    info,
    close() {
      log.info('engine stopping');
      db.close();
    },
  };
}

function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'unknown';
    throw new AppError(
      'IO_ERROR',
      `Fieldtape cannot write to its data folder ${dir} (${reason}). Choose a writable folder with FIELDTAPE_HOME.`,
    );
  }
}
