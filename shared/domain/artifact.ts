// The files a finished recording consists of. Every artifact carries its size and SHA-256 so anyone can
// verify that what they hold (locally or in the bucket) is what was recorded.
import { z } from 'zod';

/**
 * 'waveform': a PNG of an audio-only recording's waveform (time left to right), made instead of the
 * snapshot and filmstrip, which need pictures. A recording has either snapshot + filmstrip or a waveform.
 */
/**
 * 'receipt': receipt.json and receipt.tsr, delivered after the manifest (docs/evidence.md). They are
 * delivery objects only: a recording's own artifacts never have this kind.
 */
export const ARTIFACT_KINDS = ['mp4', 'snapshot', 'filmstrip', 'manifest', 'annotations', 'raw', 'waveform', 'receipt'] as const;
export const ArtifactKindSchema = z.enum(ARTIFACT_KINDS);
export type ArtifactKind = z.infer<typeof ArtifactKindSchema>;

export const ArtifactSchema = z.object({
  kind: ArtifactKindSchema,
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Artifact = z.infer<typeof ArtifactSchema>;
