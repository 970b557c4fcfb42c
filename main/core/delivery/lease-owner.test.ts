// A delivery lease is taken from its holder before it expires only when that holder is certainly gone.
import { describe, expect, it } from 'vitest';
import type { ProcessLook, ProcessProbe } from '../process-identity';
import { formatLeaseOwner, leaseHolderGone, parseLeaseOwner } from './lease-owner';

const probe = (table: Record<number, ProcessLook>): ProcessProbe => ({ bootId: () => 'boot-b', look: (pid) => table[pid] ?? { state: 'gone' } });
const me = { host: 'box', run: 'aaaa', process: { pid: 100, boot: 'boot-b', start: '500' } };
const holder = (pid: number, start: string, boot = 'boot-b', run = 'bbbb') => formatLeaseOwner({ host: 'box', run, process: { pid, boot, start } });

describe('lease owner', () => {
  it('round-trips through its text form', () => {
    const owner = { host: 'my/host', run: 'cc', process: { pid: 7, boot: 'b-1', start: 'Tue Nov 14 22:13:20 2023' } };
    expect(parseLeaseOwner(formatLeaseOwner(owner))).toEqual(owner);
    expect(parseLeaseOwner('box/7/cc')).toEqual({ host: 'box', run: 'cc', process: { pid: 7, boot: null, start: null } });
  });

  it('takes the lease of a dead, zombie, reused-pid or earlier-boot holder, not of a running one', () => {
    expect(leaseHolderGone(holder(200, '900'), me, probe({ 200: { state: 'running', start: '900' } }))).toBe(false);
    expect(leaseHolderGone(holder(200, '900'), me, probe({}))).toBe(true);
    expect(leaseHolderGone(holder(200, '900'), me, probe({ 200: { state: 'zombie' } }))).toBe(true);
    expect(leaseHolderGone(holder(1, '900'), me, probe({ 1: { state: 'running', start: '3' } }))).toBe(true);
    expect(leaseHolderGone(holder(200, '900', 'boot-a'), me, probe({ 200: { state: 'running', start: '900' } }))).toBe(true);
  });

  it('knows an earlier engine of this process from itself, and leaves other hosts and old leases to expire', () => {
    expect(leaseHolderGone(holder(100, '500', 'boot-b', 'aaaa'), me, probe({}))).toBe(false);
    expect(leaseHolderGone(holder(100, '500', 'boot-b', 'old1'), me, probe({}))).toBe(true);
    expect(leaseHolderGone(formatLeaseOwner({ host: 'other', run: 'x', process: { pid: 200, boot: 'boot-b', start: '1' } }), me, probe({}))).toBe(false);
    expect(leaseHolderGone('box/200/xyz', me, probe({ 200: { state: 'running', start: '900' } }))).toBe(false); // written before boot/start: pid only
    expect(leaseHolderGone('box/200/xyz', me, probe({}))).toBe(true);
  });
});
