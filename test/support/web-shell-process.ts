// Starts the built web shell (`dist/main/web.cjs`) as a real child process, exactly as `npm run start:web`
// does after building, and waits for the one line it prints with the URL to open.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './temp-home';

export interface RunningWebShell {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startWebShellProcess(home: string, extraEnv: NodeJS.ProcessEnv = {}, startTimeoutMs = 20_000): Promise<RunningWebShell> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'main', 'web.cjs'), '--port', '0'], {
    env: { ...process.env, ...extraEnv, FIELDTAPE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web shell did not print its URL in ${startTimeoutMs / 1000} s; stderr: ${stderr}`)), startTimeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^Fieldtape web shell: (http:\/\/127\.0\.0\.1:\d+\/\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web shell exited with ${code}; stderr: ${stderr}`));
    });
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
