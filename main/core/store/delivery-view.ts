// A read-only view of a recording's delivery for the library (delete plan, evidence view), read straight
// from the delivery engine's tables. It never writes them, and degrades to "no delivery" when the tables
// are absent or shaped differently than expected: review must keep working without the delivery engine.
// Each object's location (s3:// URI and URL) comes from the location kept on the delivery row, or, for a
// row that has none, from its profile's current settings.
import { objectLocation, parseBucketLocation, type BucketLocation } from '../../../shared/domain/object-location';
import type { Db } from './database';
import { DELIVERY_PENDING } from '../../../shared/domain/lifecycle';

export interface DeliveryObjectView {
  name: string;
  kind: string;
  key: string;
  status: string;
  etag: string | null;
  checksumSha256: string | null;
  sha256: string | null;
  deliveredAt: string | null;
  /** s3://bucket/key and the object's URL; null when the bucket is unknown. */
  s3Uri: string | null;
  url: string | null;
}

export interface DeliveryView {
  state: string;
  profileId: string | null;
  bucket: string | null;
  location: BucketLocation | null;
  objects: DeliveryObjectView[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function readDeliveryView(db: Db, recordingId: string): DeliveryView | null {
  try {
    const exists = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('deliveries', 'delivery_objects')").get() as { n: number };
    if (exists.n < 2) return null;
    const row = db.prepare('SELECT * FROM deliveries WHERE recording_id = ?').get(recordingId) as Record<string, unknown> | undefined;
    if (!row) return null;
    const profileId = str(row.profile_id);
    let bucket: string | null = null;
    let profileConfig: string | null = null;
    if (profileId) {
      const profile = db.prepare("SELECT * FROM sqlite_master WHERE type = 'table' AND name = 'profiles'").get()
        ? (db.prepare('SELECT config_json FROM profiles WHERE id = ?').get(profileId) as { config_json?: string } | undefined)
        : undefined;
      profileConfig = str(profile?.config_json);
      try {
        const config = profileConfig ? (JSON.parse(profileConfig) as Record<string, unknown>) : null;
        bucket = str(config?.bucket);
      } catch {
        bucket = null;
      }
    }
    const location = parseBucketLocation(str(row.location_json)) ?? parseBucketLocation(profileConfig);
    if (location) bucket = location.bucket;
    const objects = (db.prepare('SELECT * FROM delivery_objects WHERE recording_id = ? ORDER BY seq, name').all(recordingId) as Array<Record<string, unknown>>).map(
      (o): DeliveryObjectView => {
        const key = str(o.key) ?? '';
        const status = str(o.status) ?? 'unknown';
        const where = location && key ? objectLocation(location, key, status === 'delivered') : null;
        return {
          name: str(o.name) ?? '',
          kind: str(o.kind) ?? '',
          key,
          status,
          etag: str(o.etag),
          checksumSha256: str(o.checksum_sha256),
          sha256: str(o.sha256),
          deliveredAt: str(o.delivered_at),
          s3Uri: where?.s3Uri ?? null,
          url: where?.url ?? null,
        };
      },
    );
    return { state: str(row.state) ?? 'unknown', profileId, bucket, location, objects };
  } catch {
    return null;
  }
}

/** States in which the delivery engine may be reading the files right now (or soon). */
export const DELIVERY_IN_FLIGHT: ReadonlySet<string> = new Set(DELIVERY_PENDING);
