// The record shortcut is an ordinary setting, so IT locks it through `settings.recordShortcut` like any
// other; the policy validator applies the same accelerator rules the Settings page does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { isManagedSetting, managedSettingKeys, withManagedSettings, type PolicyState } from './policy';
import { validatePolicyDocument } from './policy-schema';
import { createSettingsStore } from '../store/settings-store';

function stateOf(document: unknown): PolicyState {
  const validation = validatePolicyDocument(document);
  if (!validation.ok) throw new Error(validation.errors.join('; '));
  return { status: 'valid', source: { kind: 'file', location: '/etc/fieldtape/policy.json' }, policy: validation.policy, warnings: validation.warnings };
}

describe('recordShortcut under a policy', () => {
  it('is locked to IT\'s value, including "" for no shortcut at all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-shortcut-'));
    const db = openDatabase(path.join(dir, 'db.sqlite'));
    try {
      for (const value of ['Alt+F9', '']) {
        const state = stateOf({ settings: { recordShortcut: value } });
        expect(managedSettingKeys(state)).toEqual(['recordShortcut']);
        const settings = withManagedSettings(createSettingsStore(db, () => new Date(), isManagedSetting(state)), state);
        expect(settings.get().recordShortcut).toBe(value);
        expect(() => settings.set('recordShortcut', 'CommandOrControl+Shift+X')).toThrow(expect.objectContaining({ code: 'MANAGED_BY_POLICY' }));
      }
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a policy whose shortcut is not a usable accelerator, saying where and why', () => {
    const result = validatePolicyDocument({ settings: { recordShortcut: 'Shift+R' } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([expect.stringMatching(/^settings\.recordShortcut: .*every other application/)]);
    expect(validatePolicyDocument({ settings: { recordShortcut: 'Ctrl+Hyper' } }).ok).toBe(false);
  });
});
