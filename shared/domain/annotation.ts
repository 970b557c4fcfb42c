// Live annotations: marks drawn over a participant's tile, shared with everyone in the session over
// LiveKit's reliable data channel, burned into the recordings and saved in a time-stamped sidecar.
// Coordinates are normalized to the tile's video content (0..1 on each axis, origin top left), so a mark
// lands on the same spot of the picture at any tile size, in the composite and in per-participant files.
import { z } from 'zod';

export const ANNOTATION_TOOLS = ['pen', 'arrow', 'rect', 'ellipse', 'highlight', 'text'] as const;
export const AnnotationToolSchema = z.enum(ANNOTATION_TOOLS);
export type AnnotationTool = z.infer<typeof AnnotationToolSchema>;

/** Marks that fade disappear this long after they arrive; persistent ones stay until undone or cleared. */
export const FADE_AFTER_MS = 4000;
export const FADE_DURATION_MS = 1000;

const Coordinate = z.number().min(-0.5).max(1.5);
export const PointSchema = z.tuple([Coordinate, Coordinate]);
export type Point = z.infer<typeof PointSchema>;

/** `identity:source` — which participant's camera or screen share the mark belongs to. */
export const TileKeySchema = z.string().min(3).max(200);

export function tileKey(identity: string, source: 'camera' | 'screen_share' | string): string {
  return `${identity}:${source}`;
}

export function tileIdentity(key: string): string {
  const i = key.lastIndexOf(':');
  return i < 0 ? key : key.slice(0, i);
}

export const StrokeSchema = z
  .object({
    id: z.string().min(1).max(80),
    author: z.string().min(1).max(128),
    tile: TileKeySchema,
    tool: AnnotationToolSchema,
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    /** Line width as a fraction of the content height. */
    width: z.number().min(0.0005).max(0.2),
    points: z.array(PointSchema).min(1).max(4000),
    text: z.string().max(200).optional(),
    fade: z.boolean(),
    /**
     * When the author finished the mark: epoch ms on the session's common clock (the recording host's
     * clock as the author estimates it; renderer/features/session/session-clock.ts). The sidecar and the
     * burn-in place the mark at this time, not when it reached the recording host.
     */
    at: z.number().int().nonnegative(),
  })
  .strict();
export type Stroke = z.infer<typeof StrokeSchema>;

export const AnnotationOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), stroke: StrokeSchema }).strict(),
  /** `at`: when it was done, on the session's clock like a stroke's (absent from older peers). */
  z.object({ op: z.literal('remove'), id: z.string().min(1).max(80), by: z.string().max(128), at: z.number().int().nonnegative().optional() }).strict(),
  /** tile null clears every tile. */
  z.object({ op: z.literal('clear'), tile: TileKeySchema.nullable(), by: z.string().max(128), at: z.number().int().nonnegative().optional() }).strict(),
]);
export type AnnotationOp = z.infer<typeof AnnotationOpSchema>;

/** What travels on the `fieldtape.annotations` data-channel topic. */
export const AnnotationMessageSchema = z.union([
  AnnotationOpSchema,
  z.object({ op: z.literal('sync-request') }).strict(),
  z.object({ op: z.literal('sync'), strokes: z.array(StrokeSchema).max(2000) }).strict(),
]);
export type AnnotationMessage = z.infer<typeof AnnotationMessageSchema>;

export const ANNOTATION_TOPIC = 'fieldtape.annotations';

/** Applies one operation; idempotent, so a re-sent or re-synced op never duplicates a mark. */
export function applyAnnotationOp(strokes: readonly Stroke[], op: AnnotationOp): Stroke[] {
  switch (op.op) {
    case 'add':
      return strokes.some((s) => s.id === op.stroke.id) ? [...strokes] : [...strokes, op.stroke];
    case 'remove':
      return strokes.filter((s) => s.id !== op.id);
    case 'clear':
      return op.tile === null ? [] : strokes.filter((s) => s.tile !== op.tile);
  }
}

/** Merges a peer's full state into ours (late join): adds what we lack, keeps our order. */
export function mergeStrokes(ours: readonly Stroke[], theirs: readonly Stroke[]): Stroke[] {
  const known = new Set(ours.map((s) => s.id));
  return [...ours, ...theirs.filter((s) => !known.has(s.id))];
}

/** Opacity of a mark `ageMs` after it arrived: 1, then a linear fade for marks that fade. */
export function strokeOpacity(stroke: Pick<Stroke, 'fade'>, ageMs: number): number {
  if (!stroke.fade || ageMs <= FADE_AFTER_MS) return 1;
  return Math.max(0, 1 - (ageMs - FADE_AFTER_MS) / FADE_DURATION_MS);
}

// ---- the sidecar: recordings/<id>/annotations.json, passed through by finalize as an artifact ----

export const SidecarEventSchema = z
  .object({
    /** Seconds since the recording started, on the session's clock: when the mark was drawn. */
    t: z.number().nonnegative(),
    /** The same moment as an ISO timestamp, for aligning recordings of one session. */
    at: z.string().max(40),
    op: AnnotationOpSchema,
  })
  .strict();
export type SidecarEvent = z.infer<typeof SidecarEventSchema>;

export const SidecarHeaderSchema = z
  .object({
    sessionId: z.string().min(1).max(128),
    recordingId: z.string().min(1).max(64),
    /** The participant whose tile a per-participant recording shows; null for the composite. */
    participant: z.string().max(128).nullable(),
    kind: z.enum(['composite', 'participant']),
    sessionStartedAt: z.string().max(40),
    recordingStartedAt: z.string().max(40),
  })
  .strict();
export type SidecarHeader = z.infer<typeof SidecarHeaderSchema>;

export const ANNOTATION_SIDECAR_FORMAT = 'fieldtape.annotations';

export const AnnotationSidecarSchema = SidecarHeaderSchema.extend({
  format: z.literal(ANNOTATION_SIDECAR_FORMAT),
  version: z.literal(1),
  /** Points are [x, y] fractions of the tile's video content; width is a fraction of its height. */
  coordinates: z.literal('normalized-content'),
  events: z.array(SidecarEventSchema),
});
export type AnnotationSidecar = z.infer<typeof AnnotationSidecarSchema>;
