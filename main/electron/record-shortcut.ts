// The global record shortcut (setting `recordShortcut`, lockable by IT policy). Registered at start and
// re-registered whenever the setting changes; when the OS refuses it (another application holds it) the user
// is told what to do instead of the shortcut silently doing nothing.
import { globalShortcut } from 'electron';
import { validateAccelerator } from '../../shared/domain/accelerator';
import type { Logger } from '../core/log';

export interface RecordShortcut {
  /** managed: IT's policy sets the shortcut, so the advice is to ask IT rather than change Settings. */
  apply(accelerator: string, managed: boolean): void;
  dispose(): void;
}

export interface RecordShortcutDeps {
  onPress: () => void;
  notice: (notice: { level: 'warning'; message: string }) => void;
  log: Logger;
}

export function createRecordShortcut({ onPress, notice, log }: RecordShortcutDeps): RecordShortcut {
  let registered: string | null = null;
  let tried: string | null = null;

  return {
    apply(accelerator, managed) {
      if (accelerator === tried) return;
      tried = accelerator;
      if (registered) globalShortcut.unregister(registered);
      registered = null;
      if (accelerator === '') return;
      const where = managed ? 'Ask your IT administrator to choose another one in the Fieldtape policy.' : 'Choose another in Settings › Record shortcut.';
      const problem = validateAccelerator(accelerator);
      if (problem) {
        notice({ level: 'warning', message: `The record shortcut "${accelerator}" cannot be used: ${problem}. ${where}` });
        return;
      }
      let ok = false;
      try {
        ok = globalShortcut.register(accelerator, onPress);
      } catch (error) {
        log.warn('globalShortcut.register threw', { accelerator, error: String(error) });
      }
      if (ok) {
        registered = accelerator;
        log.info('record shortcut registered', { accelerator });
        return;
      }
      log.warn('record shortcut refused by the OS', { accelerator });
      notice({
        level: 'warning',
        message: `The record shortcut ${accelerator} could not be set up: another application is probably using it. ${where} Recording still works from the Record screen and the tray.`,
      });
    },
    dispose() {
      if (registered) globalShortcut.unregister(registered);
      registered = null;
      tried = null;
    },
  };
}
