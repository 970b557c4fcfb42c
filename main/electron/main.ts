// The Electron shell: a thin adapter around the engine. It owns windows, the app:// protocol, the
// single-instance lock and fieldtape:// deep links; every capability comes from main/core.
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, dialog, powerMonitor, powerSaveBlocker, session } from 'electron';
import { parseDeepLink } from '../../shared/deep-link';
import { resolveDataDir } from '../core/config/data-dir';
import { loadPolicy, policyNotice } from '../core/config/policy';
import { installCrashHandlers, lazyCrashLogger } from '../core/diagnostics/crash-handlers';
import { createRefCountedSleepBlocker } from '../core/guards/sleep-blocker';
import { SourceChoices } from '../core/capture/source-choices';
import { systemAudioSupport } from '../core/shell/platform-support';
import { createEngine, type Engine } from '../engine';
import { handleAppProtocol, registerAppSchemePrivileges } from './app-protocol';
import { runDoctorIfAsked } from './doctor-mode';
import { reloadWhenRendererDies } from './renderer-recovery';
import { bridgeEngineToIpc } from './ipc-bridge';
import { chooseDisplayMedia, createDesktopCaptureHost } from './display-media';
import { startDesktopShell, type DesktopShell } from './desktop-shell';
import { startUpdater, type Updater } from './updater';
import { createSecureWindow, installPermissionPolicy } from './window-factory';

const DEEP_LINK_SCHEME = 'fieldtape';
const distDir = path.join(__dirname, '..');
const preloadFile = path.join(distDir, 'preload', 'preload.cjs');

// Crashes go to the local rotating log (there is no crash service); the engine's logger may not exist yet.
installCrashHandlers({
  log: lazyCrashLogger(() => resolveDataDir()),
  rejectionIsFatal: false,
  onFatal: (error) => {
    dialog.showErrorBox(
      'Fieldtape stopped unexpectedly',
      `${error instanceof Error ? error.message : String(error)}\n\nThe details are in Fieldtape's log; \`Fieldtape --doctor --bundle\` packages it for support.`,
    );
    app.exit(1);
  },
});

registerAppSchemePrivileges();
app.enableSandbox();

if (runDoctorIfAsked()) {
  // `Fieldtape --doctor [--bundle [PATH]]`: the CLI's doctor, then exit (no window, no library).
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Reviewed (Electronegativity PROTOCOL_HANDLER_JS_CHECK): every fieldtape:// link, from argv,
  // second-instance or open-url, goes through parseDeepLink, which accepts only the join/open shapes.
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(process.argv[1])]); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  }
  let engine: Engine | null = null;
  let updater: Updater | null = null;
  let mainWindow: BrowserWindow | null = null;
  let desktopShell: DesktopShell | null = null;
  let pendingLink: string | null = process.argv.find((arg) => arg.startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;

  // Every main window, the first and one reopened from the dock (macOS), gets the same wiring.
  const openMainWindow = (owner: Engine): BrowserWindow => {
    const window = createSecureWindow(preloadFile);
    reloadWhenRendererDies(window, owner.log);
    desktopShell?.adoptMainWindow(window);
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    return window;
  };

  const routeDeepLink = (raw: string) => {
    const parsed = parseDeepLink(raw);
    if (!parsed.ok) {
      engine?.log.warn('deep link refused', { reason: parsed.message });
      if (mainWindow) void dialog.showMessageBox(mainWindow, { type: 'warning', message: 'Fieldtape cannot open this link', detail: parsed.message });
      return;
    }
    engine?.events.emit('link.opened', parsed.link);
  };

  app.on('second-instance', (_event, argv) => {
    const link = argv.find((arg) => arg.startsWith(`${DEEP_LINK_SCHEME}:`));
    if (link) routeDeepLink(link);
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('render-process-gone', (_event, contents, details) => {
    engine?.log.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode, url: contents.getURL() });
  });
  app.on('child-process-gone', (_event, details) => {
    engine?.log.error('child process gone', { type: details.type, reason: details.reason, exitCode: details.exitCode, name: details.name });
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (app.isReady()) routeDeepLink(url);
    else pendingLink = url;
  });

  app.whenReady().then(() => {
    // Which screen or window each app window's next getDisplayMedia gets (the in-app picker's choice).
    const capture = { choices: new SourceChoices({ clock: () => new Date() }), systemAudio: systemAudioSupport(process.platform, os.release()) };
    engine = createEngine({
      dataDir: resolveDataDir(),
      host: 'electron',
      // An installed app reads only the machine's own policy locations (never FIELDTAPE_POLICY_FILE).
      policy: loadPolicy({ packaged: app.isPackaged }),
      sleepBlocker: createRefCountedSleepBlocker({
        start: () => powerSaveBlocker.start('prevent-app-suspension'),
        stop: (id: number) => powerSaveBlocker.stop(id),
      }),
      pickFolder: async () => {
        const options = { title: 'Export to folder', properties: ['openDirectory' as const, 'createDirectory' as const] };
        const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      power: { onResume: (listener) => powerMonitor.on('resume', listener) },
      // The engine (and its log) does not exist yet while it is being built.
      capture: createDesktopCaptureHost({ ...capture, log: { warn: (message, fields) => engine?.log.warn(message, fields) } }),
    });
    const started = engine;
    // What a crash left is marked interrupted now and recovered in the background (engine.start()).
    void started.start();
    handleAppProtocol(path.join(distDir, 'renderer'), { source: started.library.media, log: started.log });
    installPermissionPolicy(session.defaultSession, chooseDisplayMedia({ ...capture, log: started.log }));
    bridgeEngineToIpc(engine);
    mainWindow = openMainWindow(started);
    // Tray, record shortcut, always-on-top indicator and content protection, driven from engine events.
    desktopShell = startDesktopShell({
      engine: started,
      preloadFile,
      trayIconDir: path.join(distDir, 'tray'),
      mainWindow: () => mainWindow,
      showMainWindow: () => {
        mainWindow ??= openMainWindow(started);
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.show();
        mainWindow.focus();
        return mainWindow;
      },
      quit: () => app.quit(),
    });
    desktopShell.adoptMainWindow(mainWindow);
    // An invalid IT policy applies nothing: the engine's start told the windows (app.notice); the desktop
    // app also says so in a dialog, at once.
    const notice = policyNotice(started.policy);
    if (notice) void dialog.showMessageBox(mainWindow, { type: 'warning', message: 'Your organisation\'s Fieldtape policy was not applied', detail: notice.message });
    updater = startUpdater(started);
    if (pendingLink) {
      const link = pendingLink;
      pendingLink = null;
      mainWindow.webContents.once('did-finish-load', () => routeDeepLink(link));
    }
  }, (error: unknown) => {
    dialog.showErrorBox('Fieldtape could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && engine) {
      mainWindow = openMainWindow(engine);
    }
  });
  // On quit, open segments are made durable; anything still live is finalized by recovery next start.
  let closing = false;
  app.on('will-quit', (event) => {
    if (!engine || closing) return;
    closing = true;
    event.preventDefault();
    updater?.stop();
    desktopShell?.dispose();
    void engine.close().finally(() => app.quit());
  });
}
