// Import into the library, fed over the contract in chunks (the web shell's drag and drop gives File
// objects, not paths, and Electron uses the same path so its preload stays logic-free). Two shapes:
//   - one media file: journaled and finalized exactly like a recording (same MP4, previews, manifest);
//     an audio-only file (a MediaRecorder `audio/webm;codecs=opus` recording) becomes an AAC-only MP4;
//   - the folder of a delivered recording: its manifest.json is checked (version, every listed file
//     present with the listed size and SHA-256) and the files are adopted as a ready recording.
// Uploads are staged under <data>/imports/<importId>/ and removed when finished, cancelled or stale.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact, ArtifactKind } from '../../../shared/domain/artifact';
import { IMPORT_CHUNK_BYTES, IMPORT_MEDIA_EXTENSIONS, type ImportPlan } from '../../../shared/domain/library';
import { MANIFEST_FILE_NAME, ManifestSchema, type Manifest } from '../../../shared/domain/manifest';
import { EBML_MAGIC } from '../../../shared/domain/intake';
import { AppError } from '../../../shared/errors';
import { ioError, writeFileDurable } from '../fs-durable';
import { hashFile } from '../media/hash-file';
import { probeMedia } from '../media/probe';
import { importMimeFor, journalFile } from '../recording/capture/file-import';
import type { RecordingService } from '../recording/recording-service';
import type { RecordingStore } from '../store/recording-store';

const STALE_MS = 60 * 60 * 1000;
const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;
const FOLDER_EXTENSIONS = new Set(['.json', '.mp4', '.jpg', '.jpeg', '.png', '.webm', '.mkv', '.bin']);
const SUPPORTED = `a video file (${IMPORT_MEDIA_EXTENSIONS.join(', ')}) or the folder of a delivered recording with its ${MANIFEST_FILE_NAME}`;

interface Upload {
  id: string;
  kind: ImportPlan['kind'];
  dir: string;
  folder: string | null;
  files: Map<string, { bytes: number; received: number }>;
  touchedAt: number;
}

export interface ImportDeps {
  importsDir: string;
  recordings: RecordingService;
  store: RecordingStore;
  ffmpegPath: () => string;
  freeBytes: () => number;
  clock: () => Date;
  atomically: <T>(fn: () => T) => T;
}

export function createImporter(deps: ImportDeps) {
  const uploads = new Map<string, Upload>();

  function sweep(): void {
    const now = Date.now();
    for (const upload of uploads.values()) if (now - upload.touchedAt > STALE_MS) discard(upload);
  }

  function discard(upload: Upload): void {
    uploads.delete(upload.id);
    fs.rmSync(upload.dir, { recursive: true, force: true });
  }

  function mustGet(importId: string): Upload {
    const upload = uploads.get(importId);
    if (!upload) throw new AppError('NOT_FOUND', 'This import is no longer in progress (it finished, was cancelled or sat idle for an hour). Drop the files again.');
    upload.touchedAt = Date.now();
    return upload;
  }

  function begin(files: Array<{ name: string; bytes: number }>, folder: string | null): ImportPlan {
    sweep();
    const names = new Set(files.map((f) => f.name));
    if (names.size !== files.length) throw new AppError('INVALID_REQUEST', 'The same file name appears twice in this import.');
    let kind: ImportPlan['kind'];
    if (names.has(MANIFEST_FILE_NAME)) {
      kind = 'delivered-folder';
      const odd = files.find((f) => !FOLDER_EXTENSIONS.has(path.extname(f.name).toLowerCase()));
      if (odd) throw new AppError('INVALID_REQUEST', `${odd.name} does not belong in a delivered recording's folder. Import only the folder Fieldtape delivered.`);
    } else {
      if (files.length > 1) {
        throw new AppError('INVALID_REQUEST', `These ${files.length} files have no ${MANIFEST_FILE_NAME}. Import one video file at a time, or ${SUPPORTED}.`);
      }
      const file = files[0]!;
      if (!(IMPORT_MEDIA_EXTENSIONS as readonly string[]).includes(path.extname(file.name).toLowerCase())) {
        throw new AppError('INVALID_REQUEST', `${file.name} cannot be imported: Fieldtape imports ${SUPPORTED}.`);
      }
      kind = 'media';
    }
    const empty = files.find((f) => f.bytes === 0 && f.name !== MANIFEST_FILE_NAME);
    if (empty || files.some((f) => f.name === MANIFEST_FILE_NAME && f.bytes === 0)) {
      throw new AppError('INVALID_REQUEST', `${(empty ?? files.find((f) => f.name === MANIFEST_FILE_NAME))!.name} is empty, so there is nothing to import.`);
    }
    const total = files.reduce((sum, f) => sum + f.bytes, 0);
    const needed = total * (kind === 'media' ? 3 : 1.1);
    const free = deps.freeBytes();
    if (free < needed) {
      throw new AppError('DISK_FULL', `Importing needs about ${mb(needed)} free, and only ${mb(free)} is free. Free some space and try again.`);
    }
    const id = `imp_${Date.now().toString(36)}${crypto.randomBytes(5).toString('hex')}`;
    const dir = path.join(deps.importsDir, id);
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const f of files) fs.writeFileSync(path.join(dir, f.name), '');
    } catch (error) {
      throw ioError(error, 'preparing the import');
    }
    uploads.set(id, { id, kind, dir, folder, files: new Map(files.map((f) => [f.name, { bytes: f.bytes, received: 0 }])), touchedAt: Date.now() });
    return { importId: id, kind, chunkBytes: IMPORT_CHUNK_BYTES };
  }

  function chunk(importId: string, name: string, offset: number, data: Uint8Array): { received: number } {
    const upload = mustGet(importId);
    const file = upload.files.get(name);
    if (!file) throw new AppError('INVALID_REQUEST', `${name} is not part of this import.`);
    if (offset !== file.received) throw new AppError('CONFLICT', `Expected ${name} from byte ${file.received}, got byte ${offset}.`);
    if (file.received + data.byteLength > file.bytes) throw new AppError('INVALID_REQUEST', `${name} is larger than announced (${file.bytes} bytes).`);
    try {
      fs.appendFileSync(path.join(upload.dir, name), data);
    } catch (error) {
      throw ioError(error, `receiving ${name}`);
    }
    file.received += data.byteLength;
    return { received: file.received };
  }

  async function finish(importId: string): Promise<string> {
    const upload = mustGet(importId);
    uploads.delete(importId);
    try {
      for (const [name, f] of upload.files) {
        if (f.received !== f.bytes) throw new AppError('INVALID_REQUEST', `${name} did not arrive completely (${f.received} of ${f.bytes} bytes). Drop it again.`);
      }
      return upload.kind === 'media' ? await importMedia(upload) : await importDeliveredFolder(upload);
    } finally {
      fs.rmSync(upload.dir, { recursive: true, force: true });
    }
  }

  async function importMedia(upload: Upload): Promise<string> {
    const [name] = [...upload.files.keys()] as [string];
    const file = path.join(upload.dir, name);
    assertMagic(file, name);
    let probe;
    try {
      probe = await probeMedia(file, { ffmpegPath: deps.ffmpegPath() });
    } catch (error) {
      const why = error instanceof AppError ? error.message.replace(/^Cannot read .* as media: /, '') : String(error);
      throw new AppError('MEDIA_ERROR', `${name} could not be read as video (${why}). It may be damaged or in a format Fieldtape does not support.`);
    }
    if (!probe.video && !probe.audio) throw new AppError('MEDIA_ERROR', `${name} contains neither audio nor video, so there is nothing to review.`);
    const title = path.basename(name, path.extname(name)).slice(0, 200) || (probe.video ? 'Imported video' : 'Imported audio');
    // audio/webm rather than video/webm when there is no picture: what the file is, for instant mode and support.
    const mime = probe.video ? importMimeFor(name) : importMimeFor(name).replace(/^video\//, 'audio/');
    const recording = await deps.recordings.create({ source: { kind: 'file', path: name }, title, mime });
    await journalFile(deps.recordings, recording.id, file);
    const finished = await deps.recordings.stop(recording.id);
    if (finished.detail.status === 'failed') {
      throw new AppError(finished.detail.error.code, `${name} was imported but could not be finalized: ${finished.detail.error.message}`);
    }
    return recording.id;
  }

  async function importDeliveredFolder(upload: Upload): Promise<string> {
    const manifestFile = path.join(upload.dir, MANIFEST_FILE_NAME);
    const manifest = readManifest(manifestFile);
    if (deps.store.get(manifest.recordingId)) {
      throw new AppError('CONFLICT', `Recording ${manifest.recordingId} ("${manifest.title ?? 'untitled'}") is already in your library.`);
    }
    if (!manifest.artifacts.some((a) => a.kind === 'mp4')) throw new AppError('INVALID_REQUEST', 'The manifest lists no MP4, so there is nothing to play.');
    const adopted: Array<{ kind: ArtifactKind; file: string; bytes: number; sha256: string }> = [];
    const seen = new Set<string>();
    for (const entry of manifest.artifacts) {
      if (entry.kind === 'raw' || seen.has(entry.kind)) continue;
      seen.add(entry.kind);
      const staged = path.join(upload.dir, entry.file);
      if (!upload.files.has(entry.file)) {
        throw new AppError('INVALID_REQUEST', `The folder is missing ${entry.file}, which its manifest lists. Import the complete folder.`);
      }
      const digest = await hashFile(staged);
      if (digest.sha256 !== entry.sha256 || digest.bytes !== entry.bytes) {
        throw new AppError(
          'CORRUPT_DATA',
          `${entry.file} does not match its manifest (expected ${entry.bytes} bytes, SHA-256 ${entry.sha256.slice(0, 12)}…; ` +
            `found ${digest.bytes} bytes, ${digest.sha256.slice(0, 12)}…). The file was changed or damaged; nothing was imported.`,
        );
      }
      adopted.push({ kind: entry.kind, file: entry.file, ...digest });
    }
    const manifestDigest = await hashFile(manifestFile);
    const paths = deps.recordings.paths(manifest.recordingId);
    const now = deps.clock().toISOString();
    try {
      fs.mkdirSync(paths.artifacts, { recursive: true });
      for (const a of adopted) fs.renameSync(path.join(upload.dir, a.file), path.join(paths.artifacts, a.file));
      fs.renameSync(manifestFile, path.join(paths.artifacts, MANIFEST_FILE_NAME));
      writeFileDurable(paths.meta, JSON.stringify({ id: manifest.recordingId, title: manifest.title ?? null, importedFrom: upload.folder, importedAt: now }));
    } catch (error) {
      fs.rmSync(paths.dir, { recursive: true, force: true });
      throw ioError(error, 'adopting the imported files');
    }
    const artifacts: Artifact[] = [
      ...adopted.map((a) => ({ kind: a.kind, path: path.join(paths.artifacts, a.file), bytes: a.bytes, sha256: a.sha256 })),
      { kind: 'manifest', path: path.join(paths.artifacts, MANIFEST_FILE_NAME), ...manifestDigest },
    ];
    try {
      deps.atomically(() => {
        deps.store.insert({
          id: manifest.recordingId,
          title: manifest.title ?? `Delivered recording ${manifest.startedAt.slice(0, 16).replace('T', ' ')}`,
          source: manifest.sources[0] ?? { kind: 'file', path: upload.folder ?? MANIFEST_FILE_NAME },
          sessionId: manifest.sessionId,
          participant: manifest.participants[0]?.identity ?? null,
          profileId: null,
          createdAt: manifest.startedAt,
          state: { status: 'ready', at: now, warnings: [`Imported from a delivered folder${upload.folder ? ` (${upload.folder})` : ''} on ${now}.`] },
        });
        deps.store.setTimes(manifest.recordingId, { startedAt: manifest.startedAt, stoppedAt: manifest.stoppedAt, durationSec: manifest.durationSec });
        deps.store.setArtifacts(manifest.recordingId, artifacts, now);
      });
    } catch (error) {
      fs.rmSync(paths.dir, { recursive: true, force: true });
      throw error;
    }
    return manifest.recordingId;
  }

  return {
    begin,
    chunk,
    finish,
    cancel(importId: string): boolean {
      const upload = uploads.get(importId);
      if (!upload) return false;
      discard(upload);
      return true;
    },
  };
}

export type Importer = ReturnType<typeof createImporter>;

function readManifest(file: string): Manifest {
  const size = fs.statSync(file).size;
  if (size > MAX_MANIFEST_BYTES) throw new AppError('INVALID_REQUEST', `${MANIFEST_FILE_NAME} is ${size} bytes: too large to be a Fieldtape manifest.`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new AppError('INVALID_REQUEST', `${MANIFEST_FILE_NAME} is not valid JSON, so the folder cannot be checked. Import the folder exactly as it was delivered.`);
  }
  const version = (json as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version === 'number' && version !== 1) {
    throw new AppError('INVALID_REQUEST', `${MANIFEST_FILE_NAME} is version ${version}, which this Fieldtape does not know. Update Fieldtape to import it.`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_REQUEST', `${MANIFEST_FILE_NAME} is not a Fieldtape manifest (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}).`);
  }
  return parsed.data;
}

/** Refuses a file whose first bytes are not what its extension promises, before ffmpeg sees it. */
function assertMagic(file: string, name: string): void {
  const head = Buffer.alloc(12);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 12, 0);
  } finally {
    fs.closeSync(fd);
  }
  const ext = path.extname(name).toLowerCase();
  const isoBmff = ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(head.subarray(4, 8).toString('latin1'));
  const ebml = EBML_MAGIC.every((b, i) => head[i] === b);
  const ok = ext === '.webm' || ext === '.mkv' ? ebml : isoBmff;
  if (!ok) {
    const what = ext === '.webm' || ext === '.mkv' ? 'WebM/Matroska' : 'MP4/QuickTime';
    throw new AppError('INVALID_REQUEST', `${name} is not a valid ${what} file: it does not start with a ${what} header. It may be damaged or renamed.`);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
