// A window whose renderer process dies (crash, kill, out of memory) is reloaded at once, so a session
// recording resumes (docs/sessions.md, Robustness): sessionStorage belongs to the window's webContents and
// survives the reload, and the engine kept the journal meanwhile. The decision is the pure
// RendererRestartPolicy; a renderer that keeps dying is not reloaded forever: the user is asked.
import { app, dialog, type BrowserWindow } from 'electron';
import { RendererRestartPolicy } from '../core/diagnostics/renderer-restart-policy';
import type { Logger } from '../core/log';

export function reloadWhenRendererDies(window: BrowserWindow, log: Logger, policy = new RendererRestartPolicy()): void {
  window.webContents.on('render-process-gone', (_event, details) => {
    if (window.isDestroyed()) return;
    const decision = policy.decide(details.reason, Date.now());
    log.warn('window renderer gone', { reason: details.reason, exitCode: details.exitCode, action: decision.action });
    if (decision.action === 'reload') {
      window.webContents.reload();
      return;
    }
    if (decision.action !== 'ask') return;
    void dialog
      .showMessageBox(window, { type: 'error', message: 'Fieldtape\'s window stopped', detail: decision.message, buttons: ['Reload', 'Quit'], defaultId: 0, cancelId: 1 })
      .then(({ response }) => {
        if (window.isDestroyed()) return;
        if (response === 0) {
          policy.reset();
          window.webContents.reload();
        } else {
          app.quit();
        }
      });
  });
}
