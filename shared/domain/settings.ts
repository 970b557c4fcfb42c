// User-editable settings. Every key has a schema and a default, so a missing or unknown row in the
// database can never produce an invalid settings object.
import { z } from 'zod';
import { DEFAULT_RECORD_SHORTCUT, MAX_ACCELERATOR_LENGTH, validateAccelerator } from './accelerator';

export const SettingsSchema = z.object({
  /** Shown to other participants and written into manifests. */
  displayName: z.string().trim().min(1).max(80),
  /** libx264 preset used when a recording must be re-encoded at finalize. */
  encodePreset: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow']),
  /** libx264 constant rate factor; 20 matches the seeds' evidence pipeline. */
  encodeCrf: z.number().int().min(0).max(51),
  /** Frames in the filmstrip produced at finalize. */
  filmstripFrames: z.number().int().min(1).max(60),
  /** Below this much free space a recording refuses to start, or stops cleanly. */
  minFreeDiskMb: z.number().int().min(16).max(1_000_000),
  /** Days a failed delivery keeps its local artifacts before they are purged (audited). */
  failedRetentionDays: z.number().int().min(1).max(3650),
  /** 'instant' uploads the MP4 while recording (H.264 sources); 'post-stop' delivers after finalize. */
  deliveryMode: z.enum(['post-stop', 'instant']),
  /** Upload requests in flight at once, across all deliveries. */
  deliveryConcurrency: z.number().int().min(1).max(32),
  /** Upload bandwidth limit in KiB/s; 0 means unlimited. */
  deliveryBandwidthKiBps: z.number().int().min(0).max(10_000_000),
  /** Delivered recordings keep their local MP4 this many days since last use… */
  localMp4KeepDays: z.number().int().min(0).max(3650),
  /** …and all local MP4s together stay under this size (least recently used go first). */
  localMp4QuotaMb: z.number().int().min(0).max(100_000_000),
  /** Global shortcut that starts and stops recording (Electron accelerator); "" for none. Desktop app only. */
  recordShortcut: z
    .string()
    .trim()
    .max(MAX_ACCELERATOR_LENGTH)
    .superRefine((value, ctx) => {
      const problem = validateAccelerator(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type SettingKey = keyof Settings;

export const SETTINGS_DEFAULTS: Settings = {
  displayName: 'Technician',
  encodePreset: 'medium',
  encodeCrf: 20,
  filmstripFrames: 10,
  minFreeDiskMb: 512,
  failedRetentionDays: 28,
  deliveryMode: 'post-stop',
  deliveryConcurrency: 4,
  deliveryBandwidthKiBps: 0,
  localMp4KeepDays: 30,
  localMp4QuotaMb: 20_000,
  recordShortcut: DEFAULT_RECORD_SHORTCUT,
};

export const SettingKeySchema = z.enum(Object.keys(SETTINGS_DEFAULTS) as [SettingKey, ...SettingKey[]]);

/** A single key/value change; the value is validated against that key's own schema. */
export const SettingChangeSchema = z
  .object({ key: SettingKeySchema, value: z.unknown() })
  .superRefine((change, ctx) => {
    const field = SettingsSchema.shape[change.key];
    const parsed = field.safeParse(change.value);
    if (!parsed.success) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `invalid value for ${change.key}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      });
    }
  });
export type SettingChange = { key: SettingKey; value: unknown };
