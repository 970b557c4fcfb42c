// The OS keychain behind a small interface. keytar (archived upstream; Electron's safeStorage is the likely
// successor) is loaded lazily, on first use, so a machine without libsecret or a Secret Service can still
// start the engine and gets a clear IO_ERROR, naming what to install or unlock, only when a secret is needed.
// No message or detail this module produces ever contains the secret itself.
import { AppError } from '../../../shared/errors';
import { redact, registerSecret } from './redact';

export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when a secret was stored under the account and is now gone. */
  delete(account: string): Promise<boolean>;
}

type Keytar = Pick<typeof import('keytar'), 'getPassword' | 'setPassword' | 'deletePassword'>;

const KEYRING_HELP =
  'Fieldtape keeps credentials in the system keychain. On Linux install and unlock a keyring that provides the ' +
  'Secret Service (GNOME Keyring: `apt install gnome-keyring libsecret-1-0`, or KWallet) and make sure it is ' +
  'unlocked in your session; on macOS and Windows unlock the login keychain / Credential Manager. Then try again.';

export function createKeytarSecretStore(service = 'Fieldtape'): SecretStore {
  let loaded: Promise<Keytar> | null = null;
  const keytar = (): Promise<Keytar> => {
    loaded ??= loadKeytar().catch((error: unknown) => {
      loaded = null; // a later call may succeed once the library is installed
      throw error;
    });
    return loaded;
  };

  const run = async <T>(action: string, account: string, secret: string | null, op: (k: Keytar) => Promise<T>): Promise<T> => {
    if (typeof account !== 'string' || account.length === 0) {
      throw new AppError('INVALID_REQUEST', `Cannot ${action}: the account name is empty.`);
    }
    const k = await keytar();
    try {
      return await op(k);
    } catch (error) {
      throw new AppError(
        'IO_ERROR',
        `Could not ${action} for "${account}" in the system keychain. ${KEYRING_HELP}`,
        describe(error, secret),
      );
    }
  };

  return {
    async get(account) {
      const secret = await run('read the secret', account, null, (k) => k.getPassword(service, account));
      if (secret !== null) registerSecret(secret);
      return secret;
    },
    async set(account, secret) {
      if (typeof secret !== 'string') throw new AppError('INVALID_REQUEST', 'Cannot store the secret: it is not a string.');
      registerSecret(secret);
      await run('store the secret', account, secret, (k) => k.setPassword(service, account, secret));
    },
    async delete(account) {
      return run('delete the secret', account, null, (k) => k.deletePassword(service, account));
    },
  };
}

async function loadKeytar(): Promise<Keytar> {
  try {
    const mod = (await import('keytar')) as Keytar & { default?: Keytar };
    const keytar = mod.default ?? mod;
    if (typeof keytar.getPassword !== 'function') throw new Error('keytar has no getPassword export');
    return keytar;
  } catch (error) {
    throw new AppError(
      'IO_ERROR',
      `The system keychain is not available: its native module (keytar) could not be loaded. ${KEYRING_HELP}`,
      describe(error, null),
    );
  }
}

/** The underlying error for the log, with the secret (if any) and anything secret-shaped removed. */
function describe(error: unknown, secret: string | null): string {
  let text = error instanceof Error ? error.message : String(error);
  if (secret) text = text.split(secret).join('[redacted]');
  return redact(text);
}
