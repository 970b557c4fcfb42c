// Connects the recording service to the media pipeline: finalize the salvaged segments with the user's
// encode settings, then write the manifest that lists every artifact with its SHA-256.
import type { Settings } from '../../../shared/domain/settings';
import { AppError } from '../../../shared/errors';
import { toolVersion } from '../media/ffmpeg-describe';
import { finalizeMedia } from '../media/finalize';
import { buildManifest, type ManifestInput } from '../media/manifest';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import type { Logger } from '../log';
import type { Finalizer } from './recording-service';

export function createRecordingFinalizer(deps: { ffmpegPath: () => string; settings: () => Settings; clock: () => Date; log: Logger }): Finalizer {
  let version: Promise<string> | null = null;
  return (input) =>
    run(input).catch((error: unknown) => {
      // ffmpeg reports a full disk as a failed conversion; say what it really is, so it can be retried.
      if (error instanceof AppError && /No space left on device/i.test(`${error.message}\n${error.detail ?? ''}`)) {
        throw new AppError('DISK_FULL', `The disk filled up while finalizing ${input.recording.id}. Free some space and run \`fieldtape recover\`; the recording itself is kept.`);
      }
      throw error;
    });

  async function run(input: Parameters<Finalizer>[0]): ReturnType<Finalizer> {
    const ffmpegPath = deps.ffmpegPath();
    version ??= toolVersion(ffmpegPath).then((v) => v ?? 'unknown');
    const settings = deps.settings();
    const media = await finalizeMedia({
      ffmpegPath,
      segments: input.segments,
      workDir: input.workDir,
      outDir: input.outDir,
      encode: { preset: settings.encodePreset, crf: settings.encodeCrf },
      filmstripFrames: settings.filmstripFrames,
      ...(input.annotationsFile ? { annotationsFile: input.annotationsFile } : {}),
      signal: input.signal,
    });
    for (const warning of media.warnings) deps.log.warn('finalize warning', { id: input.recording.id, warning });
    const manifest = await buildManifest({
      ...manifestFieldsOf(input.recording, deps.clock),
      outDir: input.outDir,
      durationSec: media.durationSec,
      artifacts: media.artifacts,
      ffmpegVersion: await version,
      finalizePath: media.path,
      sourceVideoCodec: media.sourceVideoCodec,
      media: media.media,
      clock: deps.clock,
    });
    return { durationSec: media.durationSec, artifacts: [...media.artifacts, manifest] };
  }
}

/** What a recording's manifest says about the recording itself, whichever path finalized it. */
export function manifestFieldsOf(r: RecordingSnapshot, clock: () => Date): Pick<ManifestInput, 'recordingId' | 'sessionId' | 'title' | 'ticket' | 'startedAt' | 'stoppedAt' | 'sources' | 'participants'> {
  return {
    recordingId: r.id,
    sessionId: r.sessionId,
    title: r.title,
    ticket: r.ticket,
    startedAt: r.startedAt ?? r.createdAt,
    stoppedAt: r.stoppedAt ?? clock().toISOString(),
    sources: [r.source],
    participants: r.participant ? [{ identity: r.participant }] : [],
  };
}
