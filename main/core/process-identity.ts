// Who a process is, beyond its pid. A pid alone cannot name an owner: a killed process answers
// kill(pid, 0) until its parent reaps it (a zombie), and after a reboot or enough process churn the same
// number belongs to somebody else. So an owner is recorded as (boot id, pid, start time) and is alive
// only while this boot's process with that pid started at that same moment, is not a zombie and has no
// SIGKILL pending. The judgement is pure; the platform facts come from a ProcessProbe (process-probe.ts).

/** What Fieldtape writes down about a process that owns something (an owner lock, a delivery lease). */
export interface ProcessIdentity {
  pid: number;
  /** This boot of the machine (Linux boot_id, macOS kern.boottime, Windows last boot time); null: unknown. */
  boot: string | null;
  /** The process's start time as the platform tells it (opaque, compared for equality); null: unknown. */
  start: string | null;
}

/** What the platform says about a pid right now. */
export type ProcessLook =
  | { state: 'gone' }
  /** Exited, not yet reaped by its parent: it will never run again. */
  | { state: 'zombie' }
  /** SIGKILL is pending or it is exiting: it will never run user code again. */
  | { state: 'dying' }
  /** start: null when this platform cannot tell (then the pid is all there is to go on). */
  | { state: 'running'; start: string | null };

export interface ProcessProbe {
  /** The current boot's id; null when the platform cannot tell. */
  bootId(): string | null;
  look(pid: number): ProcessLook;
}

export type OwnerVerdict =
  | { alive: true; why: 'this-process' | 'running' | 'unverifiable' }
  | { alive: false; why: 'invalid' | 'gone' | 'zombie' | 'dying' | 'other-boot' | 'pid-reused' | 'legacy-lock' };

/** The identity of the process asking, for comparing with what a lock or lease recorded. */
export function identify(pid: number, probe: ProcessProbe): ProcessIdentity {
  const look = probe.look(pid);
  return { pid, boot: probe.bootId(), start: look.state === 'running' ? look.start : null };
}

/**
 * Whether the process a lock or lease names is still that process. Unknown facts (a platform without
 * boot ids or start times) make the answer conservative: alive while the pid runs ("unverifiable"),
 * because wrongly calling an owner dead lets two processes write one recording.
 */
export function judgeOwner(recorded: ProcessIdentity, self: ProcessIdentity, probe: ProcessProbe): OwnerVerdict {
  if (!Number.isInteger(recorded.pid) || recorded.pid <= 0) return { alive: false, why: 'invalid' };
  const boot = self.boot ?? probe.bootId();
  if (recorded.boot !== null && boot !== null && recorded.boot !== boot) return { alive: false, why: 'other-boot' };
  if (recorded.pid === self.pid) {
    // This very process, or an earlier one of this boot whose pid we now have.
    if (recorded.start !== null && self.start !== null && recorded.start !== self.start) return { alive: false, why: 'pid-reused' };
    return { alive: true, why: 'this-process' };
  }
  const look = probe.look(recorded.pid);
  if (look.state !== 'running') return { alive: false, why: look.state };
  if (recorded.start !== null && look.start !== null) {
    return recorded.start === look.start ? { alive: true, why: 'running' } : { alive: false, why: 'pid-reused' };
  }
  return { alive: true, why: 'unverifiable' };
}

/** Why an owner was judged gone, in words for a log line or the recover report. */
export function describeVerdict(verdict: Pick<OwnerVerdict, 'why'>): string {
  switch (verdict.why) {
    case 'this-process':
      return 'this process';
    case 'running':
      return 'the same process is still running';
    case 'unverifiable':
      return 'a process with that pid is running (this platform cannot tell whether it is the same one)';
    case 'invalid':
      return 'the lock names no valid process';
    case 'gone':
      return 'the process has exited';
    case 'zombie':
      return 'the process was killed and has not been reaped yet';
    case 'dying':
      return 'the process is being killed';
    case 'other-boot':
      return 'the process ran before the machine restarted';
    case 'pid-reused':
      return 'its pid now belongs to another process';
    case 'legacy-lock':
      return 'the lock, from an earlier version, names only a pid, which cannot be verified';
  }
}
