// The small always-on-top "Recording mm:ss" window that stays visible when the main window is minimized or
// hidden. Created through the same secure window factory (sandbox, context isolation, CSP, app:// page), it
// takes no focus and sits in the top-right corner of the primary screen.
//
// It never hides while a recording is live: closing it is refused, a minimize is undone, a crashed renderer
// is reloaded, a destroyed window is recreated, and a watchdog re-shows it every few seconds. The page
// renders the `app.indicator` view main emits (renderer/indicator/indicator.ts).
import { app, screen, type BrowserWindow } from 'electron';
import type { IndicatorView } from '../../shared/contracts/shell';
import type { Logger } from '../core/log';
import { APP_ORIGIN } from './app-origin';
import { createSecureWindow } from './window-factory';

const WIDTH = 210;
const HEIGHT = 36;
const MARGIN = 12;
const WATCHDOG_MS = 3_000;
export const INDICATOR_URL = `${APP_ORIGIN}/indicator.html`;

export interface IndicatorWindow {
  update(view: IndicatorView): void;
  dispose(): void;
}

export function createIndicatorWindow(preloadFile: string, log: Logger, onLoaded: () => void): IndicatorWindow {
  let window: BrowserWindow | null = null;
  let visible = false;
  let quitting = false;
  const markQuitting = () => (quitting = true);
  app.on('before-quit', markQuitting);

  const open = (): BrowserWindow => {
    const area = screen.getPrimaryDisplay().workArea;
    const created = createSecureWindow(preloadFile, {
      entryUrl: INDICATOR_URL,
      showWhenReady: false,
      look: {
        title: 'Fieldtape recording',
        width: WIDTH,
        height: HEIGHT,
        x: area.x + area.width - WIDTH - MARGIN,
        y: area.y + MARGIN,
        frame: false,
        resizable: false,
        minimizable: false,
        maximizable: false,
        fullscreenable: false,
        focusable: false,
        skipTaskbar: true,
        alwaysOnTop: true,
        hasShadow: true,
        backgroundColor: '#1d1d1f',
      },
    });
    // Above full-screen apps and on every desktop/Space, so a presentation or a switched desktop cannot hide it.
    created.setAlwaysOnTop(true, 'screen-saver');
    created.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    created.on('close', (event) => {
      if (visible && !quitting) event.preventDefault();
    });
    created.on('minimize', () => {
      if (visible) created.restore();
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    created.webContents.on('did-finish-load', onLoaded);
    created.webContents.on('render-process-gone', (_event, details) => {
      log.warn('indicator renderer gone', { reason: details.reason });
      if (!created.isDestroyed()) created.webContents.reload();
    });
    created.once('ready-to-show', () => {
      if (visible && !created.isDestroyed()) created.showInactive();
    });
    return created;
  };

  const ensureShown = () => {
    if (!visible) return;
    if (!window || window.isDestroyed()) {
      window = open();
      return; // shown at ready-to-show
    }
    if (window.isMinimized()) window.restore();
    if (!window.isVisible() && !window.webContents.isLoading()) window.showInactive();
  };
  const watchdog = setInterval(ensureShown, WATCHDOG_MS);

  return {
    update(view) {
      visible = view.visible;
      if (visible) {
        ensureShown();
      } else if (window && !window.isDestroyed()) {
        // Nothing live: let it go (its renderer costs memory); the next recording opens a fresh one.
        const closing = window;
        window = null;
        closing.destroy();
      }
    },
    dispose() {
      clearInterval(watchdog);
      app.off('before-quit', markQuitting);
      visible = false;
      if (window && !window.isDestroyed()) window.destroy();
      window = null;
    },
  };
}
