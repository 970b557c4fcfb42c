import { describe, expect, it } from 'vitest';
import { DEFAULT_RECORD_SHORTCUT, MAX_ACCELERATOR_LENGTH, validateAccelerator } from './accelerator';
import { SETTINGS_DEFAULTS, SettingChangeSchema, SettingsSchema } from './settings';

describe('validateAccelerator', () => {
  it('accepts what Electron documents, in any case, and the empty "no shortcut"', () => {
    for (const ok of [
      DEFAULT_RECORD_SHORTCUT,
      'CmdOrCtrl+Alt+9',
      'ctrl+shift+r',
      'Super+Space',
      'Alt+Plus',
      'Control+PageDown',
      'CommandOrControl+num5',
      'Ctrl+/',
      'Alt+`',
      'F9',
      'Shift+F24',
      'MediaPlayPause',
      'Option+Meta+Escape',
      '',
    ]) {
      expect(validateAccelerator(ok), ok).toBeNull();
    }
  });

  it('says what is wrong with a malformed shortcut', () => {
    expect(validateAccelerator('Ctrl+Shift')).toMatch(/needs a key after its modifiers/);
    expect(validateAccelerator('Ctrl++')).toMatch(/spelled "Plus"/);
    expect(validateAccelerator('+R')).toMatch(/single "\+" signs/);
    expect(validateAccelerator('Ctrl+R+T')).toMatch(/"R" is a key, not a modifier/);
    expect(validateAccelerator('Hyper+R')).toMatch(/"Hyper" is not a modifier/);
    expect(validateAccelerator('Ctrl+Ctrl+R')).toMatch(/repeats a modifier/);
    expect(validateAccelerator('Cmd+Command+R')).toMatch(/repeats a modifier/);
    expect(validateAccelerator('Ctrl+Shift+Ä')).toMatch(/"Ä" is not a key Electron knows/);
    expect(validateAccelerator('Ctrl+F25')).toMatch(/not a key/);
    expect(validateAccelerator('Ctrl + R')).toMatch(/no spaces/);
    expect(validateAccelerator(`Ctrl+${'A'.repeat(MAX_ACCELERATOR_LENGTH)}`)).toMatch(/at most/);
  });

  it('refuses a global shortcut that would take a typing key from every other app', () => {
    expect(validateAccelerator('R')).toMatch(/every other application/);
    expect(validateAccelerator('Shift+R')).toMatch(/every other application/);
    expect(validateAccelerator('Space')).toMatch(/every other application/);
    expect(validateAccelerator('Alt+R')).toBeNull();
  });
});

describe('the recordShortcut setting', () => {
  it('defaults to CommandOrControl+Shift+R and validates changes with the accelerator rules', () => {
    expect(SETTINGS_DEFAULTS.recordShortcut).toBe('CommandOrControl+Shift+R');
    expect(SettingsSchema.shape.recordShortcut.safeParse('Alt+F2').success).toBe(true);
    expect(SettingsSchema.shape.recordShortcut.safeParse('').success).toBe(true);
    const bad = SettingChangeSchema.safeParse({ key: 'recordShortcut', value: 'Shift+R' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/recordShortcut: .*every other application/);
  });
});
