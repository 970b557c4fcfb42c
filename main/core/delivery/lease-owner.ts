// Who holds a delivery's lease, as written into deliveries.lease_owner: host/pid/run/boot/start. The app
// and the CLI never upload one recording at once; when the holder died (killed, a power cut), the next
// process may take the lease at once instead of waiting for it to expire — but only when the holder is
// certainly gone: a zombie, a reused pid or a process of an earlier boot are not it (process-identity.ts).
// Leases of another host, or written before boot and start were recorded, are left to expire.
import { judgeOwner, type ProcessIdentity, type ProcessProbe } from '../process-identity';

export interface LeaseOwner {
  host: string;
  /** Which engine in that process (a process may build more than one, e.g. in tests). */
  run: string;
  process: ProcessIdentity;
}

export function formatLeaseOwner(owner: LeaseOwner): string {
  const { pid, boot, start } = owner.process;
  return [owner.host, String(pid), owner.run, boot ?? '', start ?? ''].map(encodeURIComponent).join('/');
}

export function parseLeaseOwner(text: string): LeaseOwner | null {
  const parts = text.split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const [host, pid, run, boot, start] = parts;
  if (!host || !pid || run === undefined || parts.length > 5) return null;
  return { host, run, process: { pid: Number(pid), boot: boot || null, start: start || null } };
}

/** Whether the lease holder `other` is certainly gone, so `me` may take the lease before it expires. */
export function leaseHolderGone(other: string, me: LeaseOwner, probe: ProcessProbe): boolean {
  const holder = parseLeaseOwner(other);
  if (!holder || holder.host !== me.host) return false;
  if (!Number.isInteger(holder.process.pid) || holder.process.pid <= 0) return false; // not a lease this code wrote: let it expire
  const verdict = judgeOwner(holder.process, me.process, probe);
  // An earlier engine in this very process is gone once this one runs; the current one is not.
  if (verdict.why === 'this-process') return holder.run !== me.run;
  return !verdict.alive;
}
