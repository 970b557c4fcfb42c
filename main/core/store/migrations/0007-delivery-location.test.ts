// The delivery-location migration against real SQLite: deliveries made before it take their profile's
// location once; afterwards each delivery keeps its own, so editing the destination does not move it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_KEY_TEMPLATE, DEFAULT_PROFILE_ARTIFACTS, type ProfileSettings } from '../../../../shared/domain/profile';
import { createProfileStore } from '../../config/profiles';
import { openDatabase } from '../database';
import { readDeliveryView } from '../delivery-view';
import { createLibraryQueries } from '../library-queries';
import { MIGRATIONS } from './index';
import { createDeliveryStore } from '../delivery-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const tempDb = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-location-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
};
const clock = () => new Date('2026-05-01T10:00:00Z');
const settings = (bucket: string, endpoint: string | null): ProfileSettings => ({
  name: 'acme',
  endpoint,
  region: 'eu-west-1',
  bucket,
  prefixTemplate: DEFAULT_KEY_TEMPLATE,
  accessKeyId: 'AKIAEXAMPLE',
  secretSource: { kind: 'keychain' },
  forcePathStyle: endpoint !== null,
  artifacts: DEFAULT_PROFILE_ARTIFACTS,
  storageClass: null,
  encryption: { mode: 'none' },
  tags: false,
});
const location = MIGRATIONS.find((m) => m.name === 'delivery-location')!;
const KEY = 'acme/2026/05/01/rec_aaaaaaaaaa/recording.mp4';

describe('the delivery-location migration', () => {
  it("gives deliveries made before it their profile's location, and later ones keep their own", () => {
    const file = tempDb();
    const before = openDatabase(file, MIGRATIONS.filter((m) => m.version < location.version));
    const profile = createProfileStore(before, clock).add(settings('evidence', 'http://127.0.0.1:9000'));
    before.prepare("INSERT INTO recordings (id, state, state_json, source_json, title, created_at, updated_at) VALUES ('rec_aaaaaaaaaa', 'ready', '{}', '{}', 't', 'now', 'now')").run();
    // Rows as the store of that time wrote them (it did not know the column).
    before
      .prepare("INSERT INTO deliveries (recording_id, profile_id, mode, state, state_json, attempts, created_at, updated_at) VALUES (?, ?, 'post-stop', 'delivered', ?, 1, 'now', 'now')")
      .run('rec_aaaaaaaaaa', profile.id, JSON.stringify({ status: 'delivered', at: 'now' }));
    before
      .prepare("INSERT INTO delivery_objects (recording_id, name, kind, seq, key, local_path, bytes, status, etag, delivered_at) VALUES ('rec_aaaaaaaaaa', 'recording.mp4', 'mp4', 1, ?, '/x', 1, 'delivered', '\"etag\"', 'now')")
      .run(KEY);
    before.close();

    const db = openDatabase(file);
    const store = createDeliveryStore(db);
    const expected = { bucket: 'evidence', endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1', forcePathStyle: true };
    expect(store.get('rec_aaaaaaaaaa')?.location).toEqual(expected);

    // The destination moves to AWS and another bucket: what was delivered stays where it went.
    const profiles = createProfileStore(db, clock);
    profiles.update('acme', settings('elsewhere', null));
    const entry = createLibraryQueries(db).entry('rec_aaaaaaaaaa');
    expect(entry?.location).toEqual({ bucket: 'evidence', key: KEY, s3Uri: `s3://evidence/${KEY}`, url: `http://127.0.0.1:9000/evidence/${KEY}`, delivered: true });
    expect(readDeliveryView(db, 'rec_aaaaaaaaaa')).toMatchObject({ bucket: 'evidence', objects: [{ key: KEY, s3Uri: `s3://evidence/${KEY}`, url: `http://127.0.0.1:9000/evidence/${KEY}` }] });

    // A new attempt records the location it sends to.
    store.setLocation('rec_aaaaaaaaaa', { ...settings('elsewhere', null) });
    expect(store.get('rec_aaaaaaaaaa')?.location).toEqual({ bucket: 'elsewhere', endpoint: null, region: 'eu-west-1', forcePathStyle: false });
    expect(createLibraryQueries(db).entry('rec_aaaaaaaaaa')?.location?.url).toBe(`https://elsewhere.s3.eu-west-1.amazonaws.com/${KEY}`);
    db.close();
  });

  it('shows no location for a recording without a delivery', () => {
    const db = openDatabase(tempDb());
    db.prepare("INSERT INTO recordings (id, state, state_json, source_json, title, created_at, updated_at) VALUES ('rec_bbbbbbbbbb', 'ready', '{}', '{}', 't', 'now', 'now')").run();
    expect(createLibraryQueries(db).entry('rec_bbbbbbbbbb')).toMatchObject({ profileId: null, delivery: null, location: null });
    db.close();
  });
});
