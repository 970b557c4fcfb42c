// While anything records, the app's own windows are kept out of screen captures where the OS allows it
// (BrowserWindow.setContentProtection: Windows 10 2004+ removes them from captures, macOS hides them from
// most capturers). Linux has no such facility: there the windows stay capturable, as docs/app.md says.
import { app, BrowserWindow } from 'electron';
import { contentProtectionSupported } from '../core/shell/platform-support';

export interface ContentProtection {
  readonly supported: boolean;
  apply(protect: boolean): void;
  dispose(): void;
}

export function createContentProtection(platform: NodeJS.Platform = process.platform): ContentProtection {
  const supported = contentProtectionSupported(platform);
  let protecting = false;
  // A window opened mid-recording (the indicator, a reopened main window) is protected from its first frame.
  const onCreated = (_event: unknown, window: BrowserWindow) => {
    if (protecting) window.setContentProtection(true);
  };
  if (supported) app.on('browser-window-created', onCreated);
  return {
    supported,
    apply(protect) {
      if (!supported || protect === protecting) return;
      protecting = protect;
      for (const window of BrowserWindow.getAllWindows()) {
        if (!window.isDestroyed()) window.setContentProtection(protect);
      }
    },
    dispose() {
      if (supported) app.off('browser-window-created', onCreated);
    },
  };
}
