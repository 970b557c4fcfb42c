// The rules people's profile changes follow, whichever host they come from, against real SQLite and an
// in-memory keychain: an add with a secret is all or nothing, IT's profiles are read-only but can take a
// secret, a profile that reads its secret from the environment takes none, and remove forgets the secret.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import type { SecretStore } from '../secrets/keychain';
import { redact } from '../secrets/redact';
import { createProfileAdmin } from './profile-admin';
import { testProfileSettings as settings } from './test-profile-settings';
import { createProfileSecrets, keychainAccount } from './profiles-secrets';
import { createProfileStore } from './profiles';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function memoryKeychain(failSet = false): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => {
      if (failSet) throw new Error('the keyring is locked');
      entries.set(account, secret);
    },
    delete: async (account) => entries.delete(account),
  };
}


function setup(options: { failSet?: boolean; managed?: string[] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-admin-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'test.db'));
  const profiles = createProfileStore(db, () => new Date('2026-05-01T10:00:00Z'), { managed: new Set(options.managed ?? []), allowUserProfiles: true });
  const keychain = memoryKeychain(options.failSet);
  let changes = 0;
  const admin = createProfileAdmin({ profiles, secrets: createProfileSecrets(keychain, {}), onChanged: () => changes++ });
  return { db, profiles, keychain, admin, changes: () => changes };
}

const SECRET = 'uiTypedSecret/0123456789abcdefghijklmnop';

describe('profile admin', () => {
  it('adds a profile with its secret in the keychain, and forgets the secret on remove', async () => {
    const { admin, keychain, changes } = setup();
    const added = await admin.add(settings('acme', { storageClasses: { mp4: 'INTELLIGENT_TIERING' }, deliveryMode: 'instant' }), { secret: SECRET });
    expect(added).toMatchObject({ name: 'acme', active: true, storageClasses: { mp4: 'INTELLIGENT_TIERING' }, deliveryMode: 'instant' });
    expect(JSON.stringify(added)).not.toContain(SECRET);
    expect(keychain.entries.get(keychainAccount(added))).toBe(SECRET);
    expect(redact(`boom ${SECRET}`)).toBe('boom [redacted]');
    expect(changes()).toBe(1);
    const { removed, keychainProblem } = await admin.remove('acme');
    expect(removed.name).toBe('acme');
    expect(keychainProblem).toBeNull();
    expect(keychain.entries.size).toBe(0);
  });

  it('does not keep a profile whose secret the keychain refused', async () => {
    const { admin, profiles } = setup({ failSet: true });
    await expect(admin.add(settings('acme'), { secret: SECRET })).rejects.toThrow(/keychain|locked/);
    expect(profiles.list()).toEqual([]);
  });

  it('says which field is wrong and why', async () => {
    const { admin } = setup();
    await expect(admin.add(settings('acme', { bucket: 'No_Such' }))).rejects.toThrow(/bucket: not a bucket name/);
    await expect(admin.add(settings('acme', { prefixTemplate: '{profile}/{artifact}' }))).rejects.toThrow(/key prefix template .*\{recordingId\}/);
    await expect(admin.add(settings('acme'), { secret: '' })).rejects.toThrow(/Secret access key: it is empty/);
  });

  it("changes a technician's profile but not its name, and not IT's", async () => {
    const { admin, profiles } = setup({ managed: ['it'] });
    await admin.add(settings('acme'));
    expect(admin.update('acme', settings('acme', { bucket: 'other-bucket', deliveryMode: 'post-stop' }))).toMatchObject({ bucket: 'other-bucket', deliveryMode: 'post-stop' });
    expect(() => admin.update('acme', settings('renamed'))).toThrow(/cannot be renamed/);
    profiles.add(settings('it'), { fromPolicy: true });
    expect(() => admin.update('it', settings('it', { bucket: 'mine' }))).toThrow(/managed by your organization/);
    await expect(admin.remove('it')).rejects.toThrow(/Cannot remove/);
  });

  it("stores a secret for IT's keychain profiles, never for one that reads its secret from the environment", async () => {
    const { admin, profiles, keychain } = setup({ managed: ['it'] });
    const it = profiles.add(settings('it'), { fromPolicy: true });
    await expect(admin.setSecret('it', SECRET)).resolves.toMatchObject({ name: 'it' });
    expect(keychain.entries.get(keychainAccount(it))).toBe(SECRET);
    await admin.add(settings('headless', { secretSource: { kind: 'env', variable: 'FT_SECRET' } }));
    await expect(admin.setSecret('headless', SECRET)).rejects.toThrow(/\$FT_SECRET/);
    await expect(admin.setSecret('nobody', SECRET)).rejects.toThrow(/no profile "nobody"/);
  });
});
