// A recording as every host sees it: its lifecycle state (an explicit state machine in
// main/core/recording/recording-state.ts), where its media came from, and its artifacts.
import { z } from 'zod';
import { AppErrorSchema } from '../errors';
import { ArtifactSchema } from './artifact';
import { RECORDING_OWNED } from './lifecycle';

export const RECORDING_STATUSES = [
  'idle',
  'starting',
  'recording',
  'paused',
  'stopping',
  'finalizing',
  'ready',
  'failed',
  'interrupted',
  'recovering',
] as const;
export const RecordingStatusSchema = z.enum(RECORDING_STATUSES);
export type RecordingStatus = z.infer<typeof RecordingStatusSchema>;

export const RecordingStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('idle') }),
  z.object({ status: z.literal('starting'), since: z.string() }),
  z.object({ status: z.literal('recording'), segment: z.number().int().positive(), since: z.string() }),
  /** segmentOpen: the recorder paused in-stream and will continue the same segment on resume. */
  z.object({ status: z.literal('paused'), segment: z.number().int().positive(), since: z.string(), segmentOpen: z.boolean().optional() }),
  z.object({ status: z.literal('stopping'), since: z.string() }),
  z.object({ status: z.literal('finalizing'), since: z.string() }),
  /** warnings: what salvage had to work around (a corrupt or missing chunk, a truncated tail). */
  z.object({ status: z.literal('ready'), at: z.string(), warnings: z.array(z.string()).optional() }),
  z.object({ status: z.literal('failed'), at: z.string(), error: AppErrorSchema }),
  z.object({
    status: z.literal('interrupted'),
    at: z.string(),
    from: z.enum(RECORDING_OWNED),
  }),
  z.object({ status: z.literal('recovering'), since: z.string() }),
]);
export type RecordingState = z.infer<typeof RecordingStateSchema>;

/** Where a recording's media comes from. Every source feeds the same chunk journal. */
export const RecordingSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('testsrc') }),
  z.object({ kind: z.literal('screen'), device: z.string().optional() }),
  z.object({ kind: z.literal('camera'), device: z.string().optional() }),
  z.object({ kind: z.literal('file'), path: z.string() }),
  /** Chunks pushed over the contract by the renderer's MediaRecorder. */
  /** captures: what a solo recording from the Record screen takes in (the policy is checked against it). */
  /** keyframeIntervalMs: the recorder asked for a keyframe at least this often (quick previews rely on it). */
  z.object({
    kind: z.literal('intake'),
    mime: z.string(),
    label: z.string().max(200).optional(),
    captures: z.array(z.enum(['screen', 'camera', 'microphone', 'system-audio'])).max(4).optional(),
    keyframeIntervalMs: z.number().int().positive().max(600_000).optional(),
  }),
]);
export type RecordingSource = z.infer<typeof RecordingSourceSchema>;
export type SourceKind = RecordingSource['kind'];

export const RecordingIdSchema = z.string().regex(/^rec_[0-9a-z]{10,40}$/, 'not a recording id');

export const RecordingSnapshotSchema = z.object({
  id: RecordingIdSchema,
  title: z.string(),
  state: RecordingStatusSchema,
  detail: RecordingStateSchema,
  source: RecordingSourceSchema,
  sessionId: z.string().nullable(),
  participant: z.string().nullable(),
  profileId: z.string().nullable(),
  /** The service desk's ticket reference (shared/domain/ticket.ts), or null. */
  ticket: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  durationSec: z.number().nullable(),
  segments: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  artifacts: z.array(ArtifactSchema),
});
export type RecordingSnapshot = z.infer<typeof RecordingSnapshotSchema>;
