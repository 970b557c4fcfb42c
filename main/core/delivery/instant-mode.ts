// Instant mode's coordinator. When a recording starts while the delivery mode is 'instant', its profile is
// known and its source is H.264 in Matroska (device capture), an InstantRemux session begins and its MP4 is
// uploaded while recording. At Stop the recording service's fast path (finalizeFast) uses that MP4 instead
// of reading, copying and remuxing the journal again, makes snapshot and filmstrip from it while the MP4's
// tail uploads, and writes the manifest; the delivery then joins the running upload and sends the small
// objects and the manifest last.
// Anything unusual (a pause, a second segment, VP8/VP9, a remux failure) abandons the session and the
// recording is finalized and delivered the ordinary way: instant mode only ever makes delivery earlier.
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact } from '../../../shared/domain/artifact';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import type { Settings } from '../../../shared/domain/settings';
import type { ProfileSecrets } from '../config/profiles-secrets';
import type { ProfileStore } from '../config/profiles';
import type { Logger } from '../log';
import { toolVersion } from '../media/ffmpeg-describe';
import { resolveFfprobe } from '../media/ffmpeg-locator';
import { listKeyframeTimes } from '../media/keyframes';
import { buildManifest } from '../media/manifest';
import { probeMedia } from '../media/probe';
import { hashFile, type FileDigest } from '../media/hash-file';
import { OUTPUT_NAMES, partFiles, publishGrowingMp4, publishOutputs, writeCompanions } from '../media/publish';
import type { FinalizeInput } from '../recording/recording-service';
import { manifestFieldsOf } from '../recording/recording-finalizer';
import { recordingPaths } from '../recording/recording-paths';
import { journalFor, targetFor } from './object-write';
import { effectiveDeliveryMode } from './delivery-mode';
import { objectKey } from './delivery-plan';
import type { DeliveryService } from './delivery-service';
import type { DeliveryStore } from '../store/delivery-store';
import { MIN_PART_BYTES, uploadMultipart } from './multipart-upload';
import { InstantRemux, isAudioOnlyMime } from './instant-session';
import { writeKeyframePreviews } from './instant-previews';
import type { S3ClientFactory } from './s3-client';

export interface InstantModeDeps {
  delivery: DeliveryService;
  store: DeliveryStore;
  profiles: ProfileStore;
  secrets: ProfileSecrets;
  clientFactory: S3ClientFactory;
  ffmpegPath: () => string;
  settings: () => Settings;
  recordingsDir: string;
  clock: () => Date;
  log: Logger;
}

export interface InstantMode {
  /** Called right after a recording is created; starts a session when instant mode applies. */
  begin(recording: RecordingSnapshot, mime: string): Promise<void>;
  chunk(recordingId: string, segment: number, seq: number, data: Uint8Array): void;
  /** A pause, resume or new segment: instant mode cannot follow; deliver after Stop instead. */
  abandon(recordingId: string, why: string): void;
  /** The recording service's fast path: the finished artifacts from the session, or null (finalize as usual). */
  finalizeFast(input: FinalizeInput): Promise<{ durationSec: number; artifacts: Artifact[] } | null>;
  active(recordingId: string): boolean;
  /** Shutdown: every session ends (recovery finalizes those recordings from the journal). */
  close(): void;
}

interface Session {
  remux: InstantRemux;
  upload: Promise<unknown>;
  abort: AbortController;
}

const MP4_NAME = OUTPUT_NAMES.mp4;

/**
 * Which recorded streams can be remuxed into fragmented MP4 while recording, without re-encoding video:
 * H.264 in Matroska or WebM (device capture, and Chromium's `video/webm;codecs=h264,opus` recorder; WebM is
 * a subset of Matroska), and audio-only recordings (Opus becomes AAC). VP8/VP9 cannot go into an MP4 as
 * delivered (they would need an encode), so those recordings are delivered after Stop.
 */
export function isInstantEligible(mime: string): boolean {
  const m = mime.toLowerCase();
  if (!/^(video|audio)\/(x-matroska|webm)\b/.test(m)) return false;
  if (/(avc1|h264)/.test(m)) return true;
  return isAudioOnlyMime(m) && !/(vp8|vp9|vp09|av1|av01)/.test(m);
}

/**
 * Keyframe previews are at most one keyframe interval from the exact time: fine when keyframes come every
 * few seconds (device capture, and the Record screen's recorder, which asks for one every 2 s), not when a
 * renderer recorder made one at the start and none after.
 */
const DENSE_KEYFRAME_GAP_SEC = 3;

/** Device capture makes a keyframe every 2 s; a renderer recorder says when it was asked to (the Record screen). */
function keyframesPromised(source: RecordingSnapshot['source']): boolean {
  if (source.kind !== 'intake') return true;
  return source.keyframeIntervalMs !== undefined && source.keyframeIntervalMs <= DENSE_KEYFRAME_GAP_SEC * 1000;
}

async function keyframesAreDense(file: string, options: { ffmpegPath: string; ffprobePath: string | null }): Promise<boolean> {
  const times = await listKeyframeTimes(file, options);
  if (!times || times.length < 2) return false;
  return times.every((t, i) => i === 0 || t - times[i - 1]! <= DENSE_KEYFRAME_GAP_SEC);
}

export function createInstantMode(deps: InstantModeDeps): InstantMode {
  const sessions = new Map<string, Session>();
  const { log, store } = deps;
  const now = () => deps.clock().toISOString();
  let ffmpegVersion: Promise<string> | null = null;

  function abandon(recordingId: string, why: string): void {
    const s = sessions.get(recordingId);
    if (!s) return;
    sessions.delete(recordingId);
    log.info('instant delivery abandoned; the recording will be delivered after it stops', { id: recordingId, why });
    s.abort.abort(new Error(`instant mode abandoned: ${why}`));
    s.remux.abandon();
    // The parts sent so far belong to bytes that will not be the final MP4: start clean after Stop.
    store.resetUpload(recordingId, MP4_NAME);
  }

  async function begin(recording: RecordingSnapshot, mime: string): Promise<void> {
    if (effectiveDeliveryMode(recording.profileId ? deps.profiles.get(recording.profileId) : null, deps.settings()) !== 'instant' || !recording.profileId || !isInstantEligible(mime)) return;
    const profile = deps.profiles.get(recording.profileId);
    if (!profile) return;
    let secret: string;
    try {
      secret = await deps.secrets.resolve(profile);
    } catch (error) {
      log.warn('instant delivery not started: no secret', { id: recording.id, error: String(error) });
      return;
    }
    deps.delivery.createInstant(recording, profile);
    ffmpegVersion ??= toolVersion(deps.ffmpegPath()).then((v) => v ?? 'unknown');
    const key = objectKey(profile, recording, MP4_NAME);
    const p = recordingPaths(deps.recordingsDir, recording.id);
    const remux = new InstantRemux(deps.ffmpegPath(), path.join(p.dir, 'instant'), /mp4a|aac/i.test(mime), log, isAudioOnlyMime(mime));
    store.syncObjects(recording.id, [{ name: MP4_NAME, kind: 'mp4', seq: 1, key, localPath: remux.file, bytes: null, sha256: null }]);
    const client = deps.clientFactory(profile, secret);
    const abort = new AbortController();
    const upload = uploadMultipart({
      client,
      target: targetFor(profile, key, MP4_NAME),
      source: remux.source(),
      journal: journalFor(store, recording.id, MP4_NAME, now),
      // The smallest part S3 allows: what is left to send at Stop is at most this much.
      partSize: MIN_PART_BYTES,
      slots: deps.delivery.slots,
      concurrency: 2,
      throttle: deps.delivery.throttle,
      signal: abort.signal,
      log,
      onProgress: (bytes) => deps.delivery.reportProgress(recording.id, MP4_NAME, bytes),
    })
      .then((result) => {
        store.objectDelivered(recording.id, MP4_NAME, result.etag, result.checksumSha256, now());
        log.info('instant MP4 delivered', { id: recording.id, key, bytes: result.bytes, parts: result.parts });
        return result;
      })
      .finally(() => client.destroy());
    void upload.catch(() => undefined);
    deps.delivery.registerRunningUpload(recording.id, MP4_NAME, upload);
    sessions.set(recording.id, { remux, upload, abort });
    log.info('instant delivery started', { id: recording.id, key });
  }

  async function finalizeFast(input: FinalizeInput): Promise<{ durationSec: number; artifacts: Artifact[] } | null> {
    const id = input.recording.id;
    const session = sessions.get(id);
    if (!session) return adoptPublishedMp4(input);
    sessions.delete(id);
    try {
      return await finalizeFromSession(session, input);
    } catch (error) {
      log.warn('instant finalize failed; finalizing from the journal', { id, error: error instanceof Error ? error.message : String(error) });
      session.abort.abort(error);
      session.remux.abandon();
      store.resetUpload(id, MP4_NAME);
      return null;
    }
  }

  /**
   * After a crash during the instant finalize (the app killed, a power cut): the MP4 it had published is
   * kept when it is exactly the file the upload sends, its size and SHA-256 being in the object row
   * (recorded before the upload could complete). Finalizing from the journal instead would make other bytes
   * for a key the bucket may already hold, and If-None-Match: * rightly refuses them (a CONFLICT, seen in
   * test/integration/instant-publish-kill.test.ts before this). Anything else: null, finalize as usual.
   */
  async function adoptPublishedMp4(input: FinalizeInput): Promise<{ durationSec: number; artifacts: Artifact[] } | null> {
    const id = input.recording.id;
    const row = store.object(id, MP4_NAME);
    if (!row || row.bytes === null || row.sha256 === null) return null;
    const mp4Path = path.join(input.outDir, MP4_NAME);
    if (!fs.existsSync(mp4Path) || fs.statSync(mp4Path).size !== row.bytes) return null;
    const digest = await hashFile(mp4Path, input.signal);
    if (digest.sha256 !== row.sha256) return null;
    log.info('instant MP4 kept after a restart: finishing its finalize', { id });
    const t0 = Date.now();
    return completeFromPublishedMp4(input, mp4Path, digest, t0, {});
  }

  async function finalizeFromSession(session: Session, input: FinalizeInput): Promise<{ durationSec: number; artifacts: Artifact[] }> {
    const id = input.recording.id;
    const t0 = Date.now();
    const phases: Record<string, number> = {};
    const out = await session.remux.finish();
    phases.remuxFinished = Date.now() - t0;
    const mp4Path = publishGrowingMp4(out.path, input.outDir);
    // Its final size and hash are recorded before the upload may complete (it ends at seal()), so the
    // object row describes the finished file, and a restart can tell it is the one (adoptPublishedMp4).
    store.setContent(id, MP4_NAME, out.bytes, out.sha256);
    session.remux.seal();
    return completeFromPublishedMp4(input, mp4Path, out, t0, phases);
  }

  /** The pictures, the sidecar and the manifest for an instant MP4 already published in `input.outDir`. */
  async function completeFromPublishedMp4(input: FinalizeInput, mp4Path: string, out: FileDigest, t0: number, phases: Record<string, number>): Promise<{ durationSec: number; artifacts: Artifact[] }> {
    const id = input.recording.id;
    const mark = (name: string) => (phases[name] = Date.now() - t0);

    const ffmpegPath = deps.ffmpegPath();
    const ffprobePath = resolveFfprobe(ffmpegPath)?.path ?? null;
    const probe = await probeMedia(mp4Path, { ffmpegPath, ffprobePath });
    mark('probed');
    const durationSec = probe.durationSec ?? 0;
    // The MP4 is published already (the upload reads it); the pictures and the sidecar go through the
    // same publish step as post-stop finalize's (media/publish.ts).
    const { part, discard } = partFiles(input.outDir);
    let companions: Artifact[];
    try {
      const outputs = await writeCompanions({
        ffmpegPath,
        ffprobePath,
        mp4: mp4Path,
        durationSec,
        video: probe.video ? { fps: probe.video.fps } : null,
        filmstripFrames: deps.settings().filmstripFrames,
        ...(input.annotationsFile ? { annotationsFile: input.annotationsFile } : {}),
        part,
        // Keyframes alone make the pictures at once when the recorder promised them or the file has them
        // densely; renderer H.264 may have one keyframe an hour, and then the general chooser runs.
        quickPreviews: async (files) => {
          if (keyframesPromised(input.recording.source) || (await keyframesAreDense(mp4Path, { ffmpegPath, ffprobePath }))) {
            await writeKeyframePreviews(ffmpegPath, mp4Path, durationSec, { ...files, filmstripFrames: deps.settings().filmstripFrames });
          }
        },
      });
      mark('previews');
      companions = await publishOutputs(input.outDir, outputs);
    } finally {
      discard();
    }
    const artifacts: Artifact[] = [{ kind: 'mp4' as const, path: mp4Path, bytes: out.bytes, sha256: out.sha256 }, ...companions];
    ffmpegVersion ??= toolVersion(ffmpegPath).then((v) => v ?? 'unknown');
    const manifest = await buildManifest({
      ...manifestFieldsOf(input.recording, deps.clock),
      outDir: input.outDir,
      durationSec,
      artifacts,
      ffmpegVersion: await ffmpegVersion,
      // The video (if any) is copied; Opus audio is encoded to AAC as finalize would.
      finalizePath: probe.video ? 'remux' : 'encode',
      sourceVideoCodec: probe.video?.codec ?? 'none',
      // Nothing is added here: a recording without a microphone gets an MP4 without audio.
      media: { video: probe.video !== null, audio: probe.audio !== null, silentAudioAdded: false, blankVideoAdded: false },
      clock: deps.clock,
    });
    fs.rmSync(path.join(recordingPaths(deps.recordingsDir, id).dir, 'instant'), { recursive: true, force: true });
    mark('manifest');
    log.info('instant finalize', { id, ms: phases });
    return { durationSec, artifacts: [...artifacts, manifest] };
  }

  return {
    begin,
    chunk(recordingId, segment, seq, data) {
      const s = sessions.get(recordingId);
      if (!s) return;
      if (segment !== 1) return abandon(recordingId, `segment ${segment}`);
      s.remux.push(seq, data);
      if (s.remux.failure) abandon(recordingId, s.remux.failure.message);
    },
    abandon,
    finalizeFast,
    active: (recordingId) => sessions.has(recordingId),
    close() {
      for (const id of [...sessions.keys()]) abandon(id, 'shutting down');
    },
  };
}
