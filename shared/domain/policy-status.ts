// What every host may show about the IT-managed policy: whether one applies, where it came from, why it
// was rejected, and what it locks. The policy itself stays in main (main/core/config/policy*.ts).
import { z } from 'zod';
import { SettingKeySchema } from './settings';

export const PolicyStatusSchema = z.object({
  status: z.enum(['none', 'valid', 'invalid']),
  source: z
    .object({ kind: z.enum(['registry', 'managed-preferences', 'file', 'override-file']), location: z.string() })
    .nullable(),
  /** Why an invalid policy was rejected; nothing of it applies. */
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
  /** Settings the policy locks (also in SettingsView.managed). */
  managed: z.array(SettingKeySchema),
  /** Everything the policy locks, as dotted names (profiles.main, updates.channel, requireConsent, ...). */
  locked: z.array(z.string()),
  /** The capture kinds the policy allows (intake, screen, camera, file, testsrc); null: no restriction. */
  allowedCaptureSources: z.array(z.string()).nullable(),
});
export type PolicyStatus = z.infer<typeof PolicyStatusSchema>;
