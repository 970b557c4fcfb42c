// The session.* channels: what a live LiveKit session needs from the engine — consent events for the
// audit chain, the annotations sidecar of each recording, tokens from the profile's endpoint (fetched
// main-side, so the renderer's CSP stays narrow and no CORS setup is needed), and the session profile.
import { z } from 'zod';
import { SidecarEventSchema, SidecarHeaderSchema } from '../domain/annotation';
import { RecordingIdSchema } from '../domain/recording';
import { ConsentKindSchema, SessionProfileSchema } from '../domain/session';
import { E2EE_KEY_PATTERN } from '../e2ee-key';
import { request } from './request';

export const SESSION_REQUESTS = {
  /** Records that a participant was shown the recording notice, acknowledged it, or left. */
  'session.consent': request(
    z
      .object({
        sessionId: z.string().min(1).max(128),
        participant: z.string().min(1).max(128),
        kind: ConsentKindSchema,
        recordingId: RecordingIdSchema.nullable().optional(),
        name: z.string().max(128).optional(),
      })
      .strict(),
    z.object({ seq: z.number().int().positive() }),
  ),
  /** Appends annotation events to a recording's sidecar (created with the header on first use). */
  'session.annotations': request(
    z.object({ header: SidecarHeaderSchema, events: z.array(SidecarEventSchema).max(5000) }).strict(),
    z.object({ events: z.number().int().nonnegative() }),
    4 * 1024 * 1024,
  ),
  /**
   * Asks the profile's token endpoint for a session address and token. `recorder: true` asks for the
   * hidden participant that holds LiveKit's `recorder` grant while the host records (recorder-presence.ts).
   * `e2eeKey`: the endpoint's session is end-to-end encrypted with this key (docs/sessions.md).
   */
  'session.token': request(
    z.object({ room: z.string().min(1).max(128), identity: z.string().min(1).max(128), recorder: z.boolean().optional() }).strict(),
    z.object({ url: z.string(), token: z.string(), e2eeKey: z.string().regex(E2EE_KEY_PATTERN).optional() }),
  ),
  'session.profile': request(z.object({}).strict(), SessionProfileSchema),
  /**
   * This window is in a live session (joined) or no longer (left). The Electron shell's updater counts
   * live sessions and never restarts the app for an update during one, recorded or not.
   */
  'session.presence': request(z.object({ room: z.string().min(1).max(128), live: z.boolean() }).strict(), z.object({}).strict()),
  'session.configure': request(SessionProfileSchema.partial().strict(), SessionProfileSchema),
} as const;

export const SESSION_EVENTS = {
  /** A window joined (live: true) or left a session: what session.presence was told. */
  'session.presence': z.object({ room: z.string().min(1).max(128), live: z.boolean() }).strict(),
} as const;
