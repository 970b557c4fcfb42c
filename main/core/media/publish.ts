// The publish step every finalize ends with, post-stop and instant alike: beside a finished MP4, the
// pictures (snapshot and filmstrip, or a waveform when there is no video) and the annotation sidecar are
// written as *.part; then every output is hashed, and only once all are complete is each fsynced and
// renamed to its final name and the folder fsynced. An abort or failure before that leaves no final file
// of the set, and the caller removes the parts.
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact } from '../../../shared/domain/artifact';
import { AppError } from '../../../shared/errors';
import { fsyncDir, ioError } from '../fs-durable';
import { hashFile, type FileDigest } from './hash-file';
import { writePreviews } from './previews';
import { writeWaveform } from './waveform';

export const OUTPUT_NAMES = {
  mp4: 'recording.mp4',
  snapshot: 'snapshot.jpg',
  filmstrip: 'filmstrip.jpg',
  waveform: 'waveform.png',
  annotations: 'annotations.json',
} as const;

export type FinalizedArtifact = Artifact & { kind: 'mp4' | 'snapshot' | 'filmstrip' | 'waveform' | 'annotations' };
export type Output = [FinalizedArtifact['kind'], string];

export interface CompanionInput {
  ffmpegPath: string;
  ffprobePath: string | null;
  /** The MP4 the pictures are made from (its *.part, or the published file instant mode keeps uploading). */
  mp4: string;
  durationSec: number;
  /** The MP4's video (null: audio only, so a waveform), with its frame rate when known. */
  video: { fps: number | null } | null;
  filmstripFrames: number;
  annotationsFile?: string;
  signal?: AbortSignal;
  /** Where each *.part goes; the caller removes them all if publishing never happens. */
  part(name: string): string;
  /**
   * Writes the snapshot and filmstrip some quicker way first (instant mode: from keyframes only); the
   * general chooser in previews.ts runs when this is absent or wrote nothing.
   */
  quickPreviews?(files: { snapshotFile: string; filmstripFile: string }): Promise<void>;
}

/** Writes the pictures and the annotation sidecar beside the MP4, as parts; returns them as outputs. */
export async function writeCompanions(input: CompanionInput): Promise<Output[]> {
  const outputs: Output[] = [];
  const sig = input.signal ? { signal: input.signal } : {};
  if (input.video) {
    const files = { snapshotFile: input.part(OUTPUT_NAMES.snapshot), filmstripFile: input.part(OUTPUT_NAMES.filmstrip) };
    if (input.quickPreviews) await input.quickPreviews(files);
    // The quick way may write nothing: ffmpeg exits 0 with an empty file when a seek lands after the only
    // keyframe of a short recording (seen with 2 s of device capture).
    if (!input.quickPreviews || !(nonEmpty(files.snapshotFile) && nonEmpty(files.filmstripFile))) {
      await writePreviews(input.ffmpegPath, input.mp4, input.durationSec, { ...files, ffprobePath: input.ffprobePath, filmstripFrames: input.filmstripFrames, fps: input.video.fps, ...sig });
    }
    outputs.push(['snapshot', files.snapshotFile], ['filmstrip', files.filmstripFile]);
  } else {
    // Audio only: a waveform stands in for the pictures there are none of.
    const waveform = input.part(OUTPUT_NAMES.waveform);
    await writeWaveform(input.ffmpegPath, input.mp4, waveform, input.signal);
    outputs.push(['waveform', waveform]);
  }
  if (input.annotationsFile) {
    const annotations = input.part(OUTPUT_NAMES.annotations);
    copyAnnotations(input.annotationsFile, annotations);
    outputs.push(['annotations', annotations]);
  }
  return outputs;
}

/**
 * Hashes every output, then (all complete, not aborted) fsyncs and renames each part to its final name and
 * fsyncs the folder. `onHashed` reports each file hashed, for a progress bar.
 */
export async function publishOutputs(outDir: string, outputs: Output[], options: { signal?: AbortSignal; onHashed?(done: number, of: number): void } = {}): Promise<FinalizedArtifact[]> {
  const digests: FileDigest[] = [];
  for (const [, partFile] of outputs) {
    digests.push(await hashFile(partFile, options.signal));
    options.onHashed?.(digests.length, outputs.length);
  }
  // Publish only once everything is complete, so an abort or failure never leaves half a set.
  options.signal?.throwIfAborted();
  const artifacts = outputs.map(([kind, partFile], i): FinalizedArtifact => ({ kind, path: publishPart(partFile), ...digests[i]! }));
  fsyncDir(outDir);
  return artifacts;
}

/** fsync a finished *.part file and rename it to its final name (the caller fsyncs the folder). */
function publishPart(partFile: string): string {
  const finalFile = partFile.replace(/\.part$/, '');
  fsyncAndRename(partFile, finalFile);
  return finalFile;
}

/**
 * Publishes instant mode's MP4 ahead of its companions: the fragmented MP4 that was uploaded while it grew
 * is fsynced and renamed into `outDir` (same inode, so the running upload keeps reading it) and the folder
 * fsynced. Its size and hash are known already (hashed as it was written). The pictures and the manifest
 * follow through writeCompanions/publishOutputs as in any finalize; after a crash in between, the next
 * start keeps this file when it is exactly what the upload sends (instant-mode.ts).
 */
export function publishGrowingMp4(file: string, outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  const finalFile = path.join(outDir, OUTPUT_NAMES.mp4);
  fsyncAndRename(file, finalFile);
  fsyncDir(outDir);
  return finalFile;
}

function fsyncAndRename(from: string, to: string): void {
  try {
    const fd = fs.openSync(from, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(from, to);
  } catch (error) {
    throw ioError(error, 'saving the finalized recording');
  }
}

/**
 * The *.part files of one finalize in `outDir`: `part(name)` names one and remembers it, `discard()`
 * removes every one still there (after publishing, none is: they were renamed).
 */
export function partFiles(outDir: string): { part(name: string): string; discard(): void } {
  const parts: string[] = [];
  return {
    part(name) {
      const file = path.join(outDir, `${name}.part`);
      parts.push(file);
      return file;
    },
    discard() {
      for (const file of parts) fs.rmSync(file, { force: true });
    },
  };
}

function nonEmpty(file: string): boolean {
  try {
    return fs.statSync(file).size > 0;
  } catch {
    return false;
  }
}

function copyAnnotations(from: string, to: string): void {
  try {
    fs.copyFileSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('NOT_FOUND', `The annotations file ${from} is missing.`);
    }
    throw ioError(error, 'copying the annotations');
  }
}
