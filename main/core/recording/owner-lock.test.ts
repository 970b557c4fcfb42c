// The owner lock on a real folder, with the process facts faked so every case is exact: a live owner
// keeps it; a dead one, a zombie, a reused pid, an earlier boot and a PID-only lock are taken over; a
// released lock is free; and the generation files never pile up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessLook, ProcessProbe } from '../process-identity';
import { createOwnerLocks, type LockOwner } from './owner-lock';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-lock-'));
  dirs.push(dir);
  return dir;
}

/** A machine whose processes the test decides. */
function machine(boot = 'boot-now') {
  const table = new Map<number, ProcessLook>();
  const probe: ProcessProbe = { bootId: () => boot, look: (pid) => table.get(pid) ?? { state: 'gone' } };
  const locksFor = (pid: number, start: string, app = 'cli') => {
    table.set(pid, { state: 'running', start });
    return createOwnerLocks({ self: { pid, boot, start, app, command: `fieldtape ${app}` }, probe, clock: () => new Date('2026-12-03T10:00:00Z') });
  };
  return { table, locksFor };
}

const lockFiles = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith('owner.lock') || n.startsWith('.owner.lock'));

function plant(dir: string, gen: number, owner: Partial<LockOwner>): void {
  const full: LockOwner = { pid: 1, boot: 'boot-now', start: '1', app: 'cli', command: 'fieldtape record', since: '2026-12-03T09:00:00.000Z', ...owner };
  fs.writeFileSync(path.join(dir, `owner.lock.${gen}`), JSON.stringify({ v: 1, owner: full }));
}

describe('owner lock', () => {
  it('is taken once; a second live process is refused and told who owns it since when', () => {
    const m = machine();
    const dir = folder();
    const a = m.locksFor(10, '1000', 'cli');
    const b = m.locksFor(20, '2000', 'web');
    expect(a.tryAcquire(dir)).toEqual({ ok: true, tookOverFrom: null });
    expect(a.tryAcquire(dir)).toEqual({ ok: true, tookOverFrom: null }); // re-entrant for its owner
    const refused = b.tryAcquire(dir);
    expect(refused).toMatchObject({ ok: false, why: 'running', owner: { pid: 10, app: 'cli', since: '2026-12-03T10:00:00.000Z' } });
    a.release(dir);
    expect(b.tryAcquire(dir)).toEqual({ ok: true, tookOverFrom: null });
    expect(lockFiles(dir)).toHaveLength(1);
  });

  it('takes over from an owner that exited, is a zombie, or is being killed', () => {
    for (const look of [null, { state: 'zombie' }, { state: 'dying' }] as const) {
      const m = machine();
      const dir = folder();
      m.locksFor(10, '1000').tryAcquire(dir);
      if (look) m.table.set(10, look);
      else m.table.delete(10);
      const taken = m.locksFor(20, '2000').tryAcquire(dir);
      expect(taken).toMatchObject({ ok: true, tookOverFrom: { owner: { pid: 10 }, why: look?.state ?? 'gone' } });
    }
  });

  it('takes over a lock whose pid now belongs to an unrelated process (PID 1 standing in)', () => {
    const m = machine();
    const dir = folder();
    m.table.set(1, { state: 'running', start: '3' });
    plant(dir, 4, { pid: 1, start: '98765' });
    expect(m.locksFor(20, '2000').tryAcquire(dir)).toMatchObject({ ok: true, tookOverFrom: { owner: { pid: 1 }, why: 'pid-reused' } });
    expect(lockFiles(dir)).toEqual(['owner.lock.5']);
  });

  it('takes over a lock from an earlier boot, even if its pid and start time match a running process', () => {
    const m = machine('boot-now');
    const dir = folder();
    m.table.set(30, { state: 'running', start: '3000' });
    plant(dir, 1, { pid: 30, start: '3000', boot: 'boot-before' });
    expect(m.locksFor(20, '2000').tryAcquire(dir)).toMatchObject({ ok: true, tookOverFrom: { why: 'other-boot' } });
  });

  it('takes over a PID-only lock of an earlier version, which cannot be verified', () => {
    const m = machine();
    const dir = folder();
    m.table.set(1, { state: 'running', start: '3' });
    fs.writeFileSync(path.join(dir, 'owner.lock'), '1');
    expect(m.locksFor(20, '2000').tryAcquire(dir)).toMatchObject({ ok: true, tookOverFrom: { owner: { pid: 1, legacy: true }, why: 'legacy-lock' } });
    expect(lockFiles(dir)).toEqual(['owner.lock.1']);
  });

  it('never lets a process re-create a pruned generation and think it owns the lock', () => {
    const m = machine();
    const dir = folder();
    const a = m.locksFor(10, '1000');
    a.tryAcquire(dir);
    a.release(dir);
    a.tryAcquire(dir); // generation 3 is the lock now; 1 and 2 were pruned
    // A slow process that last saw generation 1 publishes 2 behind everyone's back:
    plant(dir, 2, { pid: 20, start: '2000' });
    m.table.set(20, { state: 'running', start: '2000' });
    expect(a.inspect(dir)).toMatchObject({ owner: { pid: 10 }, verdict: { alive: true } });
    expect(m.locksFor(20, '2000').tryAcquire(dir)).toMatchObject({ ok: false, owner: { pid: 10 } });
  });

  it('lets only its owner release it', () => {
    const m = machine();
    const dir = folder();
    m.locksFor(10, '1000').tryAcquire(dir);
    m.locksFor(20, '2000').release(dir);
    expect(m.locksFor(20, '2000').tryAcquire(dir)).toMatchObject({ ok: false, owner: { pid: 10 } });
  });
});
