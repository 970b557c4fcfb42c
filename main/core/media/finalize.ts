// Finalize: raw recorded segments in, deliverable files out (MP4, snapshot, filmstrip, the annotation
// sidecar), each with its size and SHA-256. A recording without video (audio only) gets an AAC-only MP4
// and a waveform image instead of the snapshot and filmstrip. Intermediate files live in a private folder under workDir
// that is always removed; outputs are written as *.part and renamed only once complete and fsync'd, so
// an interrupted finalize never leaves a plausible-looking but truncated artifact.
import fs from 'node:fs';
import path from 'node:path';
import type { ManifestMedia } from '../../../shared/domain/manifest';
import { AppError } from '../../../shared/errors';
import { ioError } from '../fs-durable';
import { resolveFfprobe } from './ffmpeg-locator';
import { DEFAULT_ENCODE, writeMp4, type EncodeSettings, type FinalizePath } from './mp4-export';
import { probeMedia } from './probe';
import { OUTPUT_NAMES, partFiles, publishOutputs, writeCompanions, type FinalizedArtifact, type Output } from './publish';
import { remuxSegment, type RemuxedSegment } from './segment-remux';

export interface FinalizeInput {
  ffmpegPath: string;
  /** undefined: resolve one (FFPROBE_PATH, beside ffmpeg, PATH); null: probe with `ffmpeg -i` only. */
  ffprobePath?: string | null;
  /** Raw segment files in recording order; the first of each carries its container header. */
  segments: string[];
  workDir: string;
  outDir: string;
  encode?: Partial<EncodeSettings>;
  filmstripFrames: number;
  annotationsFile?: string;
  signal?: AbortSignal;
  /** 0..1, never decreasing. */
  onProgress?(fraction: number): void;
}

export interface FinalizeResult {
  durationSec: number;
  /** The recorded video's codec, 'none' when nothing had video. */
  sourceVideoCodec: string;
  path: FinalizePath;
  /** What the MP4 holds and what was added to it, for the manifest. */
  media: ManifestMedia;
  artifacts: FinalizedArtifact[];
  /** Things salvaged around (an empty or unreadable last segment): for the audit log, not failures. */
  warnings: string[];
}

// Share of the progress bar per phase; the MP4 dominates (an encode runs at ~1.6x realtime here).
const PHASES = { remux: 0.05, mp4: 0.8, images: 0.1, hash: 0.05 };

export async function finalizeMedia(input: FinalizeInput): Promise<FinalizeResult> {
  const { ffmpegPath, signal } = input;
  if (input.segments.length === 0) throw new AppError('INVALID_REQUEST', 'Nothing to finalize: the recording has no segments.');
  const ffprobePath = input.ffprobePath !== undefined ? input.ffprobePath : (resolveFfprobe(ffmpegPath)?.path ?? null);
  if (!Number.isInteger(input.filmstripFrames) || input.filmstripFrames < 1 || input.filmstripFrames > 100) {
    throw new AppError('INVALID_REQUEST', `A filmstrip needs 1 to 100 frames, not ${input.filmstripFrames}.`);
  }
  const encode: EncodeSettings = {
    preset: input.encode?.preset ?? DEFAULT_ENCODE.preset,
    crf: input.encode?.crf ?? DEFAULT_ENCODE.crf,
  };
  const sig = signal ? { signal } : {};
  const progress = progressReporter(input.onProgress);

  let scratch: string;
  try {
    fs.mkdirSync(input.workDir, { recursive: true });
    fs.mkdirSync(input.outDir, { recursive: true });
    scratch = fs.mkdtempSync(path.join(input.workDir, 'finalize-'));
  } catch (error) {
    throw ioError(error, 'preparing to finalize the recording');
  }
  const { part, discard } = partFiles(input.outDir);

  try {
    const warnings: string[] = [];
    const segments = await remuxAll(input, ffprobePath, scratch, warnings, (f) => progress(f * PHASES.remux));
    const totalSec = segments.reduce((sum, s) => sum + s.durationSec, 0);

    const mp4Part = part(OUTPUT_NAMES.mp4);
    const plan = await writeMp4(ffmpegPath, segments, scratch, mp4Part, {
      encode,
      ...sig,
      onProgress: (sec) => progress(PHASES.remux + PHASES.mp4 * (totalSec > 0 ? sec / totalSec : 0)),
    });
    const mp4Probe = await probeMedia(mp4Part, { ffmpegPath, ffprobePath, ...sig });
    const durationSec = mp4Probe.durationSec ?? totalSec;

    const outputs: Output[] = [['mp4', mp4Part]];
    outputs.push(
      ...(await writeCompanions({
        ffmpegPath,
        ffprobePath,
        mp4: mp4Part,
        durationSec,
        video: plan.media.video ? { fps: mp4Probe.video?.fps ?? null } : null,
        filmstripFrames: input.filmstripFrames,
        ...(input.annotationsFile ? { annotationsFile: input.annotationsFile } : {}),
        ...sig,
        part,
      })),
    );
    progress(PHASES.remux + PHASES.mp4 + PHASES.images);
    const artifacts = await publishOutputs(input.outDir, outputs, {
      ...sig,
      onHashed: (done, of) => progress(PHASES.remux + PHASES.mp4 + PHASES.images + (PHASES.hash * done) / of),
    });
    progress(1);
    const sourceVideoCodec = segments.find((s) => s.probe.video)?.probe.video?.codec ?? 'none';
    return { durationSec, sourceVideoCodec, path: plan.path, media: plan.media, artifacts, warnings };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    discard();
  }
}

async function remuxAll(
  input: FinalizeInput,
  ffprobePath: string | null,
  scratch: string,
  warnings: string[],
  onProgress: (fraction: number) => void,
): Promise<RemuxedSegment[]> {
  const segments: RemuxedSegment[] = [];
  for (const [i, raw] of input.segments.entries()) {
    const isLast = i === input.segments.length - 1;
    const out = path.join(scratch, `segment-${String(i).padStart(3, '0')}.mkv`);
    try {
      const remuxed = await remuxSegment(input.ffmpegPath, raw, out, { ffprobePath, ...(input.signal ? { signal: input.signal } : {}) });
      if (remuxed) segments.push(remuxed);
      else warnings.push(`Segment ${path.basename(raw)} contains no audio or video and was left out.`);
    } catch (error) {
      // The last segment is the one a crash or power loss cuts short, possibly inside its header; losing
      // its few seconds is better than losing the whole recording. Damage anywhere else is reported.
      const salvageable = isLast && segments.length > 0 && error instanceof AppError && error.code === 'MEDIA_ERROR';
      if (!salvageable) throw error;
      warnings.push(`The last segment (${path.basename(raw)}) was unreadable and was left out: ${error.message}`);
    }
    onProgress((i + 1) / input.segments.length);
  }
  if (segments.length === 0) {
    throw new AppError('MEDIA_ERROR', 'The recording contains no audio or video, so there is nothing to finalize. The raw segments were kept.');
  }
  return segments;
}

function progressReporter(onProgress: ((fraction: number) => void) | undefined): (fraction: number) => void {
  let last = 0;
  return (fraction) => {
    const next = Math.min(1, Math.max(last, fraction));
    if (next === last) return;
    last = next;
    onProgress?.(next);
  };
}
