// How this copy of the app was installed decides whether it may update itself. electron-updater can
// replace an NSIS per-user install, a macOS app and an AppImage; a per-machine MSI (Program Files, needs
// admin) and a deb (the package manager owns /opt) are updated by whoever installed them: IT's software
// distribution or apt. Self-updating those would install a second, per-user copy or fail on permissions.
import path from 'node:path';

export type InstallKind = 'unpackaged' | 'nsis' | 'msi' | 'mac' | 'appimage' | 'deb' | 'linux-other';

export interface InstallFacts {
  packaged: boolean;
  platform: NodeJS.Platform;
  /** The app's executable (process.execPath). */
  execPath: string;
  /** Electron's process.resourcesPath. */
  resourcesPath: string;
  env: NodeJS.ProcessEnv;
  productName: string;
  exists(file: string): boolean;
  readFile(file: string): string | null;
}

export function detectInstallKind(facts: InstallFacts): InstallKind {
  if (!facts.packaged) return 'unpackaged';
  switch (facts.platform) {
    case 'win32': {
      // The NSIS installer puts its uninstaller beside the executable; an MSI (or a copied folder) does not.
      const dir = path.win32.dirname(facts.execPath);
      return facts.exists(path.win32.join(dir, `Uninstall ${facts.productName}.exe`)) ? 'nsis' : 'msi';
    }
    case 'darwin':
      return 'mac';
    default: {
      if (facts.env.APPIMAGE) return 'appimage';
      // electron-builder writes resources/package-type for deb, rpm and pacman builds.
      const type = facts.readFile(path.posix.join(facts.resourcesPath, 'package-type'))?.trim();
      return type === 'deb' ? 'deb' : 'linux-other';
    }
  }
}

/** Kinds electron-updater can replace in place. */
export const SELF_UPDATING_KINDS: readonly InstallKind[] = ['nsis', 'mac', 'appimage'];
