// Brings the whole set of test services up or down: Go binaries, a private Secret Service, MinIO with a
// write-only user, LiveKit. What was started is recorded in .cache/services/state.json as soon as it starts
// (so even a half-finished start can be stopped); .cache/services.env is written last, once all are ready.
import fs from 'node:fs';
import path from 'node:path';
import { ensureGoBinaries } from './go-binaries';
import { busHealthy, secretServiceHealthy, startKeyring } from './keyring';
import { LIVEKIT_API_KEY, LIVEKIT_API_SECRET, livekitHealthy, startLivekit } from './livekit';
import { withLock } from './lock';
import { minioHealthy, provisionWriteOnly, startMinio, TEST_REGION } from './minio';
import { ENV_FILE, LOCK_DIR, SERVICES_DIR, STATE_FILE } from './paths';
import { isRecordAlive, procStartTime, stopGroup, type ProcRecord } from './proc';

export type ServicesEnv = Record<string, string>;

export interface Owner {
  kind: 'cli' | 'vitest';
  pid: number;
  startTime: string | null;
}

export interface ServicesState {
  version: 1;
  startedAt: string;
  owner: Owner;
  procs: ProcRecord[];
  tempDirs: string[];
  env: ServicesEnv | null;
}

export interface UpResult {
  env: ServicesEnv;
  /** Already running and owned by someone else: the caller must not stop them. */
  reused: boolean;
}

type Log = (line: string) => void;

export function currentOwner(kind: Owner['kind']): Owner {
  return { kind, pid: process.pid, startTime: procStartTime(process.pid) };
}

function readState(): ServicesState | null {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as ServicesState;
  } catch {
    return null;
  }
}

function writeState(state: ServicesState): void {
  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  const tmp = `${STATE_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, STATE_FILE);
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function writeEnvFile(env: ServicesEnv, procs: ProcRecord[]): void {
  const lines = [
    '# Written by test/services (npm run services:up). Source it: . .cache/services.env',
    `# pids (process groups): ${procs.map((p) => `${p.name}=${p.pid}`).join(' ')}; state: ${path.relative(path.dirname(ENV_FILE), STATE_FILE)}`,
    ...Object.entries(env).map(([key, value]) => `export ${key}=${shellQuote(value)}`),
  ];
  const tmp = `${ENV_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${lines.join('\n')}\n`, { mode: 0o600 });
  fs.renameSync(tmp, ENV_FILE);
}

/** Every recorded process alive and every service answering. */
export async function isHealthy(state: ServicesState): Promise<boolean> {
  const env = state.env;
  if (!env || !fs.existsSync(ENV_FILE)) return false;
  if (!state.procs.every(isRecordAlive)) return false;
  try {
    await Promise.all([
      minioHealthy(env.FIELDTAPE_TEST_S3_ENDPOINT ?? ''),
      livekitHealthy(env.FIELDTAPE_TEST_LIVEKIT_HTTP_URL ?? ''),
      busHealthy(env.DBUS_SESSION_BUS_ADDRESS ?? ''),
      secretServiceHealthy(env.DBUS_SESSION_BUS_ADDRESS ?? ''),
    ]);
    return true;
  } catch {
    return false;
  }
}

function ownerAlive(owner: Owner): boolean {
  return owner.startTime !== null && procStartTime(owner.pid) === owner.startTime;
}

export async function servicesUp({ owner, log = () => {} }: { owner: Owner; log?: Log }): Promise<UpResult> {
  return withLock(LOCK_DIR, 'starting the test services', async () => {
    const existing = readState();
    if (existing?.env && (await isHealthy(existing))) {
      // Left behind by a test run that died: adopt them, so this run's teardown stops them.
      if (existing.owner.kind === 'vitest' && owner.kind === 'vitest' && !ownerAlive(existing.owner)) {
        writeState({ ...existing, owner });
        log('adopted test services left running by an earlier test run');
        return { env: existing.env, reused: false };
      }
      log(`reusing the running test services (${ENV_FILE})`);
      return { env: existing.env, reused: true };
    }
    if (existing) {
      log('found stale test services; stopping them first');
      await stopAll(existing, log);
    }
    fs.rmSync(ENV_FILE, { force: true });

    const goStarted = Date.now();
    const bins = await ensureGoBinaries(log);
    const goMs = Date.now() - goStarted;
    if (goMs > 1_000) log(`Go binaries ready in ${(goMs / 1000).toFixed(0)} s`);

    const state: ServicesState = { version: 1, startedAt: new Date().toISOString(), owner, procs: [], tempDirs: [], env: null };
    writeState(state);
    const track = (rec: ProcRecord): void => {
      state.procs.push(rec);
      writeState(state);
    };
    const timed = async <T>(name: string, start: () => Promise<T>): Promise<T> => {
      const t0 = Date.now();
      const value = await start();
      log(`${name} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return value;
    };

    const started = Date.now();
    const results = await Promise.allSettled([
      timed('keyring (dbus + gnome-keyring)', () => startKeyring(track)),
      timed('minio (+ write-only user)', async () => {
        const minio = await startMinio(bins.minio, track);
        return { minio, writer: await provisionWriteOnly(bins.mc, minio) };
      }),
      timed('livekit', () => startLivekit(bins.server, track)),
    ] as const);
    const [keyringResult, minioResult, livekitResult] = results;
    if (keyringResult.status === 'fulfilled' && keyringResult.value.tempDir) {
      state.tempDirs.push(keyringResult.value.tempDir);
      writeState(state);
    }
    if (keyringResult.status === 'rejected' || minioResult.status === 'rejected' || livekitResult.status === 'rejected') {
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error)?.message ?? r.reason)] : []));
      await stopAll(state, log).catch((error: Error) => errors.push(error.message));
      throw new Error(`The test services did not start:\n\n${errors.join('\n\n')}`);
    }
    const keyring = keyringResult.value;
    const { minio, writer } = minioResult.value;
    const livekit = livekitResult.value;

    const env: ServicesEnv = {
      FIELDTAPE_TEST_S3_ENDPOINT: minio.endpoint,
      FIELDTAPE_TEST_S3_REGION: TEST_REGION,
      FIELDTAPE_TEST_S3_BUCKET: writer.bucket,
      FIELDTAPE_TEST_S3_WRITER_KEY: writer.writerKey,
      FIELDTAPE_TEST_S3_WRITER_SECRET: writer.writerSecret,
      FIELDTAPE_TEST_S3_ADMIN_KEY: minio.adminKey,
      FIELDTAPE_TEST_S3_ADMIN_SECRET: minio.adminSecret,
      LIVEKIT_URL: livekit.url,
      FIELDTAPE_TEST_LIVEKIT_HTTP_URL: livekit.httpUrl,
      LIVEKIT_API_KEY,
      LIVEKIT_API_SECRET,
      DBUS_SESSION_BUS_ADDRESS: keyring.busAddress,
    };
    state.env = env;
    writeState(state);
    writeEnvFile(env, state.procs);
    log(`test services up in ${((Date.now() - started) / 1000).toFixed(1)} s; env in ${ENV_FILE}`);
    return { env, reused: false };
  }, { onWait: (pid) => log(`waiting for pid ${pid}, which holds the services lock`) });
}

export async function servicesDown({ log = () => {} }: { log?: Log } = {}): Promise<{ stopped: string[] }> {
  return withLock(LOCK_DIR, 'stopping the test services', async () => {
    const state = readState();
    if (!state) {
      fs.rmSync(ENV_FILE, { force: true });
      log('no test services recorded; nothing to stop');
      return { stopped: [] };
    }
    return { stopped: await stopAll(state, log) };
  }, { onWait: (pid) => log(`waiting for pid ${pid}, which holds the services lock`) });
}

/** Stops every recorded process group, newest first, and verifies each is gone before forgetting them. */
async function stopAll(state: ServicesState, log: Log): Promise<string[]> {
  const stopped: string[] = [];
  const leftovers: string[] = [];
  for (const rec of [...state.procs].reverse()) {
    const left = await stopGroup(rec);
    if (left.length > 0) leftovers.push(`${rec.name} (group ${rec.pid}): ${left.map((m) => `${m.pid} ${m.comm}`).join(', ')}`);
    else stopped.push(`${rec.name}=${rec.pid}`);
  }
  if (leftovers.length > 0) {
    throw new Error(`These test service processes survived SIGKILL: ${leftovers.join('; ')}. State kept in ${STATE_FILE}.`);
  }
  for (const dir of state.tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(ENV_FILE, { force: true });
  fs.rmSync(STATE_FILE, { force: true });
  fs.rmSync(path.join(SERVICES_DIR, 'keyring', 'run'), { recursive: true, force: true });
  if (stopped.length > 0) log(`stopped ${stopped.join(' ')}`);
  return stopped;
}

export function servicesStatus(): { state: ServicesState | null; envFile: string } {
  return { state: readState(), envFile: ENV_FILE };
}
