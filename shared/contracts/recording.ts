// The recording.* channels: the renderer's MediaRecorder intake and the recording lifecycle.
import { z } from 'zod';
import { INTAKE_MAX_CHUNK_BYTES, IntakeMimeSchema } from '../domain/intake';
import { RecordingIdSchema, RecordingSnapshotSchema } from '../domain/recording';
import { OptionalTicketSchema } from '../domain/ticket';
import { request } from './request';

export const RECORDING_REQUESTS = {
  /** Starts a recording fed by the renderer's MediaRecorder; segment 1 is open when this returns. */
  'recording.start': request(
    z.object({
      mime: IntakeMimeSchema,
      title: z.string().max(200).optional(),
      label: z.string().max(200).optional(),
      sessionId: z.string().max(128).nullable().optional(),
      participant: z.string().max(128).nullable().optional(),
      /** The ticket box of the Record screen: '' or absent means none. */
      ticket: OptionalTicketSchema,
      /** A solo recording's inputs; absent for session recordings. */
      captures: z.array(z.enum(['screen', 'camera', 'microphone', 'system-audio'])).max(4).optional(),
      /** The MediaRecorder was asked for a keyframe at least this often (videoKeyFrameIntervalDuration). */
      keyframeIntervalMs: z.number().int().positive().max(600_000).optional(),
    }).strict(),
    RecordingSnapshotSchema,
  ),
  /** One MediaRecorder chunk. The reply comes only once the chunk is durable (that is the backpressure). */
  'recording.chunk': request(
    z.object({
      recordingId: RecordingIdSchema,
      segment: z.number().int().positive(),
      seq: z.number().int().nonnegative(),
      data: z.instanceof(Uint8Array).refine((d) => d.byteLength > 0 && d.byteLength <= INTAKE_MAX_CHUNK_BYTES, 'chunk size out of range'),
    }).strict(),
    z.object({ segment: z.number().int(), seq: z.number().int(), sha256: z.string(), duplicate: z.boolean() }),
    INTAKE_MAX_CHUNK_BYTES + 4096,
  ),
  /** inStream: the MediaRecorder was paused (not stopped), so its segment stays open and resumes as one stream. */
  'recording.pause': request(z.object({ recordingId: RecordingIdSchema, inStream: z.boolean().optional() }).strict(), RecordingSnapshotSchema),
  'recording.resume': request(z.object({ recordingId: RecordingIdSchema, mime: IntakeMimeSchema, inStream: z.boolean().optional() }).strict(), RecordingSnapshotSchema),
  /** After a renderer reload or a device change: continue the same recording in a new segment. */
  'recording.segment': request(
    z.object({ recordingId: RecordingIdSchema, mime: IntakeMimeSchema, reason: z.enum(['reload', 'reconnect', 'device-change', 'wake']) }).strict(),
    RecordingSnapshotSchema,
  ),
  /** Stops and finalizes; replies with the finished recording (ready or failed). */
  'recording.stop': request(z.object({ recordingId: RecordingIdSchema }).strict(), RecordingSnapshotSchema),
  'recording.get': request(z.object({ recordingId: RecordingIdSchema }).strict(), RecordingSnapshotSchema),
  'recording.list': request(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(), z.array(RecordingSnapshotSchema)),
} as const;
