// The real servers the integration tests talk to (MinIO, its client mc, LiveKit) are built from source with
// the Go toolchain into .cache/bin, once per machine. Each binary is built into a private GOBIN and renamed
// into place, so a binary that exists is a complete one; missing ones are built in parallel under a lock.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { withLock } from './lock';
import { BIN_DIR, LOG_DIR } from './paths';
import { logTail } from './proc';

export interface GoBinary {
  name: string;
  pkg: string;
}

export const GO_BINARIES: readonly GoBinary[] = [
  { name: 'minio', pkg: 'github.com/minio/minio@latest' },
  { name: 'mc', pkg: 'github.com/minio/mc@latest' },
  // pinned: later livekit-server commits carry `replace` directives that make `go install` fail
  { name: 'server', pkg: 'github.com/livekit/livekit-server/cmd/server@v1.13.5' },
];

export type GoBinaryPaths = Record<'minio' | 'mc' | 'server', string>;

const GO_INSTALL_HELP =
  'The integration tests build MinIO, mc and LiveKit from source and need the Go toolchain, which was not found ' +
  '(neither on PATH nor in /usr/local/go/bin). Install Go 1.26 or newer (livekit-server v1.13.5 declares go 1.26; ' +
  'a Go >= 1.21 fetches that toolchain itself through the module proxy unless GOTOOLCHAIN=local), then run the tests again:\n' +
  '  curl -fsSL https://go.dev/dl/go1.26.0.linux-amd64.tar.gz | tar -C /usr/local -xz\n' +
  '  export PATH=/usr/local/go/bin:$PATH\n' +
  "Debian bookworm's golang-go (1.19) is too old. Alternatively set FIELDTAPE_GO to a go binary, or put prebuilt " +
  `minio, mc and server (LiveKit) binaries in ${BIN_DIR}.`;

function binPath(name: string): string {
  return path.join(BIN_DIR, name);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findGo(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.FIELDTAPE_GO, 'go', '/usr/local/go/bin/go', path.join(env.HOME ?? '/root', 'go', 'bin', 'go')];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      execFileSync(candidate, ['version'], { stdio: 'ignore', timeout: 30_000 });
      return candidate;
    } catch {
      // try the next one
    }
  }
  return null;
}

function paths(): GoBinaryPaths {
  return { minio: binPath('minio'), mc: binPath('mc'), server: binPath('server') };
}

/**
 * Returns the paths of minio, mc and server, building whichever is missing. Throws, saying how to install Go,
 * when a build is needed and there is no Go toolchain.
 */
export async function ensureGoBinaries(log: (line: string) => void = () => {}): Promise<GoBinaryPaths> {
  if (GO_BINARIES.every((b) => isExecutable(binPath(b.name)))) return paths();
  return withLock(
    path.join(BIN_DIR, '.build.lock'),
    'building Go binaries',
    async () => {
      const missing = GO_BINARIES.filter((b) => !isExecutable(binPath(b.name)));
      if (missing.length === 0) return paths();
      const go = findGo();
      if (go === null) throw new Error(GO_INSTALL_HELP);
      log(`building ${missing.map((b) => b.name).join(', ')} with ${go} into ${BIN_DIR} (a few minutes, once per machine)`);
      const results = await Promise.allSettled(missing.map((b) => buildOne(go, b, log)));
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
      if (failures.length > 0) throw new Error(failures.join('\n\n'));
      return paths();
    },
    { onWait: (pid) => log(`waiting for pid ${pid}, which is building the Go binaries`) },
  );
}

async function buildOne(go: string, binary: GoBinary, log: (line: string) => void): Promise<void> {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `go-install-${binary.name}.log`);
  fs.writeFileSync(logFile, '');
  const started = Date.now();
  let result = await goInstall(go, binary, logFile, {});
  if (result.code !== 0 && /sum\.golang\.org|checksum database|verifying .*module|SECURITY ERROR/i.test(result.output)) {
    log(`${binary.name}: the checksum database is unreachable; retrying with GOSUMDB=off (modules still come from the proxy)`);
    result = await goInstall(go, binary, logFile, { GOSUMDB: 'off' });
  }
  if (result.code !== 0) {
    throw new Error(`go install ${binary.pkg} failed (exit ${result.code}). Last lines of ${logFile}:\n${logTail(logFile)}`);
  }
  log(`${binary.name}: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function goInstall(
  go: string,
  binary: GoBinary,
  logFile: string,
  extraEnv: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  const gobin = fs.mkdtempSync(path.join(BIN_DIR, `.build-${binary.name}-`));
  try {
    const env = { ...process.env, ...extraEnv, GOBIN: gobin };
    const header = `=== ${new Date().toISOString()} ${Object.entries(extraEnv).map(([k, v]) => `${k}=${v} `).join('')}go install ${binary.pkg}\n`;
    fs.appendFileSync(logFile, header);
    const child = spawn(go, ['install', binary.pkg], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      fs.appendFileSync(logFile, chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const code = await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        output += String(error);
        resolve(127);
      });
      child.once('close', (status) => resolve(status ?? 1));
    });
    fs.appendFileSync(logFile, `done ${code}\n`);
    if (code === 0) {
      const built = path.join(gobin, binary.name);
      if (!isExecutable(built)) return { code: 1, output: `${output}\n(go install succeeded but ${built} is missing)` };
      fs.renameSync(built, binPath(binary.name));
    }
    return { code, output };
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
}
