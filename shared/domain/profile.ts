// Tenant profiles: where a recording is delivered (an S3 or S3-compatible bucket) and how. The secret is
// never part of a profile: it lives in the OS keychain, or in an environment variable the profile names.
import { z } from 'zod';

export const ProfileNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'a profile name is 1-63 letters, digits, dots, dashes or underscores');

export const ProfileIdSchema = z.string().regex(/^prof_[0-9a-z]{8,40}$/, 'not a profile id');

/** Placeholders a key prefix template may use; {recordingId} and {artifact} are required so keys are unique. */
export const KEY_TEMPLATE_PLACEHOLDERS = ['profile', 'yyyy', 'mm', 'dd', 'hh', 'recordingId', 'sessionId', 'ticket', 'artifact'] as const;
export const DEFAULT_KEY_TEMPLATE = '{profile}/{yyyy}/{mm}/{dd}/{recordingId}/{artifact}';

export const SecretSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keychain') }),
  /** Headless use: read at delivery time from this variable; never stored. */
  z.object({ kind: z.literal('env'), variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'not an environment variable name') }),
]);
export type SecretSource = z.infer<typeof SecretSourceSchema>;

export const EncryptionSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('SSE-S3') }),
  z.object({ mode: z.literal('SSE-KMS'), kmsKeyId: z.string().min(1).max(2048) }),
]);
export type Encryption = z.infer<typeof EncryptionSchema>;

export const STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'REDUCED_REDUNDANCY'] as const;
export const StorageClassSchema = z.enum(STORAGE_CLASSES);
export type StorageClass = z.infer<typeof StorageClassSchema>;

/**
 * A storage class per kind of object (Pipe's model: the video is kept long and read rarely, the small
 * previews are read often, the raw chunks almost never). 'previews' covers the snapshot, the filmstrip
 * and an audio-only recording's waveform. null sends no class (the bucket's default); a kind left out
 * falls back to the profile's `storageClass` (the one class older profiles and IT policies set for every
 * object), and so do objects of no group (annotations, the manifest).
 */
export const STORAGE_CLASS_TARGETS = ['mp4', 'previews', 'raw'] as const;
export type StorageClassTarget = (typeof STORAGE_CLASS_TARGETS)[number];
export const StorageClassesSchema = z
  .object({ mp4: StorageClassSchema.nullable(), previews: StorageClassSchema.nullable(), raw: StorageClassSchema.nullable() })
  .partial()
  .strict();
export type StorageClasses = z.infer<typeof StorageClassesSchema>;
/** What a new destination made in the app starts with on AWS S3 (Pipe's defaults). */
export const PIPE_STORAGE_CLASSES = { mp4: 'INTELLIGENT_TIERING', previews: 'STANDARD', raw: 'STANDARD_IA' } as const satisfies Required<StorageClasses>;

/**
 * S3 Object Lock retention for every object a destination writes (sent on PutObject and
 * CreateMultipartUpload). The bucket must have been made with Object Lock, and the writer's policy needs
 * s3:PutObjectRetention as well as s3:PutObject. COMPLIANCE: nobody, the bucket's root included, can delete
 * or shorten it before the date; GOVERNANCE: only with s3:BypassGovernanceRetention.
 */
export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;
export const ObjectLockSchema = z
  .object({ mode: z.enum(OBJECT_LOCK_MODES), days: z.number().int().min(1, 'at least 1 day').max(36_500, 'at most 100 years') })
  .strict();
export type ObjectLock = z.infer<typeof ObjectLockSchema>;

/** An RFC 3161 time-stamp authority: an http(s) URL that answers application/timestamp-query. */
export const TsaUrlSchema = z
  .string()
  .url()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u), 'the TSA URL must start with http:// or https://');

/** When a destination's recordings are uploaded: while recording (H.264 sources), or after Stop. */
export const ProfileDeliveryModeSchema = z.enum(['instant', 'post-stop']);
export type ProfileDeliveryMode = z.infer<typeof ProfileDeliveryModeSchema>;

/** Which optional artifacts are delivered. The MP4 always is; the manifest is the commit point. */
export const ProfileArtifactsSchema = z.object({
  raw: z.boolean(),
  snapshot: z.boolean(),
  filmstrip: z.boolean(),
  annotations: z.boolean(),
  manifest: z.boolean(),
});
export type ProfileArtifacts = z.infer<typeof ProfileArtifactsSchema>;
export const DEFAULT_PROFILE_ARTIFACTS: ProfileArtifacts = { raw: false, snapshot: true, filmstrip: true, annotations: true, manifest: true };

export const ProfileSettingsSchema = z.object({
  name: ProfileNameSchema,
  /** null: AWS S3 itself (the SDK derives the endpoint from the region). */
  endpoint: z.string().url().nullable(),
  region: z.string().regex(/^[a-z0-9-]{2,40}$/, 'not a region name'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not a bucket name'),
  prefixTemplate: z.string().min(1).max(512),
  accessKeyId: z.string().regex(/^[A-Za-z0-9+/=._-]{3,128}$/, 'not an access key id'),
  secretSource: SecretSourceSchema,
  /** Path-style addressing (bucket in the path): what MinIO and most S3-compatible services need. */
  forcePathStyle: z.boolean(),
  artifacts: ProfileArtifactsSchema,
  /** Every object's class unless storageClasses names one for its kind; null: the bucket's default. */
  storageClass: StorageClassSchema.nullable(),
  /** Per kind of object (added later: profiles stored before, and IT policies, have none). */
  storageClasses: StorageClassesSchema.optional(),
  encryption: EncryptionSchema,
  /** Object tags need s3:PutObjectTagging as well; off unless the bucket owner grants it. */
  tags: z.boolean(),
  /** Absent: follow the global setting `deliveryMode` (what every profile did before this field existed). */
  deliveryMode: ProfileDeliveryModeSchema.optional(),
  /** Each receipt's SHA-256 is time-stamped here (receipt.tsr). Absent or null: no time-stamps (older profiles). */
  tsaUrl: TsaUrlSchema.nullable().optional(),
  /** Absent or null: objects are sent without retention headers (older profiles). */
  objectLock: ObjectLockSchema.nullable().optional(),
});
export type ProfileSettings = z.infer<typeof ProfileSettingsSchema>;

export const ProfileSchema = ProfileSettingsSchema.extend({
  id: ProfileIdSchema,
  active: z.boolean(),
  /** Provided by IT's policy: the fields it sets cannot be changed, and it cannot be removed. */
  managed: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const PROFILE_TEST_CAUSES = [
  'ok',
  'dns',
  'tls',
  'connection-refused',
  'timeout',
  'clock-skew',
  'wrong-access-key',
  'wrong-secret',
  'access-denied',
  'no-such-bucket',
  'wrong-region',
  'wrong-endpoint',
  'missing-secret',
  'encryption',
  'object-lock',
  'unknown',
] as const;
export const ProfileTestCauseSchema = z.enum(PROFILE_TEST_CAUSES);
export type ProfileTestCause = z.infer<typeof ProfileTestCauseSchema>;

export const ProfileTestResultSchema = z.object({
  ok: z.boolean(),
  profile: ProfileNameSchema,
  cause: ProfileTestCauseSchema,
  message: z.string(),
  /** The probe object's key (written on success; write-only credentials cannot delete it). */
  key: z.string(),
  elapsedMs: z.number().nonnegative(),
  /** Server clock minus local clock, when the server said what time it is. */
  clockSkewSec: z.number().nullable(),
  detail: z.string().optional(),
});
export type ProfileTestResult = z.infer<typeof ProfileTestResultSchema>;
