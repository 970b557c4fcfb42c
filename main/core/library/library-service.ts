// The review side of the engine: library paging and search, rename and tags, delete, the player's detail
// (markers, the session's tracks), evidence and re-verification, import, export, and the media source
// both shells mount for range requests. Built by the composition root from the database and services.
import fs from 'node:fs';
import path from 'node:path';
import { AnnotationSidecarSchema, type AnnotationSidecar } from '../../../shared/domain/annotation';
import type { ArtifactKind } from '../../../shared/domain/artifact';
import type { AuditEvent } from '../../../shared/domain/audit';
import type {
  DeletePlan,
  DeleteResult,
  Evidence,
  ExportRequest,
  ExportResult,
  LibraryDetail,
  LibraryEntry,
  LibraryPage,
  LibraryQuery,
  Verification,
} from '../../../shared/domain/library';
import { AppError } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../log';
import { probeMedia } from '../media/probe';
import type { OwnerLocks } from '../recording/owner-lock';
import type { RecordingService } from '../recording/recording-service';
import type { RecordingStore } from '../store/recording-store';
import type { Db } from '../store/database';
import { readDeliveryView } from '../store/delivery-view';
import { buildEvidence, readManifest, verifyArtifacts } from './evidence';
import { deleteRecording, planDelete } from './library-delete';
import { exportRecording } from './library-export';
import { createImporter } from './library-import';
import { createLibraryQueries } from '../store/library-queries';
import { computeMarkers } from './markers';
import { createMediaSource, type ServedMedia } from './media-range';

export interface LibraryServiceDeps {
  db: Db;
  dataDir: string;
  recordingsDir: string;
  /** The engine's recordings repository. */
  recordingStore: RecordingStore;
  audit: AuditLog;
  recordings: RecordingService;
  /** Deleting takes a recording's owner lock, so it never pulls a folder from under a live process. */
  ownerLocks: OwnerLocks;
  /** Before the library is read: recordings whose owner died meanwhile are marked interrupted, never live. */
  beforeRead?: () => void;
  log: Logger;
  clock: () => Date;
  ffmpegPath: () => string;
  encode: () => { preset: string; crf: number };
  freeBytes: () => number;
  /** A recording's row changed (title, tags): the host re-announces it. */
  onChange: (recordingId: string) => void;
  onProgress: (progress: { jobId: string; phase: string; fraction: number }) => void;
  /** The host's folder dialog (Electron); absent in the web shell and the CLI. */
  pickFolder?: () => Promise<string | null>;
}

export function createLibraryService(deps: LibraryServiceDeps) {
  const { db } = deps;
  const queries = createLibraryQueries(db);
  const store = deps.recordingStore;
  const grantedFolders = new Set<string>();
  const jobs = new Map<string, AbortController>();
  const probes = new Map<string, LibraryDetail['video']>();
  const exportsDir = path.join(deps.dataDir, 'exports');

  const mustEntry = (id: string): LibraryEntry => {
    const entry = queries.entry(id);
    if (!entry) throw new AppError('NOT_FOUND', `There is no recording ${id} in the library.`);
    return entry;
  };
  const dirOf = (id: string) => path.join(deps.recordingsDir, id);

  const media = createMediaSource({
    lookup(recordingId: string, kind: ArtifactKind) {
      const row = store.artifactWithTitle(recordingId, kind);
      if (!row) return null;
      const ext = path.extname(row.path) || '';
      return { file: row.path, root: dirOf(recordingId), downloadName: `${row.title.slice(0, 60)}-${recordingId}${ext}` };
    },
    onServed(served: ServedMedia) {
      const fields = { ...served };
      if (served.kind === 'mp4') deps.log.info('media served', fields);
      else deps.log.debug('media served', fields);
    },
  });

  const importer = createImporter({
    importsDir: path.join(deps.dataDir, 'imports'),
    recordings: deps.recordings,
    store,
    ffmpegPath: deps.ffmpegPath,
    freeBytes: deps.freeBytes,
    clock: deps.clock,
    atomically: (fn) => db.transaction(fn).immediate(),
  });

  function sessionEvents(sessionId: string | null, recordingId: string): AuditEvent[] {
    return sessionId ? deps.audit.list({ sessionId }) : deps.audit.list({ recordingId });
  }

  async function videoInfo(file: string): Promise<LibraryDetail['video']> {
    let key: string;
    try {
      const stat = fs.statSync(file);
      key = `${file}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return null;
    }
    if (probes.has(key)) return probes.get(key)!;
    let info: LibraryDetail['video'] = null;
    try {
      const probe = await probeMedia(file, { ffmpegPath: deps.ffmpegPath() });
      info = probe.video ? { fps: probe.video.fps, width: probe.video.width, height: probe.video.height } : null;
    } catch (error) {
      deps.log.warn('could not probe a recording for the player', { file, error: String(error) });
    }
    probes.set(key, info);
    return info;
  }

  async function detail(id: string): Promise<LibraryDetail> {
    const recording = deps.recordings.get(id);
    const entry = mustEntry(id);
    const mp4 = recording.artifacts.find((a) => a.kind === 'mp4');
    const { manifest } = readManifest(recording);
    const markers = computeMarkers({
      startedAt: recording.startedAt,
      durationSec: recording.durationSec,
      segments: store.segmentsOf(id),
      events: sessionEvents(recording.sessionId, id),
      participants: manifest?.participants ?? [],
    });
    const siblings = recording.sessionId ? store.sessionRecordingIds(recording.sessionId) : [id];
    const tracks = siblings
      .map((sid) => (sid === id ? recording : store.get(sid)))
      .filter((r): r is NonNullable<typeof r> => r !== null)
      .map((r) => {
        const file = r.artifacts.find((a) => a.kind === 'mp4');
        return { id: r.id, title: r.title, participant: r.participant, startedAt: r.startedAt, durationSec: r.durationSec, hasMp4: !!file && fs.existsSync(file.path) };
      })
      .filter((t) => t.hasMp4 || t.id === id);
    return {
      recording,
      entry,
      video: mp4 && fs.existsSync(mp4.path) ? await videoInfo(mp4.path) : null,
      markers,
      tracks,
      missingLocally: recording.artifacts.filter((a) => !fs.existsSync(a.path)).map((a) => a.kind),
    };
  }

  function annotations(id: string): AnnotationSidecar | null {
    const recording = deps.recordings.get(id);
    const artifact = recording.artifacts.find((a) => a.kind === 'annotations');
    // A live recording's sidecar is not an artifact yet; the player may still show it.
    const file = artifact?.path ?? deps.recordings.paths(id).annotations;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('CORRUPT_DATA', 'The annotations sidecar of this recording is not valid JSON, so its marks cannot be shown.');
    }
    const parsed = AnnotationSidecarSchema.safeParse(json);
    if (!parsed.success) throw new AppError('CORRUPT_DATA', 'The annotations sidecar of this recording is not in a format this Fieldtape understands.');
    return parsed.data;
  }

  function resolveDestination(destination: ExportRequest['destination']): string {
    if (destination.kind === 'picked') {
      const folder = path.resolve(destination.path);
      if (!grantedFolders.has(folder)) throw new AppError('INVALID_REQUEST', 'Choose the export folder with "Choose folder…" first.');
      return folder;
    }
    const name = destination.name.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,119}$/.test(name) || name.includes('..')) {
      throw new AppError('INVALID_REQUEST', 'The export folder name may use letters, digits, spaces, dots, dashes and underscores (no slashes).');
    }
    return path.join(exportsDir, name);
  }

  async function runExport(request: ExportRequest, signal: AbortSignal): Promise<ExportResult> {
    if (jobs.has(request.jobId)) throw new AppError('CONFLICT', 'An export with this job id is already running.');
    const recording = deps.recordings.get(request.recordingId);
    const folder = resolveDestination(request.destination);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    jobs.set(request.jobId, controller);
    let last = 0;
    const progress = (phase: string, fraction: number) => {
      const now = Date.now();
      if (fraction < 1 && now - last < 200) return;
      last = now;
      deps.onProgress({ jobId: request.jobId, phase, fraction: Math.max(0, Math.min(1, fraction)) });
    };
    const workDir = path.join(deps.dataDir, 'tmp', `export-${request.jobId}`);
    try {
      return await exportRecording({ ffmpegPath: deps.ffmpegPath, encode: deps.encode, clock: deps.clock }, recording, request, folder, workDir, {
        signal: controller.signal,
        progress,
      });
    } catch (error) {
      if (controller.signal.aborted) throw new AppError('CONFLICT', 'The export was cancelled; nothing was written.');
      throw error;
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
      jobs.delete(request.jobId);
      signal.removeEventListener('abort', onAbort);
    }
  }

  return {
    media,
    page: (query: LibraryQuery): LibraryPage => {
      deps.beforeRead?.();
      return queries.page(query);
    },
    entry: mustEntry,
    rename(id: string, title: string): LibraryEntry {
      if (!store.rename(id, title, deps.clock().toISOString())) throw new AppError('NOT_FOUND', `There is no recording ${id} in the library.`);
      deps.onChange(id);
      return mustEntry(id);
    },
    setTags(id: string, tags: string[]): LibraryEntry {
      mustEntry(id);
      store.replaceTags(id, tags, deps.clock().toISOString());
      deps.onChange(id);
      return mustEntry(id);
    },
    deletePlan: (id: string): DeletePlan => planDelete({ db, audit: deps.audit, get: deps.recordings.get, remove: store.remove, dirOf, locks: deps.ownerLocks }, id),
    delete(id: string): DeleteResult {
      const result = deleteRecording({ db, audit: deps.audit, get: deps.recordings.get, remove: store.remove, dirOf, locks: deps.ownerLocks }, id);
      deps.log.info('recording deleted', { id, removedBytes: result.removedBytes, leftovers: result.leftovers });
      return result;
    },
    detail,
    annotations,
    evidence(id: string): Evidence {
      return buildEvidence(deps.recordings.get(id), deps.audit, readDeliveryView(db, id));
    },
    verify(id: string, signal?: AbortSignal): Promise<Verification> {
      const recording = deps.recordings.get(id);
      const delivery = readDeliveryView(db, id);
      return verifyArtifacts(recording, {
        now: deps.clock,
        ...(signal ? { signal } : {}),
        evictedNote: (kind) => {
          const object = delivery?.objects.find((o) => o.kind === kind && o.status === 'delivered');
          return object ? `Not on this computer any more; it was delivered to ${delivery?.bucket ?? 'the bucket'} as ${object.key}.` : null;
        },
      });
    },
    importer,
    async finishImport(importId: string): Promise<LibraryEntry> {
      return mustEntry(await importer.finish(importId));
    },
    exportTargets: () => ({ exportsDir, picker: !!deps.pickFolder }),
    async pickFolder(): Promise<string | null> {
      if (!deps.pickFolder) return null;
      const chosen = await deps.pickFolder();
      if (chosen) grantedFolders.add(path.resolve(chosen));
      return chosen;
    },
    export: runExport,
    cancel(jobId: string): boolean {
      const job = jobs.get(jobId);
      job?.abort();
      return !!job;
    },
  };
}

export type LibraryService = ReturnType<typeof createLibraryService>;
