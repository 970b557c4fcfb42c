// Long-running service processes: each is started detached (its own session and process group) with its
// output in a log file, so it outlives `services:up` and `services:down` can later stop exactly that group.
// A recorded pid is trusted only while /proc shows the same start time, so a recycled pid is never killed.
import { spawn, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// The same /proc reader the engine's owner locks use (one parser, main/core/process-probe.ts).
import { readProcStat } from '../../main/core/process-probe';

export interface ProcRecord {
  name: string;
  pid: number;
  /** Field 22 of /proc/PID/stat: clock ticks since boot; identifies this process beyond its pid. */
  startTime: string;
  command: string;
  log: string;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  log: string;
  /** Written to the child's stdin, which is then closed (the keyring password). */
  stdin?: string;
}

export async function startDetached(name: string, command: string, args: string[], opts: StartOptions): Promise<ProcRecord> {
  fs.mkdirSync(path.dirname(opts.log), { recursive: true });
  const fd = fs.openSync(opts.log, 'w'); // one run per log, so its tail is about this run
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} ${command} ${args.map(redactArg).join(' ')}\n`);
  const spawnOptions: SpawnOptions = {
    detached: true,
    stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', fd, fd],
    env: opts.env,
    cwd: opts.cwd,
  };
  const child = spawn(command, args, spawnOptions);
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) =>
        reject(new Error(`Could not start ${name} (${command}): ${error.message}`, { cause: error })),
      );
    });
  } finally {
    fs.closeSync(fd);
  }
  if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${name} (${command}): no pid`);
  const startTime = procStartTime(pid);
  if (startTime === null) throw new Error(`${name} exited immediately. Last lines of ${opts.log}:\n${logTail(opts.log)}`);
  return { name, pid, startTime, command, log: opts.log };
}

/** Values after these flags are not written to the log header. */
function redactArg(arg: string): string {
  return /secret|password/i.test(arg) && arg.includes('=') ? arg.replace(/=.*/, '=[redacted]') : arg;
}

export function procStartTime(pid: number): string | null {
  const stat = readProcStat(pid);
  return stat && stat.state !== 'Z' ? stat.startTicks : null;
}

/** Alive and not a zombie. */
export function isPidAlive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** The recorded process itself, not a recycled pid. */
export function isRecordAlive(rec: ProcRecord): boolean {
  return procStartTime(rec.pid) === rec.startTime;
}

/** Live (non-zombie) members of a process group, found by scanning /proc. */
export function groupMembers(pgid: number): Array<{ pid: number; comm: string }> {
  const members: Array<{ pid: number; comm: string }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.pgrp === pgid && stat.state !== 'Z') members.push({ pid: Number(entry), comm: stat.comm });
  }
  return members;
}

/**
 * Stops the process group a record leads. Linux never hands out a pid while it still names a live process
 * group, so a group with members whose leader is gone is still ours; a live leader with another start
 * time means the pid was recycled and the group is someone else's.
 */
export async function stopGroup(rec: ProcRecord, graceMs = 10_000): Promise<Array<{ pid: number; comm: string }>> {
  const leaderStart = procStartTime(rec.pid);
  if (leaderStart !== null && leaderStart !== rec.startTime) return [];
  if (groupMembers(rec.pid).length === 0) return [];
  signalGroup(rec.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (groupMembers(rec.pid).length === 0) return [];
    await sleep(100);
  }
  signalGroup(rec.pid, 'SIGKILL');
  const killDeadline = Date.now() + 5_000;
  while (Date.now() < killDeadline) {
    if (groupMembers(rec.pid).length === 0) return [];
    await sleep(100);
  }
  return groupMembers(rec.pid);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export function logTail(file: string, lines = 30): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines - 1).join('\n').trimEnd() || '(empty)';
  } catch (error) {
    return `(no log: ${(error as Error).message})`;
  }
}

/**
 * Polls `check` until it returns true. Fails early, with the log tail, when the process has died, and
 * after `timeoutMs` with the last check error and the log tail.
 */
export async function waitReady(
  rec: ProcRecord,
  check: () => Promise<boolean>,
  { timeoutMs, what }: { timeoutMs: number; what: string },
): Promise<void> {
  const started = Date.now();
  let lastError = 'not ready yet';
  while (Date.now() - started < timeoutMs) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (!isRecordAlive(rec)) {
      throw new Error(`${rec.name} exited before it was ready (${what}). Last lines of ${rec.log}:\n${logTail(rec.log)}`);
    }
    await sleep(200);
  }
  throw new Error(
    `${rec.name} was not ready after ${Math.round(timeoutMs / 1000)} s (${what}: ${lastError}). ` +
      `Last lines of ${rec.log}:\n${logTail(rec.log)}`,
  );
}
