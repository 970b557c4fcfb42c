// Audit events: append-only and hash-chained in the engine's database. The type list is the contract;
// adding a type is fine, renaming one breaks old chains' readability (never their verification).
import { z } from 'zod';

export const AUDIT_EVENT_TYPES = [
  'recording.started',
  'recording.paused',
  'recording.resumed',
  'recording.stopped',
  'recording.interrupted',
  'recording.recovered',
  'recording.finalized',
  'recording.failed',
  'consent.shown',
  'consent.acknowledged',
  'consent.participant-left',
  'delivery.completed',
  /** The bucket already held another object under a key (412 on If-None-Match: *); it was not overwritten. */
  'delivery.conflict',
  /** A receipt's RFC 3161 time-stamp token was delivered (receipt.tsr). */
  'receipt.timestamped',
  'recording.deleted',
  'retention.purged',
] as const;
export const AuditEventTypeSchema = z.enum(AUDIT_EVENT_TYPES);
export type AuditEventType = z.infer<typeof AuditEventTypeSchema>;

export const AuditEventSchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  type: AuditEventTypeSchema,
  recordingId: z.string().nullable(),
  sessionId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  events: z.number().int().nonnegative(),
  headHash: z.string().nullable(),
  problem: z
    .object({
      kind: z.enum(['edited', 'removed', 'reordered', 'inserted', 'truncated']),
      seq: z.number().int().nullable(),
      /** The named event's type as stored (possibly the forged value); null when the event itself is gone. */
      type: z.string().nullable(),
      message: z.string(),
    })
    .nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;
