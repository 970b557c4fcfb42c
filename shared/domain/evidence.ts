// Evidence that holds beyond the device (docs/evidence.md).
//
// receipt.json is delivered after a recording's manifest. It carries the recording's audit events, the
// audit chain's head at that moment, the hashes of every audit event since this device's previous receipt
// to the same bucket (so the receipts anchor the whole chain, not only this recording's events), the
// SHA-256 of the previous receipt (a per-device chain in the bucket, where the writer cannot delete or
// overwrite) and the SHA-256 of the delivered manifest. receipt.tsr beside it is an RFC 3161 time-stamp
// response over the receipt's SHA-256.
//
// The verify report is what `fieldtape verify` and the app's "Verify a delivered folder" produce.
import { z } from 'zod';

export const RECEIPT_VERSION = 1;
export const RECEIPT_FILE_NAME = 'receipt.json';
export const TIMESTAMP_FILE_NAME = 'receipt.tsr';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');

/** An audit event exactly as hashed (main/core/audit/event-hash.ts); the type is a string so newer types still verify. */
export const ReceiptEventSchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  type: z.string(),
  recordingId: z.string().nullable(),
  sessionId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  prevHash: Hex64,
  hash: Hex64,
});
export type ReceiptEvent = z.infer<typeof ReceiptEventSchema>;

export const ReceiptSchema = z.object({
  receiptVersion: z.literal(RECEIPT_VERSION),
  /** Which device wrote it and where it stands in that device's chain of receipts to this bucket. */
  device: z.object({
    id: z.string().regex(/^dev_[0-9a-f]{16,64}$/),
    /** 1 for the device's first receipt to this bucket, then 2, 3… with no gaps. */
    seq: z.number().int().positive(),
  }),
  destination: z.object({ bucket: z.string(), endpoint: z.string().nullable() }),
  recordingId: z.string(),
  sessionId: z.string().nullable(),
  issuedAt: z.string(),
  manifest: z.object({ key: z.string(), bytes: z.number().int().nonnegative(), sha256: Hex64 }),
  audit: z.object({
    /** The recording's events (and, for a session recording, the session's own), as hashed. */
    events: z.array(ReceiptEventSchema),
    /**
     * The hash of every event after the previous receipt's head up to this one's: event fromSeq+1 has
     * hashes[0] and links to prevHash. The first receipt to a bucket starts at the beginning of the log.
     */
    links: z.object({ fromSeq: z.number().int().nonnegative(), prevHash: Hex64, hashes: z.array(Hex64) }),
    head: z.object({ seq: z.number().int().nonnegative(), hash: Hex64 }),
  }),
  /** SHA-256 of this device's previous receipt.json to this bucket; null for the first. */
  previousReceipt: z.object({ seq: z.number().int().positive(), recordingId: z.string(), sha256: Hex64 }).nullable(),
  /** The time-stamp authority asked to sign this receipt's SHA-256 (token: receipt.tsr), or null. */
  timestamp: z.object({ tsaUrl: z.string() }).nullable(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

/** Where a receipt's time-stamp token stands (also shown on the Deliveries page through its object). */
export const TimestampStatusSchema = z.enum(['none', 'pending', 'delivered', 'failed']);
export type TimestampStatus = z.infer<typeof TimestampStatusSchema>;

export const VERIFY_CHECKS = ['object', 'manifest', 'receipt', 'chain', 'timestamp', 'database'] as const;
export const VerifyCheckSchema = z.enum(VERIFY_CHECKS);

/** One finding. `mismatch` fails the verification; `warning` is reported (e.g. a receipt not downloaded). */
export const VerifyFindingSchema = z.object({
  level: z.enum(['ok', 'warning', 'mismatch']),
  check: VerifyCheckSchema,
  /** The recording concerned, when there is one. */
  recordingId: z.string().nullable(),
  /** The object (path in the folder, or key) concerned. */
  subject: z.string(),
  message: z.string(),
});
export type VerifyFinding = z.infer<typeof VerifyFindingSchema>;

export const VerifiedRecordingSchema = z.object({
  recordingId: z.string(),
  title: z.string().nullable(),
  manifestPath: z.string(),
  receiptPath: z.string().nullable(),
  device: z.object({ id: z.string(), seq: z.number().int() }).nullable(),
  objects: z.array(z.object({ file: z.string(), key: z.string(), path: z.string().nullable(), bytes: z.number().int(), sha256: z.string(), ok: z.boolean() })),
  timestamp: z
    .object({ genTime: z.string().nullable(), serial: z.string().nullable(), tsa: z.string().nullable(), signature: z.enum(['valid', 'invalid', 'not-checked']) })
    .nullable(),
  ok: z.boolean(),
});
export type VerifiedRecording = z.infer<typeof VerifiedRecordingSchema>;

export const VerifyReportSchema = z.object({
  ok: z.boolean(),
  /** The folder or s3://bucket/prefix that was verified. */
  source: z.string(),
  verifiedAt: z.string(),
  tsaCert: z.string().nullable(),
  database: z.string().nullable(),
  recordings: z.array(VerifiedRecordingSchema),
  findings: z.array(VerifyFindingSchema),
  counts: z.object({ objects: z.number().int(), receipts: z.number().int(), timestamps: z.number().int(), mismatches: z.number().int(), warnings: z.number().int() }),
});
export type VerifyReport = z.infer<typeof VerifyReportSchema>;
