// A live session: the profile that shapes it, the consent events its participants leave in the audit
// chain, and the recording state the host broadcasts so every participant (late joiners too) sees it.
import { z } from 'zod';

export const SessionProfileSchema = z
  .object({
    /** POST {room, identity} → {url, token}; null when invites are pasted instead. */
    tokenEndpoint: z.string().url().max(2000).nullable(),
    /** Recording may start only once every remote participant's app has shown the recording notice. */
    requireRemoteNotice: z.boolean(),
    /** Besides the composite, record one file per participant. */
    recordPerParticipant: z.boolean(),
  })
  .strict();
export type SessionProfile = z.infer<typeof SessionProfileSchema>;

export const SESSION_PROFILE_DEFAULTS: SessionProfile = {
  tokenEndpoint: null,
  requireRemoteNotice: false,
  recordPerParticipant: true,
};

export const CONSENT_KINDS = ['shown', 'acknowledged', 'participant-left'] as const;
export const ConsentKindSchema = z.enum(CONSENT_KINDS);
export type ConsentKind = z.infer<typeof ConsentKindSchema>;

// ---- what participants tell each other on the `fieldtape.recording` data-channel topic ----

export const RECORDING_TOPIC = 'fieldtape.recording';
/** Participant attribute the host sets (when its token allows) so the state is in the room itself. */
export const RECORDING_ATTRIBUTE = 'fieldtape.recording';

export const RecordingSignalSchema = z.discriminatedUnion('kind', [
  /** The host's recording state; repeated every few seconds while recording so nobody misses it. */
  z
    .object({
      kind: z.literal('state'),
      active: z.boolean(),
      sessionId: z.string().max(128).nullable(),
      host: z.string().max(128),
      /** How long the recording has been running, by the host's clock, when this was sent. */
      elapsedMs: z.number().nonnegative(),
      /** The host's wall clock when this was sent (epoch ms): the session's common clock for annotations. */
      sentAt: z.number().int().nonnegative().optional(),
    })
    .strict(),
  /** Sent before recording starts when the profile requires the remote side to be notified first. */
  z.object({ kind: z.literal('notice'), sessionId: z.string().max(128), host: z.string().max(128) }).strict(),
  /** A participant's app showed the notice or banner, or its user acknowledged it. */
  z
    .object({
      kind: z.literal('consent'),
      sessionId: z.string().max(128),
      participant: z.string().max(128),
      consent: z.enum(['shown', 'acknowledged']),
    })
    .strict(),
  /** A late joiner asks for the current state. */
  z.object({ kind: z.literal('state-request') }).strict(),
]);
export type RecordingSignal = z.infer<typeof RecordingSignalSchema>;

/** The attribute value: the same state message, JSON-encoded. */
export function parseRecordingAttribute(value: string | undefined): Extract<RecordingSignal, { kind: 'state' }> | null {
  if (!value) return null;
  try {
    const parsed = RecordingSignalSchema.safeParse(JSON.parse(value));
    return parsed.success && parsed.data.kind === 'state' ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether a token's metadata or attributes grant recording (absent: everyone may record). */
export function mayRecordFrom(metadata: string | undefined, attributes: Record<string, string>): boolean {
  const attr = attributes['fieldtape.canRecord'];
  if (attr !== undefined) return attr === 'true';
  if (!metadata) return true;
  try {
    const parsed = JSON.parse(metadata) as unknown;
    if (parsed && typeof parsed === 'object' && 'canRecord' in parsed) return (parsed as { canRecord: unknown }).canRecord === true;
  } catch {
    // metadata that is not JSON says nothing about recording
  }
  return true;
}
