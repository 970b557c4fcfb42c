// The only place a BrowserWindow is created. Every security default lives here (Electron's security
// checklist): context isolation, sandbox, no Node in the renderer, web security, no navigation, no
// new windows, and media permissions only for the app's own origin. The main window and the small
// always-on-top recording indicator differ only in their look (SecureWindowLook), never in these defaults.
import path from 'node:path';
import {
  BrowserWindow,
  desktopCapturer,
  shell,
  type BrowserWindowConstructorOptions,
  type DisplayMediaRequestHandlerHandlerRequest,
  type Session,
  type Streams,
  type WebContents,
} from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-origin';

const MEDIA_PERMISSIONS = new Set(['media', 'display-capture', 'fullscreen', 'clipboard-sanitized-write']);

/** What a caller may choose about a window: geometry and chrome, nothing of its webPreferences. */
export type SecureWindowLook = Pick<
  BrowserWindowConstructorOptions,
  | 'width' | 'height' | 'minWidth' | 'minHeight' | 'x' | 'y' | 'title' | 'frame' | 'resizable' | 'movable'
  | 'minimizable' | 'maximizable' | 'fullscreenable' | 'closable' | 'focusable' | 'alwaysOnTop' | 'skipTaskbar'
  | 'hasShadow' | 'backgroundColor'
>;

export interface SecureWindowOptions {
  /** A page of the app's own origin (app://fieldtape/…); anything else is refused. */
  entryUrl?: string;
  look?: SecureWindowLook;
  /** false: the caller shows the window itself (e.g. showInactive, so it takes no focus). */
  showWhenReady?: boolean;
  /**
   * false keeps timers and animation frames running while the window is minimized or hidden: a recording
   * composited on a canvas (screen plus camera bubble) must keep drawing when the user minimizes the app.
   */
  backgroundThrottling?: boolean;
}

const MAIN_WINDOW_LOOK: SecureWindowLook = { width: 1280, height: 800, minWidth: 800, minHeight: 560, title: 'Fieldtape' };

export function createSecureWindow(preloadFile: string, options: SecureWindowOptions = {}): BrowserWindow {
  const entryUrl = options.entryUrl ?? APP_ENTRY_URL;
  if (!isAppUrl(entryUrl)) throw new Error(`refusing to open ${entryUrl} in a Fieldtape window: only app:// pages are loaded`);
  const window = new BrowserWindow({
    ...(options.look ?? MAIN_WINDOW_LOOK),
    show: false,
    webPreferences: {
      // Reviewed (Electronegativity PRELOAD_JS_CHECK): the preload is sandboxed and exposes only the
      // contract's generated functions through contextBridge.
      preload: path.resolve(preloadFile), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would otherwise open links without going through setWindowOpenHandler's review.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A session recording resumes after a renderer reload or crash with no click, and its audio mix
      // needs a running AudioContext (docs/sessions.md, Robustness).
      autoplayPolicy: 'no-user-gesture-required',
      backgroundThrottling: options.backgroundThrottling ?? false,
    },
  });
  lockDownContents(window.webContents);
  if (options.showWhenReady ?? true) window.once('ready-to-show', () => window.show());
  void window.loadURL(entryUrl);
  return window;
}

function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // External documentation links open in the user's browser; nothing opens inside the app.
    // Reviewed (Electronegativity OPEN_EXTERNAL_JS_CHECK): only https: reaches openExternal, never file:,
    // smb: or another app's scheme, which are what make openExternal dangerous.
    if (/^https:\/\//.test(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' };
  });
}

/** Decides what an (already origin-checked) getDisplayMedia call of the app gets. */
export type DisplayMediaChooser = (request: DisplayMediaRequestHandlerHandlerRequest) => Promise<Streams>;

/** Without the app's picker: the primary screen, no system audio. */
export const primaryScreen: DisplayMediaChooser = async () => {
  const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: { width: 0, height: 0 } });
  return sources[0] ? { video: sources[0] } : {};
};

/** Grants camera, microphone and screen capture to the app's own pages only. */
export function installPermissionPolicy(session: Session, chooseDisplayMedia: DisplayMediaChooser = primaryScreen): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const origin = details.requestingUrl ?? contents.getURL();
    callback(MEDIA_PERMISSIONS.has(permission) && isAppUrl(origin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    MEDIA_PERMISSIONS.has(permission) && isAppUrl(requestingOrigin),
  );
  session.setDisplayMediaRequestHandler(
    (request, callback) => {
      if (!isAppUrl(request.securityOrigin ?? request.frame?.url)) {
        callback({});
        return;
      }
      chooseDisplayMedia(request).then(callback, () => callback({}));
    },
    // The app's own picker (capture.sources / capture.select) chooses; macOS's system picker would bypass
    // this handler and with it the user's choice and the system-audio setting.
    { useSystemPicker: false },
  );
}
