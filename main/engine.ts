// Composition root: builds every core service from one data directory. The Electron shell, the web
// shell and the CLI each call createEngine and then only adapt its router and events to their transport.
import fs from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../shared/contract';
import { AppError } from '../shared/errors';
import { createAuditLog, type AuditLog } from './core/audit/audit-log';
import { createSettingsStore, type SettingsStore } from './core/store/settings-store';
import { isManagedSetting, loadPolicy, logPolicyState, managedSettingKeys, policyNotice, policyRequiresConsent, policyStatus, withManagedSettings, type PolicyState } from './core/config/policy';
import { enforceCaptureSources } from './core/config/policy-capture';
import { createEventBus, type EventBus } from './core/events';
import { assertFreeSpace, freeBytes } from './core/guards/disk-space';
import { noopSleepBlocker, type SleepBlocker } from './core/guards/sleep-blocker';
import { createRouter, type Dispatch, type Handlers } from './core/ipc/router';
import { openDatabase, type Db } from './core/store/database';
import { createFileLogger, type Logger } from './core/log';
import { resolveFfmpeg, type ResolvedFfmpeg } from './core/media/ffmpeg-locator';
import { createRecordingHandlers } from './core/recording/intake-handlers';
import { createSessionHandlers } from './core/session/session-handlers';
import { enforceSessionConsent, withPolicyConsent } from './core/session/session-consent';
import { createSessionProfileStore } from './core/session/session-profile-store';
import { createCaptureHandlers, type CaptureHost } from './core/capture/capture-host';
import { createRecordingFinalizer } from './core/recording/recording-finalizer';
import { createRecordingService, type RecordingService } from './core/recording/recording-service';
import { createRecordingStore } from './core/store/recording-store';
import { createOwnerLocks } from './core/recording/owner-lock';
import type { RecoveryReport } from './core/recording/recovery-report';
import { createStartupRecovery } from './core/recording/startup-recovery';
import { identify } from './core/process-identity';
import { createProcessProbe } from './core/process-probe';
import { createLibraryHandlers } from './core/library/library-handlers';
import { createLibraryService, type LibraryService } from './core/library/library-service';
import { createDeliveryHandlers } from './core/delivery/delivery-handlers';
import { createEvidenceHandlers } from './core/evidence/evidence-handlers';
import { createDeliveryModule, type DeliveryModule, type DeliveryModuleDeps } from './core/delivery/delivery-module';
import type { DeliveryService } from './core/delivery/delivery-service';
import { tuningFromEnv } from './core/delivery/delivery-tuning';
import { policyProfiles } from './core/config/policy-profiles';
import { withDeliveryHooks } from './core/delivery/recording-hooks';
import { createKeytarSecretStore } from './core/secrets/keychain';
import { APP_VERSION } from './core/version';

export interface EngineOptions {
  dataDir: string;
  host: AppInfo['host'];
  clock?: () => Date;
  /** Mirror the log to stderr. */
  echoLog?: boolean;
  /** The Electron shell passes one backed by powerSaveBlocker; other hosts keep the no-op. */
  sleepBlocker?: SleepBlocker;
  /** IT's policy; by default read from the machine (main/core/config/policy.ts). */
  policy?: PolicyState;
  /** The host's folder dialog for exports (Electron); other hosts export under the data folder. */
  pickFolder?: () => Promise<string | null>;
  /** The host's screen/window picker (Electron's desktopCapturer); other hosts leave it to getDisplayMedia. */
  capture?: CaptureHost;
  /**
   * The host's power events (Electron's powerMonitor): waking from sleep usually means a network again, so
   * the engine pulls waiting deliveries forward. Hosts without one (web shell, CLI) leave it out.
   */
  power?: { onResume(listener: () => void): void };
  /** Delivery overrides (tests, benchmarks); autoStart defaults to true except in the CLI. */
  delivery?: Partial<Pick<DeliveryModuleDeps, 'keychain' | 'tuning' | 'clientFactory' | 'env'>> & { autoStart?: boolean };
}

/** The part of the delivery service that hosts use; the rest (instant-mode plumbing, slots) is the engine's. */
export type Deliveries = Pick<DeliveryService, 'get' | 'list' | 'ensure' | 'artifactDelivery' | 'deliverNow' | 'pendingIds' | 'retryNow' | 'cancel' | 'nudge'>;

export interface Engine {
  readonly dataDir: string;
  readonly db: Db;
  readonly log: Logger;
  readonly settings: SettingsStore;
  readonly events: EventBus;
  readonly audit: AuditLog;
  readonly recordings: RecordingService;
  /** Review: library paging/search, evidence, import/export, and the media source the shells mount. */
  readonly library: LibraryService;
  /** Profiles, deliveries, instant mode and retention (main/core/delivery). */
  readonly delivery: DeliveryModule;
  /** What hosts do with deliveries: read them, run them now, cancel, retry, and nudge the schedule. */
  readonly deliveries: Deliveries;
  /** The IT-managed policy in effect (read once at start). */
  readonly policy: PolicyState;
  readonly dispatch: Dispatch;
  /** The ffmpeg in use (resolved on first need: FFMPEG_PATH → ffmpeg-static → @ffmpeg-installer → PATH). */
  ffmpeg(): ResolvedFfmpeg;
  info(): AppInfo;
  /**
   * Every host's start-up: recovers, once, what a crash or power cut left (startup-recovery.ts). Recordings
   * whose owner is gone are marked interrupted before this returns; the recovery itself runs on and its
   * report (also told as an app.notice) is what the promise resolves to. Later calls return the same one.
   * The first call also tells of an invalid IT policy (app.notice) and starts listening to the host's
   * power events.
   */
  start(): Promise<RecoveryReport>;
  close(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? (() => new Date());
  const dataDir = options.dataDir;
  const recordingsDir = path.join(dataDir, 'recordings');
  ensureWritableDir(dataDir);
  const log = createFileLogger({ file: path.join(dataDir, 'logs', 'fieldtape.log'), clock, echo: options.echoLog });
  const db = openDatabase(path.join(dataDir, 'fieldtape.db'));
  const events = createEventBus((event, message) => log.error('invalid event payload dropped', { event, message }));
  // IT's policy is read once at start; an invalid one applies nothing and is reported (log, doctor, notice).
  const policy = options.policy ?? loadPolicy();
  logPolicyState(log, policy);
  const settings = withManagedSettings(createSettingsStore(db, clock, isManagedSetting(policy)), policy);
  const audit = createAuditLog(db, clock);
  const sleepBlocker = options.sleepBlocker ?? noopSleepBlocker;
  let ffmpeg: ResolvedFfmpeg | null = null;
  const resolveOnce = () => (ffmpeg ??= resolveFfmpeg());
  const minFreeBytes = () => settings.get().minFreeDiskMb * 1_000_000;
  // Who this process is, as written into the owner locks it takes (boot id, pid, start time).
  const probe = createProcessProbe();
  const ownerLocks = createOwnerLocks({
    self: { ...identify(process.pid, probe), app: options.host, command: options.host === 'cli' ? `fieldtape ${process.argv[2] ?? ''}`.trim() : `${options.host} app` },
    probe,
    clock,
  });
  // Notices since start, so a window that connects later still learns what happened at start-up.
  const notices: Array<{ level: 'info' | 'warning' | 'error'; message: string }> = [];
  events.subscribe((event, payload) => {
    if (event !== 'app.notice') return;
    notices.push(payload as (typeof notices)[number]);
    if (notices.length > MAX_NOTICES) notices.shift();
  });

  // One repository per table for the whole engine: every service that reads or writes recordings gets this one.
  const recordingStore = createRecordingStore(db);
  const delivery = createDeliveryModule({
    db,
    recordingStore,
    recordingsDir,
    keychain: options.delivery?.keychain ?? createKeytarSecretStore(),
    env: options.delivery?.env ?? process.env,
    settings: () => settings.get(),
    ffmpegPath: () => resolveOnce().path,
    clock,
    log,
    audit: (type, entry) => audit.append(type, entry),
    auditLog: audit,
    onChange: (snapshot) => events.emit('delivery.updated', snapshot),
    tuning: options.delivery?.tuning ?? tuningFromEnv(process.env),
    policy: policyProfiles(policy),
    ...(options.delivery?.clientFactory ? { clientFactory: options.delivery.clientFactory } : {}),
  });
  // Reading the profiles registers the variables their secrets come from, so no child (ffmpeg) inherits them.
  delivery.profiles.list();

  const recordings = withDeliveryHooks(enforceCaptureSources(createRecordingService({
    store: recordingStore,
    recordingsDir,
    clock,
    log,
    audit: (type, entry) => audit.append(type, entry),
    onChange: (snapshot) => {
      events.emit('recording.updated', snapshot);
      delivery.service.onRecordingChanged(snapshot);
    },
    finalizer: createRecordingFinalizer({ ffmpegPath: () => resolveOnce().path, settings: () => settings.get(), clock, log }),
    finalizeFast: (input) => delivery.instant.finalizeFast(input),
    checkDisk: () => void assertFreeSpace(dataDir, minFreeBytes()),
    freeBytes: () => freeBytes(dataDir),
    diskIsLow: () => {
      try {
        return freeBytes(dataDir) < minFreeBytes();
      } catch {
        return true; // the volume vanished: stop writing to it
      }
    },
    notify: (level, message) => events.emit('app.notice', { level, message }),
    holdAwake: (reason) => sleepBlocker.acquire(reason),
    atomically: (fn) => db.transaction(fn).immediate(),
    ownerLocks,
  }), policy), {
    activeProfileId: () => delivery.profiles.active()?.id ?? null,
    instant: delivery.instant,
    onError: (id, error) => log.warn('instant delivery could not start', { id, error: String(error) }),
  });

  const recovery = createStartupRecovery({ recordings, notify: (notice) => events.emit('app.notice', notice), log });

  const library = createLibraryService({
    db,
    recordingStore,
    dataDir,
    recordingsDir,
    audit,
    recordings,
    ownerLocks,
    beforeRead: () => recovery.noticeOrphans(),
    log,
    clock,
    ffmpegPath: () => resolveOnce().path,
    encode: () => ({ preset: settings.get().encodePreset, crf: settings.get().encodeCrf }),
    freeBytes: () => freeBytes(dataDir),
    onChange: (id) => events.emit('recording.updated', recordings.get(id)),
    onProgress: (progress) => events.emit('library.progress', progress),
    ...(options.pickFolder ? { pickFolder: options.pickFolder } : {}),
  });

  const info = (): AppInfo => ({
    name: 'Fieldtape',
    version: APP_VERSION,
    host: options.host,
    dataDir,
    platform: process.platform,
  });

  const consentRequired = policyRequiresConsent(policy) === true;
  const handlers: Handlers = {
    'app.info': () => info(),
    'app.notices': () => [...notices],
    'settings.get': () => ({ values: settings.get(), managed: managedSettingKeys(policy) }),
    'settings.set': (change) => {
      const values = settings.set(change.key, change.value);
      events.emit('settings.changed', values);
      return { values, managed: managedSettingKeys(policy) };
    },
    'policy.status': () => policyStatus(policy),
    // IT's requireConsent is the engine's rule, whatever the renderer's own session profile says.
    ...createRecordingHandlers(enforceSessionConsent(recordings, { required: consentRequired, audit })),
    ...createDeliveryHandlers(delivery),
    ...createSessionHandlers({
      audit,
      recordings,
      profile: withPolicyConsent(createSessionProfileStore(path.join(dataDir, 'session-profile.json')), consentRequired),
      presence: (room, live) => events.emit('session.presence', { room, live }),
    }),
    ...createLibraryHandlers(library),
    ...createCaptureHandlers(options.capture),
    ...createEvidenceHandlers({ dataDir, clock }),
  };

  if (options.delivery?.autoStart ?? options.host !== 'cli') delivery.start();
  let started = false;
  log.info('engine started', { host: options.host, version: APP_VERSION });
  return {
    dataDir,
    db,
    log,
    settings,
    events,
    audit,
    recordings,
    library,
    delivery,
    deliveries: delivery.service,
    policy,
    dispatch: createRouter(handlers, log),
    ffmpeg: resolveOnce,
    info,
    start() {
      if (!started) {
        started = true;
        // An invalid IT policy applies nothing; every host's user is told (the notice is kept for windows
        // that connect later), and doctor and the log say why.
        const notice = policyNotice(policy);
        if (notice) events.emit('app.notice', notice);
        options.power?.onResume(() => delivery.service.nudge('wake'));
      }
      return recovery.start();
    },
    async close() {
      log.info('engine stopping');
      await recovery.idle();
      await recordings.close();
      await delivery.close();
      db.close();
    },
  };
}

const MAX_NOTICES = 20;

function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    // A recursive mkdir on a read-only disk reports ENOENT; ask the nearest existing folder for the real reason.
    let reason = String((error as NodeJS.ErrnoException).code ?? 'unknown');
    let probe = path.dirname(dir);
    while (reason === 'ENOENT' && !fs.existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
    if (reason === 'ENOENT') {
      try {
        fs.accessSync(probe, fs.constants.W_OK);
      } catch (inner) {
        reason = String((inner as NodeJS.ErrnoException).code ?? reason);
      }
    }
    throw new AppError(
      'IO_ERROR',
      `Fieldtape cannot write to its data folder ${dir} (${reason}). Choose a writable folder with FIELDTAPE_HOME.`,
    );
  }
}
