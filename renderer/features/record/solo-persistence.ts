// What must survive a renderer reload or crash during a solo recording: which recording runs, what it
// captures, and how much has been recorded. sessionStorage lives in the browser process, so it outlives a
// renderer crash and the reload after it (the same mechanism sessions use: lib/session-persistence.ts).
import { z } from 'zod';
import { BUBBLE_CORNERS, SOLO_LAYOUTS } from './solo-layout';

const PersistedSoloSchema = z.object({
  version: z.literal(1),
  recordingId: z.string(),
  mime: z.string(),
  layout: z.enum(SOLO_LAYOUTS),
  corner: z.enum(BUBBLE_CORNERS),
  cameraId: z.string().nullable(),
  microphone: z.boolean(),
  microphoneId: z.string().nullable(),
  systemAudio: z.boolean(),
  muted: z.boolean(),
  /** Recorded milliseconds before the current run. */
  recordedMs: z.number().nonnegative(),
  /** Date.now() when the current run began; null while paused. */
  runStartedAtEpochMs: z.number().nullable(),
});
export type PersistedSolo = z.infer<typeof PersistedSoloSchema>;

const KEY = 'fieldtape.solo.v1';

export function loadPersistedSolo(storage: Storage = sessionStorage): PersistedSolo | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const parsed = PersistedSoloSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function savePersistedSolo(value: PersistedSolo | null, storage: Storage = sessionStorage): void {
  try {
    if (value === null) storage.removeItem(KEY);
    else storage.setItem(KEY, JSON.stringify(value));
  } catch {
    // storage full or disabled: a reload then cannot resume, and recovery finalizes what the journal holds
  }
}
