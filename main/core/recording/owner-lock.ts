// Which process owns a recording's folder. The CLI may be recording while the app starts (or the reverse);
// recovery must leave a recording alone while its owner is alive, and take it over once the owner died —
// including after a power cut, when the pid in the lock belongs to some other process of the new boot.
//
// Node has no flock(), so the lock is a log of generations, each published exactly once:
//   owner.lock.<n>  JSON {v: 1, owner: LockOwner | null}   (null: released)
// The highest generation is the lock's state. Taking it (fresh, released, or from a dead owner) means
// publishing generation n+1 with link(2), which fails with EEXIST when another process got there first: of
// two processes that both judged generation n stale, exactly one wins. The file is written in full and
// fsynced under a temporary name before it is linked, so a reader never sees half a lock. Lower
// generations are deleted by the winner; a slow process that re-creates a deleted one finds a higher
// generation when it checks, and backs off.
// The owner is (boot id, pid, start time) — see process-identity.ts for why a pid alone is not enough.
// A lock from before this format (owner.lock holding a bare pid) names no process we can verify; it is
// treated as stale unless that pid is this very process (docs/recording.md, "Who owns a recording").
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { judgeOwner, type OwnerVerdict, type ProcessIdentity, type ProcessProbe } from '../process-identity';

const PREFIX = 'owner.lock.';
const LEGACY = 'owner.lock';
const GENERATION = /^owner\.lock\.(\d{1,15})$/;

export interface LockOwner extends ProcessIdentity {
  /** Which host took it: 'cli', 'web' or 'electron'. */
  app: string;
  /** What that process was doing, for people ("record --source testsrc"). */
  command: string;
  /** When it took the lock (ISO). */
  since: string;
  /** Read from a pid-only lock of an earlier version. */
  legacy?: true;
}

export type AcquireResult =
  | { ok: true; tookOverFrom: { owner: LockOwner; why: OwnerVerdict['why'] } | null }
  | { ok: false; owner: LockOwner; why: OwnerVerdict['why'] };

export interface OwnerLocks {
  /** Takes the folder's lock unless a live process (other than this one) holds it. */
  tryAcquire(dir: string): AcquireResult;
  /** Releases the lock if this process holds it. */
  release(dir: string): void;
  /** Who holds the lock and whether that process is alive; null when nobody does. */
  inspect(dir: string): { owner: LockOwner; verdict: OwnerVerdict } | null;
}

export interface OwnerLockDeps {
  /** This process, as it is written into the locks it takes. */
  self: Omit<LockOwner, 'since'>;
  probe: ProcessProbe;
  clock: () => Date;
}

interface Generation {
  gen: number;
  owner: LockOwner | null;
}

export function createOwnerLocks(deps: OwnerLockDeps): OwnerLocks {
  const self: ProcessIdentity = { pid: deps.self.pid, boot: deps.self.boot, start: deps.self.start };
  // A pid-only lock cannot be told from a reused pid: only this very process may keep it.
  const judge = (owner: LockOwner): OwnerVerdict =>
    owner.legacy && owner.pid !== self.pid ? { alive: false, why: 'legacy-lock' } : judgeOwner(owner, self, deps.probe);
  const isMe = (owner: LockOwner | null) => owner !== null && judge(owner).why === 'this-process';

  function tryAcquire(dir: string): AcquireResult {
    let takenFrom: { owner: LockOwner; why: OwnerVerdict['why'] } | null = null;
    for (let attempt = 0; attempt < 20; attempt++) {
      const top = readTop(dir);
      if (top?.owner) {
        const verdict = judge(top.owner);
        if (verdict.why === 'this-process') return { ok: true, tookOverFrom: null };
        if (verdict.alive) return { ok: false, owner: top.owner, why: verdict.why };
        takenFrom = { owner: top.owner, why: verdict.why };
      }
      const next = (top?.gen ?? 0) + 1;
      // A folder that vanished (deleted by hand) still gets an owner: recovery then reports it empty.
      if (attempt === 0) fs.mkdirSync(dir, { recursive: true });
      if (!publish(dir, next, { ...deps.self, since: deps.clock().toISOString() })) continue; // someone moved first: look again
      if (highestGeneration(dir) !== next) {
        // We re-created a generation the winner had already deleted: a higher one is the lock.
        fs.rmSync(path.join(dir, PREFIX + next), { force: true });
        continue;
      }
      prune(dir, next);
      return { ok: true, tookOverFrom: takenFrom };
    }
    const top = readTop(dir);
    if (top?.owner) return { ok: false, owner: top.owner, why: judge(top.owner).why };
    throw new Error(`Could not take the owner lock in ${dir}: it kept changing while being taken.`);
  }

  function release(dir: string): void {
    try {
      const top = readTop(dir);
      if (!top || !isMe(top.owner)) return;
      if (publish(dir, top.gen + 1, null)) prune(dir, top.gen + 1);
    } catch {
      // the folder is gone (deleted): nothing to release
    }
  }

  function inspect(dir: string) {
    const top = readTop(dir);
    return top?.owner ? { owner: top.owner, verdict: judge(top.owner) } : null;
  }

  return { tryAcquire, release, inspect };
}

function generations(dir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: number[] = [];
  for (const name of names) {
    const match = GENERATION.exec(name);
    if (match) found.push(Number(match[1]));
  }
  return found;
}

function highestGeneration(dir: string): number {
  return Math.max(0, ...generations(dir));
}

function readTop(dir: string): Generation | null {
  for (let attempt = 0; attempt < 5; attempt++) {
    const gen = highestGeneration(dir);
    if (gen === 0) return readLegacy(dir);
    try {
      const parsed = JSON.parse(fs.readFileSync(path.join(dir, PREFIX + gen), 'utf8')) as { owner?: LockOwner | null };
      return { gen, owner: parsed.owner ?? null };
    } catch (error) {
      // Pruned between readdir and read: a higher generation exists now, look again.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      // Unreadable content (a filesystem without hard links, see publish): nobody we can verify.
      return { gen, owner: null };
    }
  }
  throw new Error(`The owner lock in ${dir} kept changing while it was read.`);
}

/** A pid-only lock written by an earlier version: it names no process that can be verified. */
function readLegacy(dir: string): Generation | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, LEGACY), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  const since = (() => {
    try {
      return fs.statSync(path.join(dir, LEGACY)).mtime.toISOString();
    } catch {
      return new Date(0).toISOString();
    }
  })();
  return { gen: 0, owner: Number.isInteger(pid) && pid > 0 ? { pid, boot: null, start: null, app: 'unknown', command: 'an earlier Fieldtape version', since, legacy: true } : null };
}

/** Publishes generation `gen` once; false when it exists already. */
function publish(dir: string, gen: number, owner: LockOwner | null): boolean {
  const target = path.join(dir, PREFIX + gen);
  const body = JSON.stringify({ v: 1, owner });
  const temp = path.join(dir, `.owner.lock.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx');
  try {
    fs.writeSync(fd, body);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    // No hard links here (FAT, exFAT): O_EXCL still lets exactly one process create the generation.
    try {
      fs.writeFileSync(target, body, { flag: 'wx' });
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Deletes every generation below `keep`, and a legacy lock. */
function prune(dir: string, keep: number): void {
  for (const gen of generations(dir)) if (gen < keep) fs.rmSync(path.join(dir, PREFIX + gen), { force: true });
  fs.rmSync(path.join(dir, LEGACY), { force: true });
}
