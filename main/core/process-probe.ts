// The platform facts behind process-identity.ts: the boot's id and, for a pid, whether it runs and when it
// started. The parsers are pure (and unit-tested); reading /proc or asking ps/PowerShell is all that is
// left to the probe itself.
//   Linux:   /proc/sys/kernel/random/boot_id; /proc/PID/stat (field 3 state, field 22 start time in clock
//            ticks since boot); /proc/PID/status SigPnd/ShdPnd (a pending SIGKILL means it is dying).
//   macOS:   `sysctl -n kern.boottime`; `ps -o stat=,lstart= -p PID` (stat Z: zombie, E: exiting).
//   Windows: PowerShell: the OS's LastBootUpTime and the process's StartTime (UTC ticks). Windows has no
//            zombies in this sense: an exited process is gone from Get-Process.
//   Elsewhere: kill(pid, 0) only; owners are then judged conservatively (see judgeOwner).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { ProcessLook, ProcessProbe } from './process-identity';

export interface ProcStat {
  pid: number;
  comm: string;
  /** One letter: R running, S sleeping, D disk sleep, Z zombie, X dead, T stopped, … */
  state: string;
  ppid: number;
  pgrp: number;
  /** Field 22: clock ticks after boot at which the process started. */
  startTicks: string;
}

/** Parses /proc/PID/stat. comm (field 2) may hold spaces and parentheses: split after the last ')'. */
export function parseProcStat(raw: string): ProcStat | null {
  const open = raw.indexOf('(');
  const close = raw.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = raw.slice(close + 2).trim().split(' ');
  // rest[0] is field 3 (state); field 22 (starttime) is rest[19].
  const startTicks = rest[19];
  if (rest.length < 20 || startTicks === undefined) return null;
  return { pid: Number(raw.slice(0, open).trim()), comm: raw.slice(open + 1, close), state: rest[0]!, ppid: Number(rest[1]), pgrp: Number(rest[2]), startTicks };
}

export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

const SIGKILL_BIT = 1n << 8n; // signal 9 is bit 8 of the pending masks

/** Whether /proc/PID/status shows SIGKILL pending (for the thread or the whole group). */
export function sigkillPending(status: string): boolean {
  for (const field of ['SigPnd', 'ShdPnd']) {
    const match = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'mi').exec(status);
    if (match && (BigInt(`0x${match[1]}`) & SIGKILL_BIT) !== 0n) return true;
  }
  return false;
}

/** `sysctl -n kern.boottime` → "{ sec = 1700000000, usec = 123456 } Tue Nov 14 …" → "1700000000.123456". */
export function parseDarwinBootTime(text: string): string | null {
  const match = /sec\s*=\s*(\d+),\s*usec\s*=\s*(\d+)/.exec(text);
  return match ? `${match[1]}.${match[2]}` : null;
}

/** `ps -o stat=,lstart= -p PID` → a look. Empty output: no such process. */
export function parsePsLine(text: string): ProcessLook {
  const line = text.trim();
  if (!line) return { state: 'gone' };
  const [stat = '', ...start] = line.split(/\s+/);
  if (stat.includes('Z')) return { state: 'zombie' };
  if (stat.includes('E')) return { state: 'dying' };
  return { state: 'running', start: start.join(' ') || null };
}

function linuxProbe(): ProcessProbe {
  let boot: string | null | undefined;
  return {
    bootId() {
      if (boot === undefined) {
        try {
          boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
        } catch {
          boot = null;
        }
      }
      return boot;
    },
    look(pid) {
      const stat = readProcStat(pid);
      if (!stat) return { state: 'gone' };
      if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return { state: 'zombie' };
      try {
        if (sigkillPending(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))) return { state: 'dying' };
      } catch {
        return { state: 'gone' }; // it ended between the two reads
      }
      return { state: 'running', start: stat.startTicks };
    },
  };
}

function run(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, LC_ALL: 'C' }, timeout: 10_000, windowsHide: true });
  } catch {
    return null;
  }
}

function darwinProbe(): ProcessProbe {
  let boot: string | null | undefined;
  return {
    bootId: () => (boot === undefined ? (boot = parseDarwinBootTime(run('sysctl', ['-n', 'kern.boottime']) ?? '')) : boot),
    look: (pid) => parsePsLine(run('ps', ['-o', 'stat=,lstart=', '-p', String(pid)]) ?? ''),
  };
}

function windowsProbe(): ProcessProbe {
  const ps = (script: string) => run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script])?.trim() ?? '';
  let boot: string | null | undefined;
  return {
    bootId: () => (boot === undefined ? (boot = ps('(Get-CimInstance Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().Ticks') || null) : boot),
    look(pid) {
      // Another user's elevated process may refuse its StartTime: it runs, but cannot be told apart.
      const start = ps(`$p = Get-Process -Id ${Number(pid)} -ErrorAction SilentlyContinue; if ($p) { try { $p.StartTime.ToUniversalTime().Ticks } catch { 'unknown' } }`);
      if (!start) return { state: 'gone' };
      return { state: 'running', start: start === 'unknown' ? null : start };
    },
  };
}

function signalProbe(): ProcessProbe {
  return {
    bootId: () => null,
    look(pid) {
      try {
        process.kill(pid, 0);
        return { state: 'running', start: null };
      } catch (error) {
        // EPERM: it exists, it is just not ours to signal.
        return (error as NodeJS.ErrnoException).code === 'EPERM' ? { state: 'running', start: null } : { state: 'gone' };
      }
    },
  };
}

/** The probe for this platform. Each caller gets its own (the boot id is cached per probe). */
export function createProcessProbe(platform: NodeJS.Platform = process.platform): ProcessProbe {
  if (platform === 'linux') return linuxProbe();
  if (platform === 'darwin') return darwinProbe();
  if (platform === 'win32') return windowsProbe();
  return signalProbe();
}
