// The process plumbing under runFfmpeg, driven by /bin/sh so that misbehaviour ffmpeg rarely shows (a
// child that ignores SIGTERM, a binary that does not exist) can be tested on purpose.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { isAbortError, runProcess } from './child-process';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

describe.skipIf(process.platform === 'win32')('runProcess', () => {
  it('keeps the last 20 stderr lines, split on \\n and \\r', async () => {
    const script = 'i=0; while [ $i -lt 30 ]; do echo "line $i" >&2; i=$((i+1)); done; printf "a\\rb\\n" >&2; exit 3';
    const result = await runProcess('/bin/sh', ['-c', script]);
    expect(result.code).toBe(3);
    expect(result.stderrTail).toHaveLength(20);
    expect(result.stderrTail.slice(-3)).toEqual(['line 29', 'a', 'b']);
  });

  it('escalates to SIGKILL when the child ignores SIGTERM, and settles only after it is gone', async () => {
    const controller = new AbortController();
    let pid = 0;
    const pending = runProcess('/bin/sh', ['-c', 'trap "" TERM; echo "pid $$" >&2; while true; do sleep 0.05; done'], {
      signal: controller.signal,
      killGraceMs: 300,
      onStderrLine: (line) => {
        pid = Number(line.split(' ')[1]);
        controller.abort();
      },
    });
    const started = Date.now();
    const error = await pending.then(() => null, (e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(alive(pid)).toBe(false);
  });

  it('rejects with MEDIA_ERROR when the binary cannot be started', async () => {
    const error = await runProcess('/nonexistent/ffmpeg', ['-version']).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('MEDIA_ERROR');
    expect((error as AppError).message).toMatch(/ENOENT/);
  });
});
