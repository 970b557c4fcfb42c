// The review side of a recording: how the library lists it (one light row per recording, paged and
// searched in SQLite), what the player needs (markers, the session's other tracks), what the evidence
// view shows, and how media is addressed (one route, served by the engine with HTTP range support, in
// both shells: /media/<recordingId>/<kind> on the web shell's origin and on app://fieldtape).
import { z } from 'zod';
import { FADE_AFTER_MS, FADE_DURATION_MS, strokeOpacity, tileIdentity, type SidecarEvent, type Stroke } from './annotation';
import { ArtifactKindSchema, type ArtifactKind } from './artifact';
import { AuditEventSchema, AuditVerificationSchema } from './audit';
import { ManifestSchema } from './manifest';
import { ObjectLocationSchema } from './object-location';
import { RecordingIdSchema, RecordingSnapshotSchema, RecordingStatusSchema, type RecordingStatus } from './recording';
import { DELIVERY_PENDING, RECORDING_ACTIVE } from './lifecycle';

// ---- media addressing ----

export const MEDIA_ROUTE_PREFIX = '/media';

/** Same-origin path of one artifact; the renderer uses it as <video src>, <img src> or a download link. */
export function mediaPath(recordingId: string, kind: ArtifactKind): string {
  return `${MEDIA_ROUTE_PREFIX}/${encodeURIComponent(recordingId)}/${kind}`;
}

// ---- library paging and search ----

export const LIBRARY_PAGE_MAX = 500;

/**
 * State filters group the recording lifecycle the way a reviewer thinks about it. A recording being
 * recovered after a crash is not live: its owner is gone (it is shown with the interrupted ones).
 */
export const LIBRARY_STATE_GROUPS = {
  ready: ['ready'],
  live: ['idle', ...RECORDING_ACTIVE, 'finalizing'],
  failed: ['failed', 'interrupted', 'recovering'],
} as const satisfies Record<string, readonly RecordingStatus[]>;
export const LibraryStateFilterSchema = z.enum(['ready', 'live', 'failed']);
export type LibraryStateFilter = z.infer<typeof LibraryStateFilterSchema>;

/** Delivery filters: never queued, on its way (queued/uploading/waiting/paused), delivered, failed or cancelled. */
export const LIBRARY_DELIVERY_GROUPS = {
  pending: DELIVERY_PENDING,
  delivered: ['delivered'],
  problem: ['failed', 'cancelled'],
} as const;
export const LibraryDeliveryFilterSchema = z.enum(['none', 'pending', 'delivered', 'problem']);
export type LibraryDeliveryFilter = z.infer<typeof LibraryDeliveryFilterSchema>;

export const LibraryQuerySchema = z
  .object({
    /** Words match title, participant, profile, session, tags, source and ticket (prefixes); YYYY, YYYY-MM or YYYY-MM-DD match the date. */
    search: z.string().max(200).optional(),
    states: z.array(LibraryStateFilterSchema).max(3).optional(),
    delivery: z.array(LibraryDeliveryFilterSchema).max(4).optional(),
    offset: z.number().int().min(0).max(100_000_000),
    limit: z.number().int().min(1).max(LIBRARY_PAGE_MAX),
  })
  .strict();
export type LibraryQuery = z.infer<typeof LibraryQuerySchema>;

export const TagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[^,\p{Cc}]+$/u, 'a tag is one short word or phrase without commas');
export const TagListSchema = z.array(TagSchema).max(20);

export const TitleSchema = z.string().trim().min(1, 'a title cannot be empty').max(200);

export const LibraryEntrySchema = z.object({
  id: RecordingIdSchema,
  title: z.string(),
  state: RecordingStatusSchema,
  sourceKind: z.string(),
  sessionId: z.string().nullable(),
  participant: z.string().nullable(),
  profileId: z.string().nullable(),
  /** The ticket reference the recording was made for (searchable). */
  ticket: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  durationSec: z.number().nullable(),
  tags: z.array(z.string()),
  hasSnapshot: z.boolean(),
  /** An audio-only recording: its waveform image stands where the snapshot would. */
  hasWaveform: z.boolean(),
  mp4Bytes: z.number().int().nonnegative().nullable(),
  /** The delivery's state as the delivery engine stored it; null when never queued (or no delivery engine). */
  delivery: z.string().nullable(),
  /** Where the MP4 was (or is being) delivered: key, s3:// URI and URL; null before a delivery plans it. */
  location: ObjectLocationSchema.nullable(),
  /**
   * It was interrupted by an unexpected stop (crash, kill, power cut) and recovery has finished with it
   * (ready, or failed). While recovery runs, `state` is `recovering` (its finalize included).
   */
  recovered: z.boolean(),
});
export type LibraryEntry = z.infer<typeof LibraryEntrySchema>;

export const LibraryPageSchema = z.object({
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  entries: z.array(LibraryEntrySchema),
  /** Time the engine spent in SQLite for this page, for the benchmark and the status line. */
  tookMs: z.number().nonnegative(),
});
export type LibraryPage = z.infer<typeof LibraryPageSchema>;

// ---- the player ----

export const MarkerSchema = z.object({
  /** Seconds into the recording's media. */
  t: z.number().nonnegative(),
  kind: z.enum(['join', 'leave', 'pause', 'resume', 'restart']),
  label: z.string(),
});
export type Marker = z.infer<typeof MarkerSchema>;

export const PlayerTrackSchema = z.object({
  id: RecordingIdSchema,
  title: z.string(),
  participant: z.string().nullable(),
  /** Wall-clock start of the media (media time 0), for aligning the session's tracks. */
  startedAt: z.string().nullable(),
  durationSec: z.number().nullable(),
  hasMp4: z.boolean(),
});
export type PlayerTrack = z.infer<typeof PlayerTrackSchema>;

export const LibraryDetailSchema = z.object({
  recording: RecordingSnapshotSchema,
  entry: LibraryEntrySchema,
  video: z.object({ fps: z.number().nullable(), width: z.number(), height: z.number() }).nullable(),
  markers: z.array(MarkerSchema),
  /** Every recording of the same session with an MP4 (this one included), oldest start first. */
  tracks: z.array(PlayerTrackSchema),
  /** Artifacts the database lists but whose local file is gone (e.g. the MP4 evicted after delivery). */
  missingLocally: z.array(ArtifactKindSchema),
});
export type LibraryDetail = z.infer<typeof LibraryDetailSchema>;

// ---- the evidence view ----

export const EvidenceArtifactSchema = z.object({
  kind: ArtifactKindSchema,
  file: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  /** As recorded in the library when the artifact was made. */
  sha256: z.string(),
  /** As the manifest lists it (null for the manifest itself, or when the manifest does not list it). */
  manifestSha256: z.string().nullable(),
  present: z.boolean(),
});

export const DeliveryObjectViewSchema = z.object({
  name: z.string(),
  kind: z.string(),
  key: z.string(),
  status: z.string(),
  etag: z.string().nullable(),
  checksumSha256: z.string().nullable(),
  sha256: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  /** s3://bucket/key and the object's URL (virtual-hosted or path-style, as the profile addresses it). */
  s3Uri: z.string().nullable(),
  url: z.string().nullable(),
});

export const EvidenceSchema = z.object({
  recordingId: RecordingIdSchema,
  manifest: ManifestSchema.nullable(),
  manifestText: z.string().nullable(),
  manifestProblem: z.string().nullable(),
  artifacts: z.array(EvidenceArtifactSchema),
  delivery: z
    .object({
      state: z.string(),
      profileId: z.string().nullable(),
      bucket: z.string().nullable(),
      objects: z.array(DeliveryObjectViewSchema),
    })
    .nullable(),
  audit: z.object({
    scope: z.enum(['session', 'recording']),
    events: z.array(AuditEventSchema),
    chain: AuditVerificationSchema,
  }),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ArtifactCheckSchema = z.object({
  kind: ArtifactKindSchema,
  file: z.string(),
  expectedSha256: z.string(),
  actualSha256: z.string().nullable(),
  expectedBytes: z.number().int().nonnegative(),
  actualBytes: z.number().int().nonnegative().nullable(),
  /** Whether the manifest's entry (when there is one) agrees with the file too. */
  matchesManifest: z.boolean().nullable(),
  ok: z.boolean(),
  problem: z.string().nullable(),
});
export type ArtifactCheck = z.infer<typeof ArtifactCheckSchema>;

export const VerificationSchema = z.object({
  recordingId: RecordingIdSchema,
  verifiedAt: z.string(),
  ok: z.boolean(),
  artifacts: z.array(ArtifactCheckSchema),
});
export type Verification = z.infer<typeof VerificationSchema>;

// ---- delete ----

export const DeletePlanSchema = z.object({
  recordingId: RecordingIdSchema,
  title: z.string(),
  allowed: z.boolean(),
  /** Why the delete is refused right now, and what to do about it. */
  refusal: z.string().nullable(),
  local: z.array(z.object({ what: z.string(), path: z.string(), bytes: z.number().int().nonnegative() })),
  localBytes: z.number().int().nonnegative(),
  bucket: z.object({
    delivered: z.boolean(),
    bucket: z.string().nullable(),
    keys: z.array(z.string()),
    explanation: z.string(),
  }),
});
export type DeletePlan = z.infer<typeof DeletePlanSchema>;

export const DeleteResultSchema = z.object({
  recordingId: RecordingIdSchema,
  removedBytes: z.number().int().nonnegative(),
  auditSeq: z.number().int().positive(),
  /** Files that could not be removed (they are named so the user can remove them by hand). */
  leftovers: z.array(z.string()),
});
export type DeleteResult = z.infer<typeof DeleteResultSchema>;

// ---- import ----

export const IMPORT_CHUNK_BYTES = 4 * 1024 * 1024;
export const IMPORT_MAX_FILE_BYTES = 64 * 1024 ** 3;
export const IMPORT_MEDIA_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.webm', '.mkv'] as const;

export const ImportFileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !/[/\\]/.test(n) && !n.includes('\u0000') && n !== '.' && n !== '..', 'a plain file name without a folder');

export const ImportBeginSchema = z
  .object({
    files: z
      .array(z.object({ name: ImportFileNameSchema, bytes: z.number().int().nonnegative().max(IMPORT_MAX_FILE_BYTES) }).strict())
      .min(1)
      .max(32),
    /** The dropped folder's name, when a folder was dropped. */
    folder: z.string().max(255).nullable().optional(),
  })
  .strict();

export const ImportPlanSchema = z.object({
  importId: z.string(),
  kind: z.enum(['media', 'delivered-folder']),
  chunkBytes: z.number().int().positive(),
});
export type ImportPlan = z.infer<typeof ImportPlanSchema>;

// ---- export ----

export const ExportRequestSchema = z
  .object({
    /** Chosen by the renderer so it can match progress events and cancel. */
    jobId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/),
    recordingId: RecordingIdSchema,
    destination: z.discriminatedUnion('kind', [
      /** A folder under the data folder's exports/ (every host). */
      z.object({ kind: z.literal('exports'), name: z.string().min(1).max(120) }).strict(),
      /** A folder the user picked in the host's own dialog in this session (Electron). */
      z.object({ kind: z.literal('picked'), path: z.string().min(1).max(4096) }).strict(),
    ]),
    burnIn: z.boolean(),
    clip: z.object({ startSec: z.number().nonnegative(), endSec: z.number().positive() }).strict().nullable(),
  })
  .strict();
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export const ExportResultSchema = z.object({
  folder: z.string(),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string() })),
  /** 'copy': the bytes of the recorded video, cut at keyframes; 'encode': re-encoded (burn-in). */
  video: z.enum(['original', 'copy', 'encode']),
  notes: z.array(z.string()),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

export const JobProgressSchema = z.object({
  jobId: z.string(),
  phase: z.string(),
  fraction: z.number().min(0).max(1),
});

// ---- annotations over time (the sidecar replayed: the player's overlay and the export's burn-in) ----

export interface TimedMark {
  stroke: Stroke;
  /** Media seconds at which the mark appeared. */
  addedAt: number;
  opacity: number;
}

/** The marks visible `t` seconds into the recording (events sorted by t): every op up to t applied, fading marks faded. */
export function annotationsAt(events: readonly SidecarEvent[], t: number): TimedMark[] {
  const live = new Map<string, { stroke: Stroke; addedAt: number }>();
  for (const event of events) {
    if (event.t > t) break;
    const op = event.op;
    if (op.op === 'add') {
      if (!live.has(op.stroke.id)) live.set(op.stroke.id, { stroke: op.stroke, addedAt: event.t });
    } else if (op.op === 'remove') live.delete(op.id);
    else for (const [id, mark] of live) if (op.tile === null || mark.stroke.tile === op.tile) live.delete(id);
  }
  const out: TimedMark[] = [];
  for (const { stroke, addedAt } of live.values()) {
    const opacity = strokeOpacity(stroke, (t - addedAt) * 1000);
    if (opacity > 0) out.push({ stroke, addedAt, opacity });
  }
  return out;
}

/** Events in time order (a sidecar is appended in order, but merged batches may interleave). */
export function sortedSidecarEvents(events: readonly SidecarEvent[]): SidecarEvent[] {
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t || a.i - b.i).map(({ e }) => e);
}

/**
 * Cuts [0, durationSec) into intervals over which the visible marks do not change, for burning them in.
 * A fading mark is shown whole until halfway through its fade, then removed: a step, not a ramp.
 */
export function annotationIntervals(events: readonly SidecarEvent[], durationSec: number): Array<{ start: number; end: number; marks: Stroke[] }> {
  const sorted = sortedSidecarEvents(events);
  const cut = new Set<number>([0]);
  const fadeGone = (FADE_AFTER_MS + FADE_DURATION_MS / 2) / 1000;
  for (const event of sorted) {
    cut.add(event.t);
    if (event.op.op === 'add' && event.op.stroke.fade) cut.add(event.t + fadeGone);
  }
  const times = [...cut].filter((c) => c >= 0 && c < durationSec).sort((a, b) => a - b);
  const out: Array<{ start: number; end: number; marks: Stroke[] }> = [];
  times.forEach((start, i) => {
    const end = times[i + 1] ?? durationSec;
    if (end <= start) return;
    const probe = start + Math.min(1e-6, (end - start) / 2);
    const marks = annotationsAt(sorted, probe)
      .filter((m) => !m.stroke.fade || probe - m.addedAt < fadeGone)
      .map((m) => m.stroke);
    const previous = out[out.length - 1];
    if (previous && sameMarks(previous.marks, marks)) previous.end = end;
    else out.push({ start, end, marks });
  });
  return out;
}

function sameMarks(a: readonly Stroke[], b: readonly Stroke[]): boolean {
  return a.length === b.length && a.every((s, i) => s.id === b[i]!.id);
}

/**
 * Whether a sidecar's marks can be placed on its recording's picture. Marks are normalized to a tile's
 * video content: a per-participant recording shows that one tile full frame, so its marks land on the
 * picture; in the composite the tiles' positions are not in the sidecar, so they cannot be placed.
 */
export function overlayPlacement(sidecar: { kind: 'composite' | 'participant'; participant: string | null }): {
  placeable: boolean;
  reason: string | null;
  accepts(stroke: Stroke): boolean;
} {
  if (sidecar.kind === 'participant') {
    return {
      placeable: true,
      reason: null,
      accepts: (stroke) => sidecar.participant === null || tileIdentity(stroke.tile) === sidecar.participant,
    };
  }
  return {
    placeable: false,
    reason:
      "This is the session's composite: its marks were drawn on the participants' tiles and are already in the picture. " +
      'The sidecar does not record where each tile was, so the marks are listed rather than drawn again.',
    accepts: () => false,
  };
}
