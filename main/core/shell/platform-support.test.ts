import { describe, expect, it } from 'vitest';
import { contentProtectionSupported, systemAudioSupport } from './platform-support';

describe('platform support', () => {
  it('keeps windows out of captures on Windows and macOS only', () => {
    expect(contentProtectionSupported('win32')).toBe(true);
    expect(contentProtectionSupported('darwin')).toBe(true);
    expect(contentProtectionSupported('linux')).toBe(false);
  });

  it('offers system audio on Windows and macOS 13+, and says plainly where it cannot', () => {
    expect(systemAudioSupport('win32', '10.0.22631').support).toBe('loopback');
    expect(systemAudioSupport('darwin', '23.4.0').support).toBe('loopback');
    expect(systemAudioSupport('darwin', '22.0.0').support).toBe('loopback');
    const oldMac = systemAudioSupport('darwin', '21.6.0');
    expect(oldMac.support).toBe('unsupported');
    expect(oldMac.note).toMatch(/macOS 13 or later/);
    const linux = systemAudioSupport('linux', '6.1.0-18-amd64');
    expect(linux.support).toBe('unsupported');
    expect(linux.note).toMatch(/cannot be recorded on Linux/);
  });
});
