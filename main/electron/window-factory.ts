// The only place a BrowserWindow is created. Every security default lives here (Electron's security
// checklist): context isolation, sandbox, no Node in the renderer, web security, no navigation, no
// new windows, and media permissions only for the app's own origin.
import path from 'node:path';
import { BrowserWindow, desktopCapturer, shell, type Session, type WebContents } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-origin';

const MEDIA_PERMISSIONS = new Set(['media', 'display-capture', 'fullscreen', 'clipboard-sanitized-write']);

export function createSecureWindow(preloadFile: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Fieldtape',
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
    },
  });
  lockDownContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
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

/** Grants camera, microphone and screen capture to the app's own pages only. */
export function installPermissionPolicy(session: Session): void {
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
      // Where the OS has no picker of its own (Windows, Linux/X11), share the primary screen.
      void desktopCapturer.getSources({ types: ['screen'] }).then(
        (sources) => callback(sources[0] ? { video: sources[0] } : {}),
        () => callback({}),
      );
    },
    { useSystemPicker: true },
  );
}
