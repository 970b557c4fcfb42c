// Deleting a recording from this computer. The plan says exactly what goes (the recording's folder:
// journal, MP4, previews, manifest; its library row, tags and chunk index) and what stays: whatever was
// delivered stays in the customer's bucket (Fieldtape's credentials can only write), and the audit log
// keeps every event and records the deletion itself. The row and the audit event go in one transaction;
// the files are removed after it commits (a crash in between leaves an orphan folder, never a row
// pointing at missing files without an audit record).
import fs from 'node:fs';
import type { DeletePlan, DeleteResult } from '../../../shared/domain/library';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import { AppError } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import { bytesOf } from '../disk-usage';
import type { OwnerLocks } from '../recording/owner-lock';
import type { Db } from '../store/database';
import { DELIVERY_IN_FLIGHT, readDeliveryView, type DeliveryView } from '../store/delivery-view';

const DELETABLE = new Set(['ready', 'failed']);

const ARTIFACT_NAMES: Record<string, string> = {
  mp4: 'MP4 video',
  snapshot: 'Snapshot image',
  filmstrip: 'Filmstrip image',
  waveform: 'Waveform image',
  manifest: 'Manifest',
  annotations: 'Annotations sidecar',
  raw: 'Raw recording',
};

export interface DeleteDeps {
  db: Db;
  audit: AuditLog;
  get(id: string): RecordingSnapshot;
  /** Deletes the recording's row (the recordings repository's remove). */
  remove(id: string): void;
  dirOf(id: string): string;
  locks: OwnerLocks;
}

function refusalFor(recording: RecordingSnapshot, delivery: DeliveryView | null): string | null {
  if (!DELETABLE.has(recording.state)) {
    return `The recording is ${recording.state}. Only a finished (ready or failed) recording can be deleted; stop or recover it first.`;
  }
  if (delivery && DELIVERY_IN_FLIGHT.has(delivery.state)) {
    return `Its delivery is ${delivery.state}. Cancel the delivery first, or wait until it has finished.`;
  }
  return null;
}

export function planDelete(deps: DeleteDeps, id: string): DeletePlan {
  const recording = deps.get(id);
  const delivery = readDeliveryView(deps.db, id);
  const dir = deps.dirOf(id);
  const local: DeletePlan['local'] = [];
  for (const artifact of recording.artifacts) {
    local.push({ what: ARTIFACT_NAMES[artifact.kind] ?? artifact.kind, path: artifact.path, bytes: bytesOf(artifact.path) });
  }
  const rest = bytesOf(dir) - local.reduce((sum, f) => sum + f.bytes, 0);
  local.push({ what: 'Recorded chunks (journal) and working files', path: dir, bytes: Math.max(0, rest) });
  local.push({ what: 'Library entry, tags and chunk index', path: 'fieldtape.db', bytes: 0 });

  const delivered = delivery?.objects.filter((o) => o.status === 'delivered') ?? [];
  const keys = delivered.map((o) => o.key);
  const explanation =
    keys.length > 0
      ? `${keys.length} object${keys.length === 1 ? '' : 's'} stay${keys.length === 1 ? 's' : ''} in the bucket ${delivery?.bucket ?? '(unknown)'}: ` +
        "Fieldtape's credentials can only write to the bucket, so it cannot delete them. Ask the bucket's owner if they must go too."
      : delivery
        ? `Nothing of this recording was delivered (delivery ${delivery.state}), so nothing is in a bucket.`
        : 'This recording was never delivered, so nothing is in a bucket.';
  return {
    recordingId: id,
    title: recording.title,
    allowed: refusalFor(recording, delivery) === null,
    refusal: refusalFor(recording, delivery),
    local,
    localBytes: local.reduce((sum, f) => sum + f.bytes, 0),
    bucket: { delivered: keys.length > 0, bucket: delivery?.bucket ?? null, keys, explanation },
  };
}

export function deleteRecording(deps: DeleteDeps, id: string): DeleteResult {
  const plan = planDelete(deps, id);
  if (!plan.allowed) throw new AppError('CONFLICT', `Cannot delete "${plan.title}": ${plan.refusal}`);
  const recording = deps.get(id);
  const dir = deps.dirOf(id);
  // Another live process (a CLI recover) may own the folder; leave it alone then.
  if (fs.existsSync(dir) && !deps.locks.tryAcquire(dir).ok) {
    throw new AppError('CONFLICT', `Cannot delete "${plan.title}": another Fieldtape process is working on it. Try again when it has finished.`);
  }
  let auditSeq: number;
  try {
    auditSeq = deps.db.transaction(() => {
      const event = deps.audit.append('recording.deleted', {
        recordingId: id,
        sessionId: recording.sessionId,
        data: {
          title: recording.title,
          artifacts: recording.artifacts.map((a) => ({ kind: a.kind, bytes: a.bytes, sha256: a.sha256 })),
          localBytes: plan.localBytes,
          deliveredObjects: plan.bucket.keys.length,
          bucket: plan.bucket.bucket,
        },
      });
      deps.remove(id);
      return event.seq;
    }).immediate();
  } catch (error) {
    deps.locks.release(dir);
    throw error;
  }
  const leftovers: string[] = [];
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    leftovers.push(dir);
  }
  return { recordingId: id, removedBytes: plan.localBytes, auditSeq, leftovers };
}
