// A recording's delivery to its profile's bucket, as every host sees it. The lifecycle is an explicit state
// machine (main/core/delivery/delivery-state.ts):
//   queued → uploading → delivered
//            uploading → waiting (until a time, after an error) → uploading …
//            uploading → paused (credentials refused: needs the bucket owner or a new secret) → uploading …
//            uploading → failed (permanently, or the schedule is used up) ; any unfinished → cancelled
// retry-now takes waiting, paused, failed or cancelled back to queued.
import { z } from 'zod';
import { AppErrorSchema } from '../errors';
import { ArtifactKindSchema } from './artifact';
import { ManifestSchema } from './manifest';
import { RecordingIdSchema } from './recording';

export const DELIVERY_STATUSES = ['queued', 'uploading', 'waiting', 'paused', 'delivered', 'failed', 'cancelled'] as const;
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

export const DeliveryModeSchema = z.enum(['post-stop', 'instant']);
export type DeliveryMode = z.infer<typeof DeliveryModeSchema>;

export const WaitReasonSchema = z.enum(['retry', 'slow-down', 'network']);

export const DeliveryStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('queued'), since: z.string() }),
  z.object({ status: z.literal('uploading'), since: z.string(), attempt: z.number().int().nonnegative() }),
  z.object({ status: z.literal('waiting'), until: z.string(), reason: WaitReasonSchema, error: AppErrorSchema }),
  /** The bucket refused the credentials; attempts continue on the schedule, and retry-now after a fix. */
  z.object({ status: z.literal('paused'), since: z.string(), until: z.string().nullable(), error: AppErrorSchema }),
  z.object({ status: z.literal('delivered'), at: z.string() }),
  z.object({ status: z.literal('failed'), at: z.string(), error: AppErrorSchema }),
  z.object({ status: z.literal('cancelled'), at: z.string() }),
]);
export type DeliveryState = z.infer<typeof DeliveryStateSchema>;

/** 'conflict': the bucket already held another object under the key (If-None-Match: * refused the write). */
export const DeliveryObjectStatusSchema = z.enum(['pending', 'uploading', 'delivered', 'conflict']);

/** One object of a delivery: an artifact (or a raw segment, or the delivered manifest) and its bucket key. */
export const DeliveryObjectSchema = z.object({
  name: z.string(),
  kind: ArtifactKindSchema,
  key: z.string(),
  /** null while the file is still growing (instant mode). */
  bytes: z.number().int().nonnegative().nullable(),
  sha256: z.string().nullable(),
  status: DeliveryObjectStatusSchema,
  etag: z.string().nullable(),
  /** S3's x-amz-checksum-sha256 for the object (composite "…-N" for multipart). */
  checksumSha256: z.string().nullable(),
  partsDone: z.number().int().nonnegative(),
  bytesDone: z.number().int().nonnegative(),
  deliveredAt: z.string().nullable(),
});
export type DeliveryObject = z.infer<typeof DeliveryObjectSchema>;

export const DeliverySnapshotSchema = z.object({
  recordingId: RecordingIdSchema,
  profileId: z.string(),
  profileName: z.string().nullable(),
  bucket: z.string().nullable(),
  mode: DeliveryModeSchema,
  state: DeliveryStatusSchema,
  detail: DeliveryStateSchema,
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  nextAttemptAt: z.string().nullable(),
  lastError: AppErrorSchema.nullable(),
  bytesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
  objects: z.array(DeliveryObjectSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  deliveredAt: z.string().nullable(),
  /** When the local files of a failed delivery were purged by retention. */
  localPurgedAt: z.string().nullable(),
});
export type DeliverySnapshot = z.infer<typeof DeliverySnapshotSchema>;

/** What `fieldtape show ID --json` adds to each artifact. */
export const ArtifactDeliverySchema = z.object({
  state: z.union([DeliveryObjectStatusSchema, z.literal('not-delivered')]),
  key: z.string().nullable(),
  etag: z.string().nullable(),
  /** SHA-256 of the bytes under `key` (for the manifest: the delivered manifest, see docs/delivery.md). */
  sha256: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string().nullable(),
  lastError: AppErrorSchema.nullable(),
});
export type ArtifactDelivery = z.infer<typeof ArtifactDeliverySchema>;

/** One delivered object as the bucket's manifest records it. */
export const DeliveredObjectSchema = z.object({
  kind: ArtifactKindSchema.exclude(['manifest', 'receipt']),
  file: z.string(),
  key: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  etag: z.string(),
  checksumSha256: z.string().nullable(),
});
export type DeliveredObject = z.infer<typeof DeliveredObjectSchema>;

/**
 * The manifest as delivered, last, to the bucket: the finalize manifest plus the facts of every object
 * delivered before it. Its presence in the bucket means every object it lists is there.
 */
export const DeliveredManifestSchema = ManifestSchema.extend({
  delivery: z.object({
    profile: z.string(),
    bucket: z.string(),
    /** SHA-256 of the finalize manifest (artifacts/manifest.json, recorded in the audit log). */
    finalizeManifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
    objects: z.array(DeliveredObjectSchema),
  }),
});
export type DeliveredManifest = z.infer<typeof DeliveredManifestSchema>;
