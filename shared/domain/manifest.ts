// manifest.json: delivered next to a recording's files so whoever holds them (the customer's bucket, an
// auditor, a court) can check that each file is complete and unaltered, and see how it was produced.
// Versioned: a reader must refuse a manifestVersion it does not know rather than guess.
import { z } from 'zod';
import { ArtifactKindSchema } from './artifact';
import { RecordingIdSchema, RecordingSourceSchema } from './recording';

export const MANIFEST_VERSION = 1;
export const MANIFEST_FILE_NAME = 'manifest.json';

export const ManifestArtifactSchema = z.object({
  // The manifest cannot list itself: its own hash would have to be inside it.
  kind: ArtifactKindSchema.exclude(['manifest']),
  /** Plain file name, relative to the manifest: the folder or bucket prefix may differ on delivery. */
  file: z.string().regex(/^[^/\\]+$/, 'a file name without a folder'),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestArtifact = z.infer<typeof ManifestArtifactSchema>;

export const ManifestParticipantSchema = z.object({
  identity: z.string(),
  name: z.string().optional(),
  joinedAt: z.string().optional(),
  leftAt: z.string().optional(),
});
export type ManifestParticipant = z.infer<typeof ManifestParticipantSchema>;

/**
 * What the MP4 holds, and what finalize had to make up for it. Absent from manifests written before
 * Fieldtape described it (those were always video + audio).
 */
export const ManifestMediaSchema = z.object({
  /** The MP4 has a video stream. False for an audio-only recording (microphone only, camera off). */
  video: z.boolean(),
  /** The MP4 has an audio stream. */
  audio: z.boolean(),
  /**
   * Some or all of the audio is silence Fieldtape added because nothing was recorded there (a video-only
   * recording, or a segment without a microphone): players and evidence tools then meet one stream layout.
   */
  silentAudioAdded: z.boolean(),
  /** Some of the video is black frames Fieldtape added where a segment was recorded without video. */
  blankVideoAdded: z.boolean(),
});
export type ManifestMedia = z.infer<typeof ManifestMediaSchema>;

export const ManifestSchema = z.object({
  manifestVersion: z.literal(MANIFEST_VERSION),
  recordingId: RecordingIdSchema,
  sessionId: z.string().nullable(),
  title: z.string().optional(),
  /** The service desk's ticket reference the recording was made for. */
  ticket: z.string().optional(),
  startedAt: z.string(),
  stoppedAt: z.string(),
  durationSec: z.number().nonnegative(),
  /** Where the media came from, including the capture device when one was chosen. */
  sources: z.array(RecordingSourceSchema),
  participants: z.array(ManifestParticipantSchema),
  artifacts: z.array(ManifestArtifactSchema),
  media: ManifestMediaSchema.optional(),
  producedBy: z.object({
    app: z.literal('Fieldtape'),
    appVersion: z.string(),
    ffmpegVersion: z.string(),
    /**
     * 'remux': the recorded H.264 video is unchanged; 'encode': it was re-encoded with libx264, or (with
     * no video, see media) the audio was encoded to AAC.
     */
    finalizePath: z.enum(['remux', 'encode']),
    /** The recorded video's codec; 'none' for an audio-only recording. */
    sourceVideoCodec: z.string(),
  }),
  createdAt: z.string(),
});
export type Manifest = z.infer<typeof ManifestSchema>;
