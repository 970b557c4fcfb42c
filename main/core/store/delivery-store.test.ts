// Schema 4 and its stores against real SQLite: profiles (one active, no secrets), the object plan that keeps
// an unchanged object's upload and journal but restarts a changed one, the part journal, and leases.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_KEY_TEMPLATE } from '../../../shared/domain/profile';
import type { PolicyProfiles } from '../config/policy-profiles';
import { createProfileStore } from '../config/profiles';
import { testProfileSettings as settings } from '../config/test-profile-settings';
import { applyPolicyProfiles } from '../config/profiles-policy';
import { silentLogger } from '../log';
import { openDatabase } from './database';
import { MIGRATIONS } from './migrations/index';
import { createDeliveryStore } from './delivery-store';

const dirs: string[] = [];
const tempDb = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-delivery-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const clock = () => new Date('2026-05-01T10:00:00Z');

function withRecording(file: string) {
  const db = openDatabase(file);
  db.prepare("INSERT INTO recordings (id, state, state_json, source_json, title, created_at, updated_at) VALUES ('rec_aaaaaaaaaa', 'ready', '{}', '{}', 't', 'now', 'now')").run();
  return db;
}

describe('schema 4', () => {
  it('upgrades a library with recordings from schema 3', () => {
    const file = tempDb();
    const v3 = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 3));
    v3.prepare("INSERT INTO recordings (id, state, state_json, source_json, title, created_at, updated_at) VALUES ('rec_bbbbbbbbbb', 'ready', '{}', '{}', 't', 'now', 'now')").run();
    v3.close();
    const db = openDatabase(file);
    const store = createDeliveryStore(db);
    expect(store.insert('rec_bbbbbbbbbb', 'prof_1234567890', 'post-stop', { status: 'queued', since: 'now' }, 'now')).toBe(true);
    expect(store.get('rec_bbbbbbbbbb')?.state).toEqual({ status: 'queued', since: 'now' });
    db.close();
  });
});

describe('profiles', () => {
  it('makes the first profile active, keeps exactly one active, and stores no secret', () => {
    const db = openDatabase(tempDb());
    const profiles = createProfileStore(db, clock);
    const a = profiles.add(settings('a'));
    const b = profiles.add(settings('b'));
    expect([a.active, b.active]).toEqual([true, false]);
    profiles.activate('b');
    expect(profiles.active()?.name).toBe('b');
    expect(profiles.list().filter((p) => p.active)).toHaveLength(1);
    expect(() => profiles.add(settings('a'))).toThrow(/already exists/);
    expect(() => profiles.add({ ...settings('c'), prefixTemplate: 'x/{artifact}' })).toThrow(/recordingId/);
    expect(() => profiles.mustGet('zzz')).toThrow(/Profiles: a, b/);
    const row = db.prepare("SELECT config_json FROM profiles WHERE name = 'a'").get() as { config_json: string };
    expect(Object.keys(JSON.parse(row.config_json))).not.toContain('secret');
    profiles.remove('b');
    expect(profiles.active()).toBeNull();
    db.close();
  });
});

describe('profiles from IT policy', () => {
  const policy = {
    profiles: [
      { profile: { name: 'it-evidence', bucket: 'it-bucket', region: 'eu-central-1', accessKeyId: 'AKIAIT', secretEnv: 'IT_SECRET' }, locked: [], secretSource: { kind: 'env' as const, variable: 'IT_SECRET' } },
    ],
    defaultProfile: 'it-evidence',
    allowUserProfiles: false,
  } as unknown as PolicyProfiles;

  it('are merged into the store, locked, made active, and keep technicians from their own', () => {
    const db = openDatabase(tempDb());
    createProfileStore(db, clock).add(settings('mine'));
    const profiles = createProfileStore(db, clock, { managed: new Set(['it-evidence']), allowUserProfiles: false });
    applyPolicyProfiles(profiles, policy, silentLogger);
    const it = profiles.mustGet('it-evidence');
    expect(it).toMatchObject({ managed: true, active: true, bucket: 'it-bucket', region: 'eu-central-1', endpoint: null, secretSource: { kind: 'env', variable: 'IT_SECRET' }, prefixTemplate: DEFAULT_KEY_TEMPLATE });
    expect(profiles.mustGet('mine').managed).toBe(false);
    expect(() => profiles.add(settings('another'))).toThrow(/policy/);
    expect(() => profiles.activate('mine')).toThrow(/policy/);
    expect(() => profiles.remove('it-evidence')).toThrow(/policy/);
    // Applied again (next start), it stays one profile.
    applyPolicyProfiles(profiles, policy, silentLogger);
    expect(profiles.list().map((p) => p.name)).toEqual(['it-evidence', 'mine']);
    db.close();
  });
});

describe('delivery store', () => {
  const planned = (sha: string) => [{ name: 'recording.mp4', kind: 'mp4' as const, seq: 1, key: 'k/recording.mp4', localPath: '/x/recording.mp4', bytes: 10, sha256: sha }];

  it('keeps the journal of an unchanged object and restarts a changed one', () => {
    const db = withRecording(tempDb());
    const store = createDeliveryStore(db);
    store.insert('rec_aaaaaaaaaa', 'prof_1', 'post-stop', { status: 'queued', since: 'now' }, 'now');
    store.syncObjects('rec_aaaaaaaaaa', planned('a'.repeat(64)));
    store.beginUpload('rec_aaaaaaaaaa', 'recording.mp4', 'upload-1', 5);
    store.recordPart('rec_aaaaaaaaaa', 'recording.mp4', 'upload-1', { partNumber: 1, offset: 0, size: 5, checksumSha256: 'c1', etag: '"e1"' }, 'now');
    store.syncObjects('rec_aaaaaaaaaa', planned('a'.repeat(64)));
    expect(store.parts('rec_aaaaaaaaaa', 'recording.mp4', 'upload-1')).toHaveLength(1);
    expect(store.progress('rec_aaaaaaaaaa').get('recording.mp4')).toEqual({ parts: 1, bytes: 5 });
    store.syncObjects('rec_aaaaaaaaaa', planned('b'.repeat(64)));
    expect(store.object('rec_aaaaaaaaaa', 'recording.mp4')).toMatchObject({ status: 'pending', uploadId: null });
    expect(store.parts('rec_aaaaaaaaaa', 'recording.mp4', 'upload-1')).toEqual([]);
    db.close();
  });

  it('leases a delivery to one process at a time', () => {
    const db = withRecording(tempDb());
    const store = createDeliveryStore(db);
    store.insert('rec_aaaaaaaaaa', 'prof_1', 'post-stop', { status: 'queued', since: 'now' }, 'now');
    const alive = () => false;
    expect(store.claim('rec_aaaaaaaaaa', 'host/1/a', '2026-01-01T00:01:00Z', '2026-01-01T00:00:00Z', alive)).toBe(true);
    expect(store.claim('rec_aaaaaaaaaa', 'host/2/b', '2026-01-01T00:01:00Z', '2026-01-01T00:00:30Z', alive)).toBe(false);
    expect(store.claim('rec_aaaaaaaaaa', 'host/2/b', '2026-01-01T00:02:00Z', '2026-01-01T00:01:30Z', alive), 'expired').toBe(true);
    expect(store.claim('rec_aaaaaaaaaa', 'host/3/c', '2026-01-01T00:03:00Z', '2026-01-01T00:01:31Z', () => true), 'owner gone').toBe(true);
    store.release('rec_aaaaaaaaaa', 'host/3/c');
    expect(store.get('rec_aaaaaaaaaa')?.leaseOwner).toBeNull();
    db.close();
  });
});

describe('what the scheduler picks up at start', () => {
  it('finds ready recordings bound to a profile with no delivery yet, and unfinished deliveries, in SQL', () => {
    const db = openDatabase(tempDb());
    const add = db.prepare("INSERT INTO recordings (id, state, state_json, source_json, title, profile_id, created_at, updated_at) VALUES (?, ?, '{}', '{}', 't', ?, ?, ?)");
    add.run('rec_ready_bound', 'ready', 'prof_1', '2026-05-01T01:00:00Z', 'now');
    add.run('rec_ready_unbound', 'ready', null, '2026-05-01T02:00:00Z', 'now');
    add.run('rec_recording', 'recording', 'prof_1', '2026-05-01T03:00:00Z', 'now');
    add.run('rec_has_delivery', 'ready', 'prof_1', '2026-05-01T04:00:00Z', 'now');
    add.run('rec_delivered', 'ready', 'prof_1', '2026-05-01T05:00:00Z', 'now');
    const store = createDeliveryStore(db);
    store.insert('rec_has_delivery', 'prof_1', 'post-stop', { status: 'queued', since: 'now' }, 'now');
    store.insert('rec_delivered', 'prof_1', 'post-stop', { status: 'queued', since: 'now' }, 'now');
    store.setState('rec_delivered', { status: 'delivered', at: 'now' }, { attempts: 1, nextAttemptAt: null, lastError: null }, 'now');
    expect(store.undeliveredReadyIds()).toEqual(['rec_ready_bound']);
    expect(store.unfinishedIds()).toEqual(['rec_has_delivery']);

    // Retention's work list: delivered with raw chunks still here, and local MP4s with their last use.
    db.prepare("INSERT INTO artifacts (recording_id, kind, path, bytes, sha256, created_at) VALUES ('rec_delivered', 'mp4', '/x/recording.mp4', 1, 'a', 'now')").run();
    expect(store.deliveredWithJournal(10)).toEqual(['rec_delivered']);
    expect(store.deliveredMp4s()).toEqual([{ recordingId: 'rec_delivered', path: '/x/recording.mp4', usedAt: 'now' }]);
    store.stamp('rec_delivered', 'journal_deleted_at', 'later');
    store.stamp('rec_delivered', 'last_used_at', 'used');
    expect(store.deliveredWithJournal(10)).toEqual([]);
    expect(store.deliveredMp4s()[0]?.usedAt).toBe('used');
    store.stamp('rec_delivered', 'mp4_evicted_at', 'evicted');
    expect(store.deliveredMp4s()).toEqual([]);
    db.close();
  });
});
