// The owner judgement on its own: a dead process, a zombie, a dying one, a reused pid and a process of an
// earlier boot never pass for the owner; unknown facts make it conservative.
import { describe, expect, it } from 'vitest';
import { identify, judgeOwner, type ProcessLook, type ProcessProbe } from './process-identity';

function probe(boot: string | null, table: Record<number, ProcessLook>): ProcessProbe {
  return { bootId: () => boot, look: (pid) => table[pid] ?? { state: 'gone' } };
}

const self = { pid: 100, boot: 'boot-b', start: '5000' };
const owner = { pid: 200, boot: 'boot-b', start: '7000' };

describe('judgeOwner', () => {
  it('keeps a running owner that started at the recorded moment', () => {
    expect(judgeOwner(owner, self, probe('boot-b', { 200: { state: 'running', start: '7000' } }))).toEqual({ alive: true, why: 'running' });
  });

  it('calls a pid that now belongs to another process reused (PID 1 standing in for it)', () => {
    const reused = { ...owner, pid: 1 };
    expect(judgeOwner(reused, self, probe('boot-b', { 1: { state: 'running', start: '3' } }))).toEqual({ alive: false, why: 'pid-reused' });
  });

  it('calls an owner of an earlier boot gone, even when the pid and start time happen to match', () => {
    const earlier = { ...owner, boot: 'boot-a' };
    expect(judgeOwner(earlier, self, probe('boot-b', { 200: { state: 'running', start: '7000' } }))).toEqual({ alive: false, why: 'other-boot' });
  });

  it('calls a dead, a zombie and a dying owner gone', () => {
    expect(judgeOwner(owner, self, probe('boot-b', {}))).toEqual({ alive: false, why: 'gone' });
    expect(judgeOwner(owner, self, probe('boot-b', { 200: { state: 'zombie' } }))).toEqual({ alive: false, why: 'zombie' });
    expect(judgeOwner(owner, self, probe('boot-b', { 200: { state: 'dying' } }))).toEqual({ alive: false, why: 'dying' });
  });

  it('recognises this process, and an earlier process of this boot that had our pid', () => {
    expect(judgeOwner(self, self, probe('boot-b', {}))).toEqual({ alive: true, why: 'this-process' });
    expect(judgeOwner({ ...self, start: '4000' }, self, probe('boot-b', {}))).toEqual({ alive: false, why: 'pid-reused' });
  });

  it('stays conservative where the platform cannot tell boot or start (alive while the pid runs)', () => {
    const unknown = { pid: 200, boot: null, start: null };
    expect(judgeOwner(unknown, { pid: 100, boot: null, start: null }, probe(null, { 200: { state: 'running', start: null } }))).toEqual({ alive: true, why: 'unverifiable' });
    expect(judgeOwner(unknown, { pid: 100, boot: null, start: null }, probe(null, {}))).toEqual({ alive: false, why: 'gone' });
  });

  it('rejects a lock that names no valid pid', () => {
    expect(judgeOwner({ pid: 0, boot: null, start: null }, self, probe('boot-b', {}))).toEqual({ alive: false, why: 'invalid' });
    expect(judgeOwner({ pid: Number.NaN, boot: null, start: null }, self, probe('boot-b', {}))).toEqual({ alive: false, why: 'invalid' });
  });

  it('identifies a process by boot, pid and start time', () => {
    expect(identify(200, probe('boot-b', { 200: { state: 'running', start: '7000' } }))).toEqual(owner);
  });
});
