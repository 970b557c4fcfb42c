// The Electron shell's desktop affordances around recording, driven from the engine's events in main:
//   tray icon (idle / recording / paused / uploading) with Start/Stop, the global record shortcut, the
//   always-on-top indicator, and content protection of the app's windows while anything records.
// The recorder itself runs in the renderer, so Start/Stop from the tray or the shortcut reach it as the
// contract event `app.command` ({ command: 'record.toggle' | 'record.start' | 'record.stop' }).
// What to show is decided by the pure ShellStatus (main/core/shell); this file only applies it.
import { app, dialog, powerMonitor, type BrowserWindow } from 'electron';
import type { AppCommand } from '../../shared/contracts/shell';
import type { DeliverySnapshot } from '../../shared/domain/delivery';
import type { RecordingSnapshot } from '../../shared/domain/recording';
import type { Settings } from '../../shared/domain/settings';
import { managedSettingKeys } from '../core/config/policy';
import { ShellStatus, shellViewChanged, type ShellView } from '../core/shell/shell-status';
import type { TrayMenuItem } from '../core/shell/tray-state';
import type { Engine } from '../engine';
import { createContentProtection } from './content-protection';
import { createIndicatorWindow } from './indicator-window';
import { createRecordShortcut } from './record-shortcut';
import { createAppTray } from './tray';

export interface DesktopShellDeps {
  engine: Engine;
  preloadFile: string;
  /** Folder with the tray PNGs (dist/tray, copied from resources/tray by scripts/build.mjs). */
  trayIconDir: string;
  /** The main window if one is open. */
  mainWindow(): BrowserWindow | null;
  /** The main window, brought back (restored, shown, focused) or opened anew. */
  showMainWindow(): BrowserWindow;
  quit(): void;
}

export interface DesktopShell {
  /** Wires a (new) main window: closing it while a recording is live minimizes it instead. */
  adoptMainWindow(window: BrowserWindow): void;
  dispose(): void;
}

export function startDesktopShell(deps: DesktopShellDeps): DesktopShell {
  const { engine } = deps;
  const status = new ShellStatus(() => new Date());
  // Deliveries resumed at start are already running before any event arrives.
  for (const delivery of engine.deliveries.list(200)) status.onDelivery(delivery);
  for (const recording of engine.recordings.list(200)) status.onRecording(recording);

  /**
   * Sends a command to the renderer's recorder once its window has loaded. The shortcut leaves the window
   * where it is (the user is working in another application, perhaps the one being recorded); the tray
   * brings it forward, since Start may need a choice made on the Record screen.
   */
  const command = (name: AppCommand['command'], bringForward: boolean) => {
    const window = bringForward ? deps.showMainWindow() : (deps.mainWindow() ?? deps.showMainWindow());
    const send = () => engine.events.emit('app.command', { command: name });
    if (window.webContents.isLoading()) window.webContents.once('did-finish-load', send);
    else send();
  };
  /** A notice the user must see: held until the main window has loaded, or it would be lost. */
  const notice = (message: { level: 'warning' | 'info'; message: string }) => {
    const window = deps.mainWindow();
    if (window && window.webContents.isLoading()) window.webContents.once('did-finish-load', () => engine.events.emit('app.notice', message));
    else engine.events.emit('app.notice', message);
  };

  let last: ShellView | null = null;
  const protection = createContentProtection();
  const indicator = createIndicatorWindow(deps.preloadFile, engine.log, () => engine.events.emit('app.indicator', status.view().indicator));
  const tray = createAppTray(deps.trayIconDir, (action) => void onTrayAction(action));
  const shortcut = createRecordShortcut({ onPress: () => command('record.toggle', false), notice, log: engine.log });

  async function onTrayAction(action: TrayMenuItem['action']) {
    if (action === 'show') {
      deps.showMainWindow();
    } else if (action === 'quit') {
      if (last?.indicator.visible) {
        const { response } = await dialog.showMessageBox({
          type: 'warning',
          message: 'A recording is still running',
          detail: 'Quitting stops it now. What was recorded is kept and finished the next time Fieldtape starts.',
          buttons: ['Keep recording', 'Quit anyway'],
          defaultId: 0,
          cancelId: 0,
        });
        if (response !== 1) return;
      }
      deps.quit();
    } else {
      command(action, action === 'record.start');
    }
  }

  const apply = () => {
    const view = status.view();
    if (!shellViewChanged(last, view)) return;
    last = view;
    tray.update(view.tray);
    indicator.update(view.indicator);
    protection.apply(view.protectContent);
    engine.events.emit('app.indicator', view.indicator);
  };

  const applyShortcut = (values: Settings) => shortcut.apply(values.recordShortcut, managedSettingKeys(engine.policy).includes('recordShortcut'));
  const unsubscribe = engine.events.subscribe((event, payload) => {
    if (event === 'recording.updated') {
      status.onRecording(payload as RecordingSnapshot);
      apply();
    } else if (event === 'delivery.updated') {
      status.onDelivery(payload as DeliverySnapshot);
      apply();
    } else if (event === 'settings.changed') {
      applyShortcut(payload as Settings);
    }
  });
  apply();
  applyShortcut(engine.settings.get());

  let quitting = false;
  const markQuitting = () => (quitting = true);
  app.on('before-quit', markQuitting);
  powerMonitor.on('shutdown', markQuitting);

  return {
    adoptMainWindow(window) {
      // The recorder runs in this window's renderer: closing it would end a recording the user may have
      // forgotten. It goes to the taskbar/dock instead, and the indicator stays.
      // Windows ends the session without before-quit: a refused close must not hold up logoff or shutdown.
      window.on('session-end', markQuitting);
      window.on('close', (event) => {
        if (quitting || !last?.indicator.visible) return;
        event.preventDefault();
        window.minimize();
        notice({ level: 'info', message: 'Fieldtape keeps recording while its window is minimized. Stop the recording from the tray, the record shortcut or the Record screen.' });
      });
    },
    dispose() {
      app.off('before-quit', markQuitting);
      powerMonitor.off('shutdown', markQuitting);
      unsubscribe();
      shortcut.dispose();
      tray.destroy();
      indicator.dispose();
      protection.dispose();
    },
  };
}
