// Where each delivery went (bucket, endpoint, region, addressing), kept on the delivery row itself. Until
// now the bucket was read from the profile each time, so editing a destination in the Destinations page
// (another bucket, another endpoint) would have moved, on screen, recordings that were delivered before
// the edit. The location is written when an attempt starts (and when instant mode begins), from the
// profile the objects are actually sent with; rows from before this migration take their profile's
// current location once, which is the best that is known about them.
import type { Migration } from '../migration';

const SQL = `
  ALTER TABLE deliveries ADD COLUMN location_json TEXT;
  UPDATE deliveries SET location_json = (
    SELECT json_object(
      'bucket', json_extract(p.config_json, '$.bucket'),
      'endpoint', json_extract(p.config_json, '$.endpoint'),
      'region', json_extract(p.config_json, '$.region'),
      'forcePathStyle', json(CASE WHEN json_extract(p.config_json, '$.forcePathStyle') THEN 'true' ELSE 'false' END)
    )
    FROM profiles p WHERE p.id = deliveries.profile_id
  );
`;

export const migration: Migration = { version: 7, name: 'delivery-location', sql: SQL };
