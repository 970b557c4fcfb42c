// The platform parsers, and the Linux probe against real processes: this process, a killed child that its
// parent has not reaped yet (a zombie answers kill(pid, 0), which is how a PID-only lock was fooled).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createProcessProbe, parseDarwinBootTime, parseProcStat, parsePsLine, sigkillPending } from './process-probe';

describe('parsers', () => {
  it('reads /proc/PID/stat even when comm holds spaces and parentheses', () => {
    const raw = '4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 3 0 987654 1000 10 18446744073709551615';
    expect(parseProcStat(raw)).toMatchObject({ pid: 4242, comm: 'my (odd) name', state: 'S', ppid: 1, pgrp: 4242, startTicks: '987654' });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('sees SIGKILL pending for the thread or the group', () => {
    expect(sigkillPending('Name:\tnode\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000100\n')).toBe(true);
    expect(sigkillPending('SigPnd:\t0000000000000100\nShdPnd:\t0000000000000000\n')).toBe(true);
    expect(sigkillPending('SigPnd:\t0000000000004002\nShdPnd:\t0000000000000000\n')).toBe(false);
  });

  it('reads macOS boot time and ps lines', () => {
    expect(parseDarwinBootTime('{ sec = 1700000000, usec = 123456 } Tue Nov 14 22:13:20 2023')).toBe('1700000000.123456');
    expect(parseDarwinBootTime('')).toBeNull();
    expect(parsePsLine('Ss   Tue Nov 14 22:13:20 2023\n')).toEqual({ state: 'running', start: 'Tue Nov 14 22:13:20 2023' });
    expect(parsePsLine('Z    Tue Nov 14 22:13:20 2023')).toEqual({ state: 'zombie' });
    expect(parsePsLine('RE   Tue Nov 14 22:13:20 2023')).toEqual({ state: 'dying' });
    expect(parsePsLine('')).toEqual({ state: 'gone' });
  });
});

describe.runIf(process.platform === 'linux')('the Linux probe', () => {
  it('knows this boot and this process', () => {
    const probe = createProcessProbe('linux');
    expect(probe.bootId()).toMatch(/^[0-9a-f-]{36}$/);
    const look = probe.look(process.pid);
    expect(look.state).toBe('running');
    expect(look.state === 'running' && look.start).toMatch(/^\d+$/);
    expect(probe.look(2 ** 22 + 12345)).toEqual({ state: 'gone' });
  });

  it('does not take a killed, unreaped child for a running process', async () => {
    const probe = createProcessProbe('linux');
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const pid = child.pid!;
    expect(probe.look(pid).state).toBe('running');
    process.kill(pid, 'SIGKILL');
    // Synchronously, so this process's event loop cannot reap it: it stays a zombie (or is still dying).
    const seen = new Set<string>();
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline) {
      const state = probe.look(pid).state;
      seen.add(state);
      if (state === 'zombie') break;
    }
    expect(seen.has('zombie')).toBe(true);
    expect([...seen].every((s) => s === 'dying' || s === 'zombie')).toBe(true);
    // kill(pid, 0) still answers for it: the check a PID-only lock relied on.
    expect(() => process.kill(pid, 0)).not.toThrow();
    await new Promise((resolve) => child.once('exit', resolve));
  });
});
