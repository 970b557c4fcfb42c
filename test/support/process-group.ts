// Tests that cut the power on a CLI process: watch it until a moment is reached, then SIGKILL its whole
// process group (ffmpeg included) at once.
import type { ChildProcess } from 'node:child_process';

/** Polls (no sleep beyond the poll interval) until `probe` holds or the child has exited. */
export async function untilWhileRunning(child: ChildProcess, probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      if (probe()) return true;
    } catch {
      // the database is being created or checkpointed: look again
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

/** Kills every process of the child's group (it was spawned detached); returns when that was. */
export function killGroup(child: ChildProcess): number {
  const at = Date.now();
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
  return at;
}
