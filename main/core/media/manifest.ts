// Writes manifest.json beside the artifacts: what was recorded, by whom and with what, and the size and
// SHA-256 of every file, so a delivery can be verified without Fieldtape. Written durably (temp file,
// fsync, rename) because it is the last file of a finalize and its presence means "complete".
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact } from '../../../shared/domain/artifact';
import {
  MANIFEST_FILE_NAME,
  MANIFEST_VERSION,
  ManifestSchema,
  type Manifest,
  type ManifestMedia,
  type ManifestParticipant,
} from '../../../shared/domain/manifest';
import type { RecordingSource } from '../../../shared/domain/recording';
import { AppError } from '../../../shared/errors';
import { ioError, writeFileDurable } from '../fs-durable';
import { APP_VERSION } from '../version';
import { hashFile } from './hash-file';
import type { FinalizePath } from './mp4-export';

export interface ManifestInput {
  outDir: string;
  recordingId: string;
  sessionId: string | null;
  title?: string;
  ticket?: string | null;
  startedAt: string;
  stoppedAt: string;
  durationSec: number;
  sources: RecordingSource[];
  participants?: ManifestParticipant[];
  /** The finalized files; each must be in outDir. */
  artifacts: Artifact[];
  ffmpegVersion: string;
  finalizePath: FinalizePath;
  sourceVideoCodec: string;
  /** What the MP4 holds (audio only, silence added, ...): always written by this Fieldtape. */
  media: ManifestMedia;
  clock?: () => Date;
}

export type ManifestArtifactResult = Artifact & { kind: 'manifest' };

export async function buildManifest(input: ManifestInput): Promise<ManifestArtifactResult> {
  const outDir = path.resolve(input.outDir);
  const artifacts = input.artifacts.map((artifact) => {
    if (artifact.kind === 'manifest') throw new AppError('INTERNAL', 'A manifest cannot list a manifest.');
    // Names in the manifest are relative to it; a file elsewhere would not be found next to it.
    if (path.dirname(path.resolve(artifact.path)) !== outDir) {
      throw new AppError('INTERNAL', `Artifact ${artifact.path} is not in the output folder ${outDir}.`);
    }
    return { kind: artifact.kind, file: path.basename(artifact.path), bytes: artifact.bytes, sha256: artifact.sha256 };
  });

  const draft: Manifest = {
    manifestVersion: MANIFEST_VERSION,
    recordingId: input.recordingId,
    sessionId: input.sessionId,
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.ticket ? { ticket: input.ticket } : {}),
    startedAt: input.startedAt,
    stoppedAt: input.stoppedAt,
    durationSec: Math.round(input.durationSec * 1000) / 1000,
    sources: input.sources,
    participants: input.participants ?? [],
    artifacts,
    media: input.media,
    producedBy: {
      app: 'Fieldtape',
      appVersion: APP_VERSION,
      ffmpegVersion: input.ffmpegVersion,
      finalizePath: input.finalizePath,
      sourceVideoCodec: input.sourceVideoCodec,
    },
    createdAt: (input.clock ?? (() => new Date()))().toISOString(),
  };
  const parsed = ManifestSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_REQUEST', `The manifest is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'rejected'}`);
  }

  const file = path.join(outDir, MANIFEST_FILE_NAME);
  try {
    fs.mkdirSync(outDir, { recursive: true });
    writeFileDurable(file, JSON.stringify(parsed.data, null, 2) + '\n');
  } catch (error) {
    throw ioError(error, 'writing the recording manifest');
  }
  const digest = await hashFile(file);
  return { kind: 'manifest', path: file, ...digest };
}
