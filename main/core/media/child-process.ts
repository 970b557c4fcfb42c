// Runs one media tool (ffmpeg or ffprobe) as a child process. Abort means the child is gone: SIGTERM
// first (ffmpeg then closes its output cleanly), SIGKILL if it has not exited after a grace period, and
// the promise settles only once the child has exited, so callers never leave a process behind.
import { spawn } from 'node:child_process';
import { AppError } from '../../../shared/errors';
import { childEnv } from '../secrets/child-env';

export interface ProcessOptions {
  signal?: AbortSignal;
  /** Every complete stderr line (ffmpeg ends status lines with \r, which also counts as a line end). */
  onStderrLine?(line: string): void;
  /** Keep stderr lines for which this returns false out of the tail (e.g. ffmpeg's progress keys). */
  keepInTail?(line: string): boolean;
  captureStdout?: boolean;
  killGraceMs?: number;
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The last stderr lines, oldest first: what explains a failure. */
  stderrTail: string[];
}

const TAIL_LINES = 20;
const STDOUT_LIMIT = 64 * 1024 * 1024;

export function runProcess(binary: string, args: string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));

  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
      env: childEnv(),
      windowsHide: true,
    });
    const tail: string[] = [];
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let pending = '';
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;

    const takeLine = (line: string): void => {
      const trimmed = line.trimEnd();
      if (trimmed === '') return;
      options.onStderrLine?.(trimmed);
      if (options.keepInTail && !options.keepInTail(trimmed)) return;
      tail.push(trimmed);
      if (tail.length > TAIL_LINES) tail.shift();
    };

    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      pending += text;
      const lines = pending.split(/\r\n|\r|\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) takeLine(line);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= STDOUT_LIMIT) stdoutChunks.push(chunk);
    });

    const onAbort = (): void => {
      aborted = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killGraceMs ?? 2000);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      // 'error' without 'close' happens when the binary could not be started at all.
      if (child.pid === undefined) {
        reject(new AppError('MEDIA_ERROR', `Could not start ${binary} (${error.code ?? error.message}). Check the ffmpeg installation with \`fieldtape doctor\`.`));
      }
    });

    child.on('close', (code, exitSignal) => {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      if (pending) takeLine(pending);
      if (child.pid === undefined) return; // already rejected in 'error'
      if (aborted && signal) {
        reject(abortError(signal));
        return;
      }
      resolve({ code, signal: exitSignal, stdout: Buffer.concat(stdoutChunks).toString('utf8'), stderrTail: tail });
    });
  });
}

/** The abort reason when it is an Error (AbortController's default is a DOMException named AbortError). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : 'The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
