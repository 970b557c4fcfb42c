// The tray icon: idle, recording, paused or uploading (main/core/shell/tray-state.ts decides which), with
// Start/Stop, Show and Quit in its menu. A thin adapter: it swaps the icon and menu the pure model describes.
import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { trayModel, type TrayMenuItem, type TrayState } from '../core/shell/tray-state';

export interface AppTray {
  update(state: TrayState): void;
  destroy(): void;
}

/** iconDir holds idle.png, recording.png, paused.png, uploading.png (+ @2x), drawn by scripts/make-tray-icons.mjs. */
export function createAppTray(iconDir: string, onAction: (action: TrayMenuItem['action']) => void): AppTray {
  const icon = (state: TrayState) => nativeImage.createFromPath(path.join(iconDir, `${state}.png`));
  const tray = new Tray(icon('idle'));
  let shown: TrayState | null = null;
  const update = (state: TrayState) => {
    if (state === shown || tray.isDestroyed()) return;
    shown = state;
    const model = trayModel(state);
    tray.setImage(icon(state));
    tray.setToolTip(model.tooltip);
    const items: MenuItemConstructorOptions[] = model.items.map((item) => ({
      label: item.label,
      enabled: item.enabled,
      click: () => onAction(item.action),
    }));
    // Recording commands first, then the app's own.
    items.splice(2, 0, { type: 'separator' });
    tray.setContextMenu(Menu.buildFromTemplate(items));
  };
  // Windows and Linux: a left click on the icon brings the window back (macOS opens the menu).
  tray.on('click', () => onAction('show'));
  update('idle');
  return {
    update,
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
