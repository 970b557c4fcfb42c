// Thin wiring between electron-updater and the pure update machine (main/core/update/update-machine.ts).
// Every decision (when to check, download, verify and restart; whether a version is newer; whether a feed
// is acceptable) is made in main/core/update; this file only performs the effects and feeds
// electron-updater's events, the engine's activity and a periodic tick back in.
//
// Security (issue 17): https feeds only (update-feed.ts, the policy schema); downgrades off in
// electron-updater AND refused by the machine; a downloaded Windows installer is verified against the
// publisher pinned in app-update.yml before anything may run it, and electron-updater's install-on-quit
// stays off until then (macOS: Squirrel.Mac checks the code signature against the running app's).
import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import { autoUpdater, NsisUpdater } from 'electron-updater';
import type { Engine } from '../engine';
import { createActivityTracker } from '../core/update/activity';
import { detectInstallKind } from '../core/update/install-kind';
import { isWithinRollout, readOrCreateInstallId, rolloutBucket } from '../core/update/rollout';
import { resolveUpdateConfig, type UpdateConfig } from '../core/update/update-config';
import { readBundledFeed } from '../core/update/update-feed';
import { APP_VERSION } from '../core/version';
import { initialUpdateState, transition, type UpdateEffect, type UpdateEvent, type UpdateState } from '../core/update/update-machine';

const TICK_MS = 30_000;

export interface Updater {
  /** What the updater is doing (for logs and diagnostics). */
  state(): UpdateState;
  /** A live session began or ended (a restart waits for it too). */
  session(id: string, live: boolean): void;
  stop(): void;
}

export function startUpdater(engine: Engine): Updater {
  const log = engine.log;
  const install = detectInstallKind({
    packaged: app.isPackaged,
    platform: process.platform,
    execPath: process.execPath,
    resourcesPath: process.resourcesPath,
    env: process.env,
    productName: app.getName(),
    exists: (file) => fs.existsSync(file),
    readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null),
  });
  const bundledFile = path.join(process.resourcesPath, 'app-update.yml');
  const config = resolveUpdateConfig({
    policy: engine.policy,
    install,
    bundled: fs.existsSync(bundledFile) ? readBundledFeed(fs.readFileSync(bundledFile, 'utf8')) : null,
    currentVersion: APP_VERSION,
  });
  let state = initialUpdateState(config, Date.now());
  const activity = createActivityTracker();

  if (!config.enabled) {
    log.info('updates off', { reason: config.reason, install, message: config.message });
    return { state: () => state, session: activity.session, stop() {} };
  }

  const verify = configure(config, engine);
  log.info('updates on', { install, channel: config.channel, feed: config.feed?.provider ?? 'bundled', ring: config.ring, restart: config.restart });

  for (const recording of engine.recordings.list(1000)) activity.recording(recording);
  const unsubscribe = engine.events.subscribe((event, payload) => activity.observe(event, payload));

  const perform = (effect: UpdateEffect) => {
    switch (effect.type) {
      case 'log':
        log[effect.level](`updater: ${effect.message}`);
        break;
      // Failures of these arrive as electron-updater 'error' events, which step() handles.
      case 'check':
        void autoUpdater.checkForUpdates().catch(() => undefined);
        break;
      case 'download':
        void autoUpdater.downloadUpdate().catch(() => undefined);
        break;
      case 'verify':
        void verify(effect.file).then(
          (problem) =>
            step(problem === null ? { type: 'verified', version: effect.version, now: Date.now() } : { type: 'verification-failed', version: effect.version, message: problem, now: Date.now() }),
          (error: unknown) => step({ type: 'verification-failed', version: effect.version, message: error instanceof Error ? error.message : String(error), now: Date.now() }),
        );
        break;
      case 'allow-install-on-quit':
        autoUpdater.autoInstallOnAppQuit = true;
        break;
      case 'install':
        // Reached only from 'ready', i.e. after 'verified'. Silent install, then relaunch; the will-quit
        // handler closes the engine first.
        setImmediate(() => autoUpdater.quitAndInstall(true, true));
        break;
    }
  };
  const step = (event: UpdateEvent) => {
    const result = transition(state, event, config);
    if (!result.ok) {
      log.debug('updater: event ignored', { reason: result.reason });
      return;
    }
    state = result.state;
    result.effects.forEach(perform);
  };
  const tick = () => step({ type: 'tick', now: Date.now(), activity: activity.current() });

  const onAvailable = (info: { version: string }) => {
    step({ type: 'update-available', version: info.version, now: Date.now() });
    tick();
  };
  const onNotAvailable = () => step({ type: 'update-not-available', now: Date.now() });
  const onDownloaded = (info: { version: string; downloadedFile: string }) => step({ type: 'downloaded', version: info.version, file: info.downloadedFile, now: Date.now() });
  const onError = (error: Error) => step({ type: 'failed', message: error.message, now: Date.now() });
  autoUpdater.on('update-available', onAvailable);
  autoUpdater.on('update-not-available', onNotAvailable);
  autoUpdater.on('update-downloaded', onDownloaded);
  autoUpdater.on('error', onError);
  const timer = setInterval(tick, TICK_MS);
  timer.unref();

  return {
    state: () => state,
    session: activity.session,
    stop() {
      clearInterval(timer);
      unsubscribe();
      // Only our listeners: electron-updater listens to its own 'error' event too.
      autoUpdater.off('update-available', onAvailable);
      autoUpdater.off('update-not-available', onNotAvailable);
      autoUpdater.off('update-downloaded', onDownloaded);
      autoUpdater.off('error', onError);
    },
  };
}

/** Configures electron-updater; returns the check a downloaded installer must pass (null: verified). */
function configure(config: Extract<UpdateConfig, { enabled: true }>, engine: Engine): (file: string) => Promise<string | null> {
  const log = engine.log;
  autoUpdater.logger = {
    info: (message?: unknown) => log.info(`electron-updater: ${String(message)}`),
    warn: (message?: unknown) => log.warn(`electron-updater: ${String(message)}`),
    error: (message?: unknown) => log.error(`electron-updater: ${String(message)}`),
    debug: (message: string) => log.debug(`electron-updater: ${message}`),
  };
  // The machine decides when to download and when to restart. Install-on-quit is turned on only once the
  // downloaded installer has been verified ('allow-install-on-quit'): electron-updater emits
  // update-downloaded before our own check has run, and a quit in between must not install it.
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.disableWebInstaller = true;
  if (config.feed?.provider === 'generic') {
    autoUpdater.setFeedURL({ provider: 'generic', url: config.feed.url, channel: config.channel });
  } else if (config.feed?.provider === 's3') {
    const { bucket, region, path: feedPath, endpoint } = config.feed;
    autoUpdater.setFeedURL({ provider: 's3', bucket, region, path: feedPath, endpoint, channel: config.channel });
  }
  autoUpdater.channel = config.channel;
  // Setting the channel turns downgrades on in electron-updater: off again, always (the machine refuses
  // an older version too).
  autoUpdater.allowDowngrade = false;
  const bucket = rolloutBucket(readOrCreateInstallId(path.join(engine.dataDir, 'install-id')));
  autoUpdater.isUserWithinRollout = (info: { stagingPercentage?: number }) => isWithinRollout(info.stagingPercentage, bucket, config.ring);

  if (config.verification === 'windows-publisher') {
    if (!(autoUpdater instanceof NsisUpdater)) return async () => 'this copy is not an NSIS install, so its installer signature cannot be checked';
    // electron-updater's Authenticode check (Get-AuthenticodeSignature against the publisher names),
    // made fail-closed: no names, or a check that throws, is a failure, never a pass.
    const authenticode = autoUpdater.verifyUpdateCodeSignature;
    const pinned = config.publisherNames;
    const check = async (names: string[], file: string): Promise<string | null> => {
      if (names.length === 0) return 'no publisher is pinned';
      try {
        return await authenticode(names, file);
      } catch (error) {
        return `the signature check failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    };
    autoUpdater.verifyUpdateCodeSignature = (names: string[], file: string) => check(names.length > 0 ? names : pinned, file);
    // Checked again right before it may be installed: a cached installer from an earlier run is not
    // re-verified by electron-updater (it matches the cache by sha512 only).
    return (file) => check(pinned, file);
  }
  // macOS: Squirrel.Mac (ShipIt) installs only an update whose code signature satisfies the running
  // app's designated requirement; it has already checked that before update-downloaded.
  return async () => null;
}
