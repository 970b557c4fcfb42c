// The CLI as a child process, awaited without blocking this process: needed whenever the child talks to a
// server this test process runs itself (a fault proxy, a fake endpoint), which spawnSync would freeze.
// Optionally feeds stdin (for --secret-stdin).
import { spawn } from 'node:child_process';
import { CLI } from './cli';

export interface AsyncCliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  json: unknown;
}

export function runCliAsync(home: string, args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string, timeoutMs = 180_000): Promise<AsyncCliRun> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env, FIELDTAPE_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      try {
        resolve({ code, stdout, stderr, json: args.includes('--json') ? (JSON.parse(stdout) as unknown) : undefined });
      } catch (error) {
        reject(new Error(`fieldtape ${args.join(' ')} printed no JSON (exit ${code}): ${stdout}\n${stderr}`, { cause: error }));
      }
    });
  });
}
