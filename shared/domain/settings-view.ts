// What the renderer is shown about settings: the values plus which keys IT has locked by policy,
// so Settings can render managed fields read-only instead of letting a change bounce.
import { z } from 'zod';
import { SettingKeySchema, SettingsSchema } from './settings';

export const SettingsViewSchema = z.object({
  values: SettingsSchema,
  managed: z.array(SettingKeySchema),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;
