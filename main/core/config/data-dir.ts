// Where Fieldtape keeps its data. All three hosts resolve it the same way, so the CLI and the app
// always see the same library: FIELDTAPE_HOME when set (every test sets it), otherwise the per-OS
// application-data folder, which is also what Electron's app.getPath('userData') gives for "Fieldtape".
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Fieldtape';

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const override = env.FIELDTAPE_HOME?.trim();
  if (override) return path.resolve(override);
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
  }
}
