// Delete on real SQLite and a real folder: what the plan says stays in the bucket, refusals while a
// delivery is in flight or the recording is live, and the audited delete itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../audit/audit-log';
import { createOwnerLocks } from '../recording/owner-lock';
import { createProfileStore } from '../config/profiles';
import { testProfileSettings } from '../config/test-profile-settings';
import { createDeliveryStore } from '../store/delivery-store';
import { createRecordingStore } from '../store/recording-store';
import { identify } from '../process-identity';
import { createProcessProbe } from '../process-probe';
import { openDatabase, type Db } from '../store/database';
import { deleteRecording, planDelete, type DeleteDeps } from './library-delete';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function ownerLocks() {
  const probe = createProcessProbe();
  return createOwnerLocks({ self: { ...identify(process.pid, probe), app: 'cli', command: 'test' }, probe, clock: () => new Date() });
}

function setup(state: 'ready' | 'recording' = 'ready') {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-delete-'));
  dirs.push(home);
  const db = openDatabase(path.join(home, 'fieldtape.db'));
  dbs.push(db);
  const store = createRecordingStore(db);
  const id = 'rec_deletetest0001';
  store.insert({ id, title: 'Pump', source: { kind: 'testsrc' }, sessionId: 'sess-1', participant: null, profileId: null, createdAt: '2026-01-01T00:00:00Z', state: state === 'ready' ? { status: 'ready', at: 'x' } : { status: 'recording', segment: 1, since: 'x' } });
  const artifacts = path.join(home, 'recordings', id, 'artifacts');
  fs.mkdirSync(path.join(home, 'recordings', id, 'journal'), { recursive: true });
  fs.mkdirSync(artifacts, { recursive: true });
  fs.writeFileSync(path.join(artifacts, 'recording.mp4'), Buffer.alloc(1000));
  fs.writeFileSync(path.join(home, 'recordings', id, 'journal', 'segment-001.ftj'), Buffer.alloc(500));
  store.setArtifacts(id, [{ kind: 'mp4', path: path.join(artifacts, 'recording.mp4'), bytes: 1000, sha256: 'c'.repeat(64) }], 'x');
  const audit = createAuditLog(db, () => new Date('2026-01-02T00:00:00Z'));
  const deps: DeleteDeps = { db, audit, get: (rid) => store.get(rid)!, remove: store.remove, dirOf: (rid) => path.join(home, 'recordings', rid), locks: ownerLocks() };
  return { db, id, deps, home, audit };
}

/** A delivery of the recording's MP4 to the profile "acme" (bucket acme-evidence), through the stores. */
function deliver(db: Db, id: string, state: 'delivered' | 'uploading'): void {
  const profile = createProfileStore(db, () => new Date()).add(testProfileSettings('acme', { bucket: 'acme-evidence' }));

  const deliveries = createDeliveryStore(db);
  deliveries.insert(id, profile.id, 'post-stop', state === 'delivered' ? { status: 'delivered', at: 'x' } : { status: 'uploading', since: 'x', attempt: 1 }, 'x');
  deliveries.insertObject(id, { name: 'recording.mp4', kind: 'mp4', seq: 1, key: 'acme/2026/rec/recording.mp4', localPath: 'x', bytes: 1000, sha256: 'c'.repeat(64) });
  if (state === 'delivered') deliveries.objectDelivered(id, 'recording.mp4', '"etag-1"', null, 'x');
  else deliveries.beginUpload(id, 'recording.mp4', 'upload-1', 5 * 1024 * 1024);
}

describe('deleting a recording', () => {
  it('plans the local files and says a never-delivered recording leaves nothing in a bucket', () => {
    const { id, deps } = setup();
    const plan = planDelete(deps, id);
    expect(plan.allowed).toBe(true);
    expect(plan.localBytes).toBe(1500);
    expect(plan.local.map((l) => l.what)).toContain('MP4 video');
    expect(plan.bucket).toMatchObject({ delivered: false, keys: [] });
    expect(plan.bucket.explanation).toMatch(/never delivered/);
  });

  it('names what stays in the bucket after delivery, and refuses while a delivery or the recording is live', () => {
    const delivered = setup();
    deliver(delivered.db, delivered.id, 'delivered');
    const plan = planDelete(delivered.deps, delivered.id);
    expect(plan.bucket).toMatchObject({ delivered: true, bucket: 'acme-evidence', keys: ['acme/2026/rec/recording.mp4'] });
    expect(plan.bucket.explanation).toMatch(/stays in the bucket acme-evidence.*can only write/);

    const uploading = setup();
    deliver(uploading.db, uploading.id, 'uploading');
    expect(planDelete(uploading.deps, uploading.id).refusal).toMatch(/delivery is uploading/);
    expect(() => deleteRecording(uploading.deps, uploading.id)).toThrow(/Cancel the delivery first/);

    const live = setup('recording');
    expect(planDelete(live.deps, live.id).allowed).toBe(false);
    expect(() => deleteRecording(live.deps, live.id)).toThrow(/Only a finished/);
  });

  it('removes the row (cascading to artifacts and delivery rows) and the folder, and audits it', () => {
    const { db, id, deps, home, audit } = setup();
    deliver(db, id, 'delivered');
    const result = deleteRecording(deps, id);
    expect(result.leftovers).toEqual([]);
    expect(fs.existsSync(path.join(home, 'recordings', id))).toBe(false);
    // The rows are gone: the recording's (and with it its artifacts'), its delivery's and its objects'.
    const deliveries = createDeliveryStore(db);
    expect(createRecordingStore(db).get(id)).toBeFalsy();
    expect(deliveries.get(id)).toBeNull();
    expect(deliveries.objects(id)).toEqual([]);
    const event = audit.list({ recordingId: id }).pop()!;
    expect(event).toMatchObject({ type: 'recording.deleted', seq: result.auditSeq, sessionId: 'sess-1' });
    expect(event.data).toMatchObject({ title: 'Pump', deliveredObjects: 1, bucket: 'acme-evidence' });
    expect(audit.verify().ok).toBe(true);
  });
});
