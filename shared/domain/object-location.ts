// Where a delivered object is: its bucket and key, written as `s3://bucket/key` (what the AWS CLI and most
// tools take) and as the object's URL (what a browser or a ticket links to). The URL follows the profile's
// addressing: virtual-hosted (bucket in the host name, AWS's default) or path-style (bucket in the path,
// what MinIO and most S3-compatible services need), on AWS's regional endpoint or the profile's own.
// Fieldtape's credentials are write-only, so the app itself can never open that URL: it is for the people
// who can read the bucket.
import { z } from 'zod';

/** The part of a profile that decides where its objects are; kept with each delivery, so a later edit of
 * the destination does not move what was already delivered. */
export const BucketLocationSchema = z.object({
  bucket: z.string().min(1),
  /** null: AWS S3 itself, in `region`. */
  endpoint: z.string().nullable(),
  region: z.string(),
  forcePathStyle: z.boolean(),
});
export type BucketLocation = z.infer<typeof BucketLocationSchema>;

export const ObjectLocationSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  /** s3://bucket/key */
  s3Uri: z.string(),
  /** https://bucket.s3.region.amazonaws.com/key, or the endpoint's own URL for S3-compatible services. */
  url: z.string(),
  /** Whether the object is in the bucket already (false: it is planned, or on its way). */
  delivered: z.boolean(),
});
export type ObjectLocation = z.infer<typeof ObjectLocationSchema>;

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** A key's path in a URL: each folder percent-encoded, the slashes between them kept. */
function encodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

export function objectUrl(location: BucketLocation, key: string): string {
  const path = encodeKey(key);
  if (location.endpoint === null) {
    // Bucket names with dots do not match the *.s3 wildcard certificate: AWS itself says to use path-style.
    const virtual = !location.forcePathStyle && !location.bucket.includes('.');
    return virtual
      ? `https://${location.bucket}.s3.${location.region}.amazonaws.com/${path}`
      : `https://s3.${location.region}.amazonaws.com/${location.bucket}/${path}`;
  }
  let base: URL;
  try {
    base = new URL(location.endpoint);
  } catch {
    return `${location.endpoint.replace(/\/+$/, '')}/${location.bucket}/${path}`;
  }
  // An endpoint may carry a path of its own (a proxy's prefix); the bucket and key go below it.
  const prefix = base.pathname.replace(/\/+$/, '');
  if (location.forcePathStyle) return `${base.protocol}//${base.host}${prefix}/${location.bucket}/${path}`;
  return `${base.protocol}//${location.bucket}.${base.host}${prefix}/${path}`;
}

export function objectLocation(location: BucketLocation, key: string, delivered: boolean): ObjectLocation {
  return { bucket: location.bucket, key, s3Uri: s3Uri(location.bucket, key), url: objectUrl(location, key), delivered };
}

/** Reads a stored location (or a profile's stored settings, which have the same fields); null when unusable. */
export function parseBucketLocation(json: string | null | undefined): BucketLocation | null {
  if (!json) return null;
  try {
    const parsed = BucketLocationSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
