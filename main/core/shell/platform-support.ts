// What the desktop shell can do on each OS, said plainly so the UI and docs/app.md can repeat it. Pure: the
// caller passes process.platform and os.release().

/** Window content protection (BrowserWindow.setContentProtection) exists on Windows and macOS only. */
export function contentProtectionSupported(platform: NodeJS.Platform): boolean {
  return platform === 'win32' || platform === 'darwin';
}

export interface SystemAudioSupportInfo {
  support: 'loopback' | 'unsupported';
  note: string;
}

/**
 * System audio ("what the computer plays") comes from Electron's `audio: 'loopback'` display-media stream:
 * WASAPI loopback on Windows, ScreenCaptureKit / Core Audio taps on macOS 13 and later (Darwin 22+). Linux
 * has no loopback in Electron's display-media path.
 */
export function systemAudioSupport(platform: NodeJS.Platform, osRelease: string): SystemAudioSupportInfo {
  if (platform === 'win32') {
    return { support: 'loopback', note: 'System audio: the sound this computer plays can be recorded with the screen.' };
  }
  if (platform === 'darwin') {
    const darwinMajor = Number.parseInt(osRelease.split('.')[0] ?? '', 10);
    if (Number.isFinite(darwinMajor) && darwinMajor >= 22) {
      return {
        support: 'loopback',
        note: 'System audio: the sound this Mac plays can be recorded with the screen once macOS allows Fieldtape to record the screen and system audio (System Settings › Privacy & Security).',
      };
    }
    return { support: 'unsupported', note: 'System audio cannot be recorded on this macOS version: it needs macOS 13 or later.' };
  }
  if (platform === 'linux') {
    return { support: 'unsupported', note: 'System audio cannot be recorded on Linux: Electron captures it on Windows and macOS only. Record the microphone instead.' };
  }
  return { support: 'unsupported', note: `System audio cannot be recorded on ${platform}.` };
}
