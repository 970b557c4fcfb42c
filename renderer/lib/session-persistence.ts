// What must survive a renderer reload or crash during a session: which session we were in and which
// recordings were running, with their segment numbers. Kept in sessionStorage (per tab, survives reloads
// and renderer crashes, gone when the tab or window closes) and validated on the way back in.
import { z } from 'zod';

const PersistedRecordingSchema = z.object({
  recordingId: z.string(),
  segment: z.number().int().positive(),
  mime: z.string(),
  startedAt: z.number(),
});
export type PersistedRecording = z.infer<typeof PersistedRecordingSchema>;

const PersistedSessionSchema = z.object({
  version: z.literal(1),
  url: z.string(),
  token: z.string(),
  /** An end-to-end encrypted session's key: the reopened page builds its Room with it (session-runtime.ts). */
  e2eeKey: z.string().optional(),
  devices: z.object({ camera: z.string().nullable(), microphone: z.string().nullable(), cameraOn: z.boolean(), micOn: z.boolean() }),
  recording: z
    .object({
      sessionId: z.string(),
      sessionStartedAt: z.number(),
      composite: PersistedRecordingSchema.nullable(),
      participants: z.record(z.string(), PersistedRecordingSchema),
    })
    .nullable(),
});
export type PersistedSession = z.infer<typeof PersistedSessionSchema>;
export type PersistedSessionRecording = NonNullable<PersistedSession['recording']>;

const KEY = 'fieldtape.session.v1';

export function loadPersistedSession(storage: Storage = sessionStorage): PersistedSession | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const parsed = PersistedSessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function savePersistedSession(value: PersistedSession | null, storage: Storage = sessionStorage): void {
  try {
    if (value === null) storage.removeItem(KEY);
    else storage.setItem(KEY, JSON.stringify(value));
  } catch {
    // storage full or disabled: a reload will then start a fresh session instead of resuming
  }
}

export function updatePersistedRecording(update: (current: PersistedSessionRecording | null) => PersistedSessionRecording | null, storage: Storage = sessionStorage): void {
  const session = loadPersistedSession(storage);
  if (!session) return;
  savePersistedSession({ ...session, recording: update(session.recording) }, storage);
}
