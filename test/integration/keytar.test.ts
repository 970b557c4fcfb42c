// The keychain abstraction against a real Secret Service: the private D-Bus session bus and unlocked
// gnome-keyring-daemon started by test/services (DBUS_SESSION_BUS_ADDRESS comes from there), never the
// developer's own keyring.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../main/core/secrets/keychain';

const execFileAsync = promisify(execFile);

describe('keytar SecretStore', () => {
  it('uses the private test bus, not the session the tests were started from', () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS).toMatch(/^unix:path=.*\/bus$/);
  });

  it('sets, gets and deletes a secret', async () => {
    const store = createKeytarSecretStore(`Fieldtape-test-${randomUUID()}`);
    const account = 's3:delivery-profile-1';
    const secret = `s3cr3t-${randomBytes(16).toString('hex')}`;

    expect(await store.get(account)).toBeNull();
    await store.set(account, secret);
    expect(await store.get(account)).toBe(secret);

    const replacement = `${secret}-rotated`;
    await store.set(account, replacement);
    expect(await store.get(account)).toBe(replacement);

    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('keeps services apart', async () => {
    const a = createKeytarSecretStore(`Fieldtape-test-${randomUUID()}`);
    const b = createKeytarSecretStore(`Fieldtape-test-${randomUUID()}`);
    await a.set('same-account', 'secret-for-a');
    try {
      expect(await b.get('same-account')).toBeNull();
      expect(await a.get('same-account')).toBe('secret-for-a');
    } finally {
      await a.delete('same-account');
    }
  });

  it('reports a missing Secret Service as an IO_ERROR that says what to do and never contains the secret', async () => {
    const secret = `never-show-${randomBytes(12).toString('hex')}`;
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/fieldtape-test-bus' };
    delete env.DISPLAY;
    const probe = path.join(import.meta.dirname, 'fixtures', 'keychain-probe.ts');
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', probe, secret], { env, timeout: 60_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      ok: boolean;
      isAppError?: boolean;
      code?: string;
      message?: string;
      detail?: string;
    };
    expect(result.ok).toBe(false);
    expect(result.isAppError).toBe(true);
    expect(result.code).toBe('IO_ERROR');
    expect(result.message).toMatch(/keychain/i);
    expect(result.message).toMatch(/install and unlock a keyring/i);
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});
