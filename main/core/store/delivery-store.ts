// SQLite access for deliveries (schema 4): the delivery rows with their persisted state, the objects each
// delivery sends, and the part journal of each multipart upload. Every write is one statement or one
// transaction, so with synchronous=FULL a committed row survives a crash or a power cut.
import type { ArtifactKind } from '../../../shared/domain/artifact';
import { DeliveryStateSchema, type DeliveryMode, type DeliveryState } from '../../../shared/domain/delivery';
import { parseBucketLocation, type BucketLocation } from '../../../shared/domain/object-location';
import type { AppErrorData } from '../../../shared/errors';
import type { Db } from './database';

export interface DeliveryRow {
  recordingId: string;
  profileId: string;
  mode: DeliveryMode;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: AppErrorData | null;
  leaseOwner: string | null;
  leaseUntil: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  journalDeletedAt: string | null;
  mp4EvictedAt: string | null;
  lastUsedAt: string | null;
  localPurgedAt: string | null;
  /** Where the objects were (or are being) sent; null until the first attempt or instant start. */
  location: BucketLocation | null;
}

/** 'conflict': the key holds an object this device did not write (412 on If-None-Match); never sent again. */
export type ObjectStatus = 'pending' | 'uploading' | 'delivered' | 'conflict';

export interface ObjectRow {
  recordingId: string;
  name: string;
  kind: ArtifactKind;
  seq: number;
  key: string;
  localPath: string;
  bytes: number | null;
  sha256: string | null;
  status: ObjectStatus;
  uploadId: string | null;
  partSize: number | null;
  etag: string | null;
  checksumSha256: string | null;
  deliveredAt: string | null;
}

export interface PartRow {
  partNumber: number;
  offset: number;
  size: number;
  checksumSha256: string;
  etag: string;
}

interface RawDelivery {
  recording_id: string;
  profile_id: string;
  mode: string;
  state_json: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error_json: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
  journal_deleted_at: string | null;
  mp4_evicted_at: string | null;
  last_used_at: string | null;
  local_purged_at: string | null;
  location_json: string | null;
}

interface RawObject {
  recording_id: string;
  name: string;
  kind: string;
  seq: number;
  key: string;
  local_path: string;
  bytes: number | null;
  sha256: string | null;
  status: string;
  upload_id: string | null;
  part_size: number | null;
  etag: string | null;
  checksum_sha256: string | null;
  delivered_at: string | null;
}

/** An object as the delivery plan decides it, before any upload. */
export type PlannedObject = Pick<ObjectRow, 'name' | 'kind' | 'seq' | 'key' | 'localPath' | 'bytes' | 'sha256'>;
type Planned = PlannedObject;
type Stamp = 'journal_deleted_at' | 'mp4_evicted_at' | 'last_used_at' | 'local_purged_at';

export interface DeliveryStore {
  get(recordingId: string): DeliveryRow | null;
  list(limit?: number): DeliveryRow[];
  inStates(states: string[]): DeliveryRow[];
  /** Ready recordings bound to a profile that have no delivery yet (found in SQL: a library may hold 100k). */
  undeliveredReadyIds(): string[];
  /** Deliveries that are not delivered or cancelled. */
  unfinishedIds(): string[];
  /** Delivered recordings whose raw chunks are still here, oldest first, at most `limit`. */
  deliveredWithJournal(limit: number): string[];
  /** Local MP4s of delivered recordings not yet evicted, with what LRU needs (one query, not one per row). */
  deliveredMp4s(): Array<{ recordingId: string; path: string; usedAt: string }>;
  insert(recordingId: string, profileId: string, mode: DeliveryMode, state: DeliveryState, now: string): boolean;
  setState(recordingId: string, state: DeliveryState, fields: { attempts: number; nextAttemptAt: string | null; lastError: AppErrorData | null }, now: string): void;
  setMode(recordingId: string, mode: DeliveryMode, now: string): void;
  /** Records where this delivery's objects go (the profile's bucket and addressing at the time). */
  setLocation(recordingId: string, location: BucketLocation): void;
  claim(recordingId: string, owner: string, leaseUntil: string, now: string, ownerGone: (owner: string) => boolean): boolean;
  renew(recordingId: string, owner: string, leaseUntil: string): void;
  release(recordingId: string, owner: string): void;
  stamp(recordingId: string, column: Stamp, at: string): void;
  objects(recordingId: string): ObjectRow[];
  object(recordingId: string, name: string): ObjectRow | null;
  syncObjects(recordingId: string, planned: Planned[]): void;
  insertObject(recordingId: string, o: Planned): void;
  setContent(recordingId: string, name: string, bytes: number, sha256: string): void;
  resetUpload(recordingId: string, name: string): void;
  beginUpload(recordingId: string, name: string, uploadId: string, partSize: number): void;
  parts(recordingId: string, name: string, uploadId: string): PartRow[];
  recordPart(recordingId: string, name: string, uploadId: string, part: PartRow, now: string): void;
  objectDelivered(recordingId: string, name: string, etag: string, checksumSha256: string | null, now: string): void;
  /** Records that the object's final write is being sent; true when one was sent before for this content. */
  markWriteSent(recordingId: string, name: string, now: string): boolean;
  objectConflict(recordingId: string, name: string): void;
  progress(recordingId: string): Map<string, { parts: number; bytes: number }>;
}

export function createDeliveryStore(db: Db): DeliveryStore {
  const toRow = (r: RawDelivery): DeliveryRow => ({
    recordingId: r.recording_id,
    profileId: r.profile_id,
    mode: r.mode as DeliveryMode,
    state: DeliveryStateSchema.parse(JSON.parse(r.state_json)),
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error_json ? (JSON.parse(r.last_error_json) as AppErrorData) : null,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deliveredAt: r.delivered_at,
    journalDeletedAt: r.journal_deleted_at,
    mp4EvictedAt: r.mp4_evicted_at,
    lastUsedAt: r.last_used_at,
    localPurgedAt: r.local_purged_at,
    location: parseBucketLocation(r.location_json),
  });
  const toObject = (r: RawObject): ObjectRow => ({
    recordingId: r.recording_id,
    name: r.name,
    kind: r.kind as ArtifactKind,
    seq: r.seq,
    key: r.key,
    localPath: r.local_path,
    bytes: r.bytes,
    sha256: r.sha256,
    status: r.status as ObjectStatus,
    uploadId: r.upload_id,
    partSize: r.part_size,
    etag: r.etag,
    checksumSha256: r.checksum_sha256,
    deliveredAt: r.delivered_at,
  });

  const q = {
    get: db.prepare<[string], RawDelivery>('SELECT * FROM deliveries WHERE recording_id = ?'),
    list: db.prepare<[number], RawDelivery>('SELECT * FROM deliveries ORDER BY created_at DESC, recording_id DESC LIMIT ?'),
    byStates: (states: string[]) => db.prepare<string[], RawDelivery>(`SELECT * FROM deliveries WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY created_at`).all(...states),
    insert: db.prepare(
      `INSERT INTO deliveries (recording_id, profile_id, mode, state, state_json, attempts, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT(recording_id) DO NOTHING`,
    ),
    setState: db.prepare(
      `UPDATE deliveries SET state = @state, state_json = @state_json, attempts = @attempts, next_attempt_at = @next_attempt_at,
         last_error_json = @last_error_json, updated_at = @now, delivered_at = COALESCE(@delivered_at, delivered_at),
         last_used_at = COALESCE(last_used_at, @delivered_at)
       WHERE recording_id = @id`,
    ),
    setMode: db.prepare('UPDATE deliveries SET mode = ?, updated_at = ? WHERE recording_id = ?'),
    setLocation: db.prepare('UPDATE deliveries SET location_json = ? WHERE recording_id = ?'),
    claim: db.prepare('UPDATE deliveries SET lease_owner = ?, lease_until = ? WHERE recording_id = ?'),
    release: db.prepare('UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE recording_id = ? AND lease_owner = ?'),
    renew: db.prepare('UPDATE deliveries SET lease_until = ? WHERE recording_id = ? AND lease_owner = ?'),
    stamp: (column: 'journal_deleted_at' | 'mp4_evicted_at' | 'last_used_at' | 'local_purged_at') =>
      db.prepare(`UPDATE deliveries SET ${column} = ? WHERE recording_id = ?`),
    objects: db.prepare<[string], RawObject>('SELECT * FROM delivery_objects WHERE recording_id = ? ORDER BY seq'),
    object: db.prepare<[string, string], RawObject>('SELECT * FROM delivery_objects WHERE recording_id = ? AND name = ?'),
    insertObject: db.prepare(
      `INSERT INTO delivery_objects (recording_id, name, kind, seq, key, local_path, bytes, sha256, status)
       VALUES (@recording_id, @name, @kind, @seq, @key, @local_path, @bytes, @sha256, 'pending')`,
    ),
    updateObjectPlace: db.prepare('UPDATE delivery_objects SET seq = ?, key = ?, local_path = ? WHERE recording_id = ? AND name = ?'),
    resetObject: db.prepare(
      `UPDATE delivery_objects SET key = @key, local_path = @local_path, bytes = @bytes, sha256 = @sha256, status = 'pending', upload_id = NULL,
         part_size = NULL, etag = NULL, checksum_sha256 = NULL, delivered_at = NULL WHERE recording_id = @recording_id AND name = @name`,
    ),
    setContent: db.prepare('UPDATE delivery_objects SET bytes = ?, sha256 = ? WHERE recording_id = ? AND name = ?'),
    deleteObject: db.prepare('DELETE FROM delivery_objects WHERE recording_id = ? AND name = ?'),
    beginUpload: db.prepare(`UPDATE delivery_objects SET status = 'uploading', upload_id = ?, part_size = ? WHERE recording_id = ? AND name = ?`),
    writeSent: db.prepare<[string, string], { write_sent_at: string | null }>('SELECT write_sent_at FROM delivery_objects WHERE recording_id = ? AND name = ?'),
    markWriteSent: db.prepare('UPDATE delivery_objects SET write_sent_at = COALESCE(write_sent_at, ?) WHERE recording_id = ? AND name = ?'),
    clearWriteSent: db.prepare('UPDATE delivery_objects SET write_sent_at = NULL WHERE recording_id = ? AND name = ?'),
    objectConflict: db.prepare("UPDATE delivery_objects SET status = 'conflict' WHERE recording_id = ? AND name = ?"),
    objectDelivered: db.prepare(
      `UPDATE delivery_objects SET status = 'delivered', etag = ?, checksum_sha256 = ?, delivered_at = ? WHERE recording_id = ? AND name = ?`,
    ),
    parts: db.prepare<[string, string, string], { part_number: number; offset: number; size: number; checksum_sha256: string; etag: string }>(
      'SELECT part_number, offset, size, checksum_sha256, etag FROM delivery_parts WHERE recording_id = ? AND name = ? AND upload_id = ? ORDER BY part_number',
    ),
    insertPart: db.prepare(
      `INSERT OR REPLACE INTO delivery_parts (recording_id, name, upload_id, part_number, offset, size, checksum_sha256, etag, uploaded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteParts: db.prepare('DELETE FROM delivery_parts WHERE recording_id = ? AND name = ?'),
    partTotals: db.prepare<[string], { name: string; upload_id: string; parts: number; bytes: number }>(
      'SELECT name, upload_id, COUNT(*) AS parts, SUM(size) AS bytes FROM delivery_parts WHERE recording_id = ? GROUP BY name, upload_id',
    ),
    undeliveredReady: db.prepare<[], { id: string }>(
      `SELECT r.id FROM recordings r WHERE r.state = 'ready' AND r.profile_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.recording_id = r.id) ORDER BY r.created_at`,
    ),
    deliveredWithJournal: db.prepare<[number], { recording_id: string }>(
      "SELECT recording_id FROM deliveries WHERE state = 'delivered' AND journal_deleted_at IS NULL ORDER BY delivered_at LIMIT ?",
    ),
    deliveredMp4s: db.prepare<[], { recording_id: string; path: string; used_at: string }>(
      `SELECT d.recording_id, a.path, COALESCE(d.last_used_at, d.delivered_at, d.updated_at) AS used_at
         FROM deliveries d JOIN artifacts a ON a.recording_id = d.recording_id AND a.kind = 'mp4'
        WHERE d.state = 'delivered' AND d.mp4_evicted_at IS NULL AND d.local_purged_at IS NULL`,
    ),
    unfinished: db.prepare<[], { recording_id: string }>(
      "SELECT recording_id FROM deliveries WHERE state NOT IN ('delivered', 'cancelled') ORDER BY created_at",
    ),
  };

  return {
    get(recordingId: string): DeliveryRow | null {
      const r = q.get.get(recordingId);
      return r ? toRow(r) : null;
    },
    list(limit = 500): DeliveryRow[] {
      return q.list.all(limit).map(toRow);
    },
    inStates(states: string[]): DeliveryRow[] {
      return q.byStates(states).map(toRow);
    },
    undeliveredReadyIds(): string[] {
      return q.undeliveredReady.all().map((r) => r.id);
    },
    unfinishedIds(): string[] {
      return q.unfinished.all().map((r) => r.recording_id);
    },
    deliveredWithJournal(limit: number): string[] {
      return q.deliveredWithJournal.all(limit).map((r) => r.recording_id);
    },
    deliveredMp4s() {
      return q.deliveredMp4s.all().map((r) => ({ recordingId: r.recording_id, path: r.path, usedAt: r.used_at }));
    },
    /** Creates the delivery unless it exists; returns whether it was created. */
    insert(recordingId: string, profileId: string, mode: DeliveryMode, state: DeliveryState, now: string): boolean {
      return q.insert.run(recordingId, profileId, mode, state.status, JSON.stringify(state), now, now).changes === 1;
    },
    setState(recordingId: string, state: DeliveryState, fields: { attempts: number; nextAttemptAt: string | null; lastError: AppErrorData | null }, now: string): void {
      q.setState.run({
        id: recordingId,
        state: state.status,
        state_json: JSON.stringify(state),
        attempts: fields.attempts,
        next_attempt_at: fields.nextAttemptAt,
        last_error_json: fields.lastError ? JSON.stringify(fields.lastError) : null,
        now,
        delivered_at: state.status === 'delivered' ? state.at : null,
      });
    },
    setMode(recordingId: string, mode: DeliveryMode, now: string): void {
      q.setMode.run(mode, now, recordingId);
    },
    setLocation(recordingId: string, location: BucketLocation): void {
      const { bucket, endpoint, region, forcePathStyle } = location;
      q.setLocation.run(JSON.stringify({ bucket, endpoint, region, forcePathStyle }), recordingId);
    },
    /** Takes the lease when it is free, expired, or held by a process of this host that is gone. */
    claim: (recordingId, owner, leaseUntil, now, ownerGone) => db.transaction((): boolean => {
      const row = q.get.get(recordingId);
      if (!row) return false;
      const free = row.lease_owner === null || row.lease_owner === owner || (row.lease_until !== null && row.lease_until < now) || ownerGone(row.lease_owner);
      if (!free) return false;
      q.claim.run(owner, leaseUntil, recordingId);
      return true;
    }).immediate(),
    renew(recordingId: string, owner: string, leaseUntil: string): void {
      q.renew.run(leaseUntil, recordingId, owner);
    },
    release(recordingId: string, owner: string): void {
      q.release.run(recordingId, owner);
    },
    stamp(recordingId: string, column: 'journal_deleted_at' | 'mp4_evicted_at' | 'last_used_at' | 'local_purged_at', at: string): void {
      q.stamp(column).run(at, recordingId);
    },
    objects(recordingId: string): ObjectRow[] {
      return q.objects.all(recordingId).map(toObject);
    },
    object(recordingId: string, name: string): ObjectRow | null {
      const r = q.object.get(recordingId, name);
      return r ? toObject(r) : null;
    },
    /**
     * Makes the object list match the plan. An object whose content changed (another SHA-256: the recording
     * was finalized again) starts over; one that is unchanged keeps its upload and journaled parts.
     */
    syncObjects: (recordingId, planned) =>
      db.transaction((): void => {
        const existing = new Map(q.objects.all(recordingId).map((r) => [r.name, toObject(r)]));
        for (const p of planned) {
          const row = { recording_id: recordingId, name: p.name, kind: p.kind, seq: p.seq, key: p.key, local_path: p.localPath, bytes: p.bytes, sha256: p.sha256 };
          const old = existing.get(p.name);
          existing.delete(p.name);
          if (!old) q.insertObject.run(row);
          else if (old.key !== p.key || (p.sha256 !== null && old.sha256 !== p.sha256) || (p.bytes !== null && old.bytes !== null && old.bytes !== p.bytes)) {
            q.deleteParts.run(recordingId, p.name);
            q.resetObject.run(row);
            // New content or key: a write of the old one says nothing about what a 412 now means.
            q.clearWriteSent.run(recordingId, p.name);
          } else {
            q.updateObjectPlace.run(p.seq, p.key, p.localPath, recordingId, p.name);
            if (old.sha256 === null && p.sha256 !== null) q.setContent.run(p.bytes, p.sha256, recordingId, p.name);
          }
        }
        for (const stale of existing.values()) if (stale.status !== 'delivered') q.deleteObject.run(recordingId, stale.name);
      }).immediate(),
    insertObject(recordingId: string, o: Pick<ObjectRow, 'name' | 'kind' | 'seq' | 'key' | 'localPath' | 'bytes' | 'sha256'>): void {
      q.insertObject.run({ recording_id: recordingId, name: o.name, kind: o.kind, seq: o.seq, key: o.key, local_path: o.localPath, bytes: o.bytes, sha256: o.sha256 });
    },
    setContent(recordingId: string, name: string, bytes: number, sha256: string): void {
      q.setContent.run(bytes, sha256, recordingId, name);
    },
    /** Forgets an object's upload (NoSuchUpload, or new content): the next send starts a new one. */
    // IMMEDIATE: it reads before it writes, and a deferred read that another process wrote past fails at its
    // first write with SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out.
    resetUpload: (recordingId, name) => db.transaction((): void => {
      const o = q.object.get(recordingId, name);
      if (!o) return;
      q.deleteParts.run(recordingId, name);
      q.resetObject.run({ recording_id: recordingId, name, kind: o.kind, seq: o.seq, key: o.key, local_path: o.local_path, bytes: o.bytes, sha256: o.sha256 });
    }).immediate(),
    beginUpload: (recordingId, name, uploadId, partSize) => db.transaction((): void => {
      q.deleteParts.run(recordingId, name);
      q.beginUpload.run(uploadId, partSize, recordingId, name);
    })(),
    parts(recordingId: string, name: string, uploadId: string): PartRow[] {
      return q.parts.all(recordingId, name, uploadId).map((p) => ({ partNumber: p.part_number, offset: p.offset, size: p.size, checksumSha256: p.checksum_sha256, etag: p.etag }));
    },
    /** The journal entry that makes a part count: written before the upload moves on. */
    recordPart(recordingId: string, name: string, uploadId: string, part: PartRow, now: string): void {
      q.insertPart.run(recordingId, name, uploadId, part.partNumber, part.offset, part.size, part.checksumSha256, part.etag, now);
    },
    objectDelivered(recordingId: string, name: string, etag: string, checksumSha256: string | null, now: string): void {
      q.objectDelivered.run(etag, checksumSha256, now, recordingId, name);
    },
    /**
     * Kept across a restarted upload (NoSuchUpload after our Complete usually means it completed), cleared
     * only when the object's content or key changes (syncObjects).
     */
    markWriteSent: (recordingId, name, now) =>
      db.transaction((): boolean => {
        const before = q.writeSent.get(recordingId, name)?.write_sent_at ?? null;
        q.markWriteSent.run(now, recordingId, name);
        return before !== null;
      }).immediate(),
    objectConflict(recordingId: string, name: string): void {
      q.objectConflict.run(recordingId, name);
    },
    /** Parts and bytes journaled per object for its current upload. */
    progress(recordingId: string): Map<string, { parts: number; bytes: number }> {
      const current = new Map(q.objects.all(recordingId).map((o) => [o.name, o.upload_id]));
      const out = new Map<string, { parts: number; bytes: number }>();
      for (const t of q.partTotals.all(recordingId)) if (current.get(t.name) === t.upload_id) out.set(t.name, { parts: t.parts, bytes: t.bytes });
      return out;
    },
  };
}
