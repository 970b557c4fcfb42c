// A private Secret Service for keytar: a D-Bus session bus of our own and gnome-keyring-daemon unlocked with
// a throwaway password. HOME and the XDG directories point into .cache/services/keyring, so the login
// keyring it creates is not the real user's, and the real user's session bus is never used.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SERVICES_DIR, SERVICES_LOG_DIR } from './paths';
import { startDetached, waitReady, type ProcRecord } from './proc';

const execFileAsync = promisify(execFile);

export interface KeyringInfo {
  bus: ProcRecord;
  keyring: ProcRecord;
  busAddress: string;
  /** Set when the repo path is too long for a unix socket and the bus lives in a temporary directory. */
  tempDir: string | null;
}

const MAX_UNIX_SOCKET_PATH = 100;

export async function startKeyring(track: (rec: ProcRecord) => void): Promise<KeyringInfo> {
  const root = path.join(SERVICES_DIR, 'keyring');
  fs.rmSync(root, { recursive: true, force: true });
  const dirs = {
    HOME: path.join(root, 'home'),
    XDG_DATA_HOME: path.join(root, 'data'),
    XDG_CONFIG_HOME: path.join(root, 'config'),
    XDG_CACHE_HOME: path.join(root, 'cache'),
    XDG_RUNTIME_DIR: path.join(root, 'run'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });

  let socketDir = dirs.XDG_RUNTIME_DIR;
  let tempDir: string | null = null;
  if (path.join(socketDir, 'bus').length > MAX_UNIX_SOCKET_PATH) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-bus-'));
    socketDir = tempDir;
  }
  const busAddress = `unix:path=${path.join(socketDir, 'bus')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ...dirs, DBUS_SESSION_BUS_ADDRESS: busAddress };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  delete env.GNOME_KEYRING_CONTROL;

  const bus = await startDetached(
    'dbus-daemon',
    'dbus-daemon',
    ['--session', '--nofork', '--nopidfile', `--address=${busAddress}`, '--print-address=1'],
    { env, log: path.join(SERVICES_LOG_DIR, 'dbus.log') },
  ).catch((error: Error) => {
    throw new Error(`${error.message}. Install D-Bus: apt-get install dbus dbus-x11`, { cause: error });
  });
  track(bus);
  await waitReady(bus, () => busHealthy(busAddress), { timeoutMs: 20_000, what: `dbus-send ListNames on ${busAddress}` });

  const keyring = await startDetached(
    'gnome-keyring-daemon',
    'gnome-keyring-daemon',
    ['--foreground', '--unlock', '--components=secrets'],
    { env, log: path.join(SERVICES_LOG_DIR, 'gnome-keyring.log'), stdin: randomBytes(16).toString('hex') },
  ).catch((error: Error) => {
    throw new Error(`${error.message}. Install it: apt-get install gnome-keyring`, { cause: error });
  });
  track(keyring);
  await waitReady(keyring, () => secretServiceHealthy(busAddress), {
    timeoutMs: 20_000,
    what: 'org.freedesktop.secrets on the private bus',
  });
  return { bus, keyring, busAddress, tempDir };
}

async function dbusCall(busAddress: string, method: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(
    'dbus-send',
    ['--session', '--dest=org.freedesktop.DBus', '--type=method_call', '--print-reply', '/org/freedesktop/DBus', `org.freedesktop.DBus.${method}`, ...args],
    { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: busAddress }, timeout: 5_000 },
  );
  return stdout;
}

export async function busHealthy(busAddress: string): Promise<boolean> {
  await dbusCall(busAddress, 'ListNames');
  return true;
}

export async function secretServiceHealthy(busAddress: string): Promise<boolean> {
  const reply = await dbusCall(busAddress, 'NameHasOwner', 'string:org.freedesktop.secrets');
  if (!/boolean true/.test(reply)) throw new Error('org.freedesktop.secrets has no owner yet');
  return true;
}
