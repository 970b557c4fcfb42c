// Serves a recording's artifacts with HTTP range support, for both shells: the web shell mounts it at
// /media/<recordingId>/<kind>, Electron on app://fieldtape/media/<recordingId>/<kind>. Only artifacts the
// library registered for that recording can be served — the URL names a recording and a kind, never a
// path — and the file must really lie inside that recording's folder (symlinks resolved). A range is
// read from an open descriptor with a bounded stream, so seeking never reads the whole file.
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { ARTIFACT_KINDS, type ArtifactKind } from '../../../shared/domain/artifact';
import { MEDIA_ROUTE_PREFIX } from '../../../shared/domain/library';
import { RecordingIdSchema } from '../../../shared/domain/recording';

export const CONTENT_TYPES: Record<ArtifactKind, string> = {
  mp4: 'video/mp4',
  snapshot: 'image/jpeg',
  filmstrip: 'image/jpeg',
  waveform: 'image/png',
  manifest: 'application/json',
  annotations: 'application/json',
  raw: 'application/octet-stream',
  receipt: 'application/json',
};

export interface MediaRequest {
  recordingId: string;
  kind: string;
  method: string;
  /** The Range header as sent, if any. */
  range?: string | null;
  /** The If-Range header: a range is honoured only while it still names this file. */
  ifRange?: string | null;
  /** Serve as an attachment (a "Download" link) rather than inline. */
  download?: boolean;
}

export interface MediaReply {
  status: number;
  headers: Record<string, string>;
  /** The bytes to send (null for HEAD, errors and 416). */
  body: Readable | null;
  /** For an error status: a short text body. */
  message?: string;
}

export interface ServedMedia {
  recordingId: string;
  kind: ArtifactKind;
  status: number;
  range: string | null;
  /** Bytes the stream actually produced (less than requested when the client went away). */
  bytes: number;
}

export interface MediaSourceDeps {
  /** The registered artifact file and the folder it must stay inside; null when there is none. */
  lookup(recordingId: string, kind: ArtifactKind): { file: string; root: string; downloadName: string } | null;
  /** Called once per response body, when it ends or is torn down. */
  onServed?(served: ServedMedia): void;
}

export type ByteRange = { start: number; end: number };

/**
 * The most one range response carries. Media players ask for open-ended ranges (bytes=N-) and abort
 * when they have enough or seek elsewhere; meanwhile the kernel's socket buffers (megabytes on
 * loopback) would fill with bytes nobody asked for. A shorter 206 is allowed (Content-Range says what
 * was sent) and players simply ask for the next part, so a seek never drags the rest of the file along.
 */
export const MAX_RANGE_BYTES = 2 * 1024 * 1024;

/**
 * Parses a Range header against a file size. 'none': no header; 'unsatisfiable': malformed, several
 * ranges, or outside the file (416). One range only: browsers' media stacks never ask for more.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | 'none' | 'unsatisfiable' {
  if (header === undefined || header === null) return 'none';
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'unsatisfiable';
  if (m[1]!.length > 15 || m[2]!.length > 15) return 'unsatisfiable';
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || (m[2] !== '' && Number(m[2]) < start)) return 'unsatisfiable';
  return { start, end };
}

/** /media/<recordingId>/<kind> → its parts, or null for anything else (including encoded slashes and dots). */
export function parseMediaPath(pathname: string): { recordingId: string; kind: string } | null {
  if (!pathname.startsWith(`${MEDIA_ROUTE_PREFIX}/`)) return null;
  const parts = pathname.slice(MEDIA_ROUTE_PREFIX.length + 1).split('/');
  if (parts.length !== 2) return null;
  return { recordingId: parts[0]!, kind: parts[1]! };
}

export function createMediaSource(deps: MediaSourceDeps) {
  return {
    serve(request: MediaRequest): MediaReply {
      const plain = (status: number, message: string, extra: Record<string, string> = {}): MediaReply => ({
        status,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
        body: null,
        message,
      });
      if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Only GET and HEAD.', { Allow: 'GET, HEAD' });
      if (!RecordingIdSchema.safeParse(request.recordingId).success) return plain(404, 'Not a recording id.');
      if (!(ARTIFACT_KINDS as readonly string[]).includes(request.kind)) return plain(404, 'Not an artifact kind.');
      const kind = request.kind as ArtifactKind;
      const found = deps.lookup(request.recordingId, kind);
      if (!found) return plain(404, 'This recording has no such artifact.');

      const opened = openInside(found.file, found.root);
      if (!opened) return plain(404, 'The artifact file is not available locally.');
      const { fd, stat } = opened;
      const size = stat.size;
      const etag = `W/"${size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      const headers: Record<string, string> = {
        'Content-Type': CONTENT_TYPES[kind],
        'Accept-Ranges': 'bytes',
        ETag: etag,
        'Last-Modified': stat.mtime.toUTCString(),
        'Cache-Control': 'private, no-cache',
        'X-Content-Type-Options': 'nosniff',
      };
      if (request.download) headers['Content-Disposition'] = `attachment; filename="${found.downloadName.replace(/[^A-Za-z0-9._-]/g, '_')}"`;

      // If-Range with a validator that no longer matches: the client's partial copy is stale, send it all.
      const honourRange = !request.ifRange || request.ifRange === etag;
      const range = honourRange ? parseRange(request.range, size) : 'none';
      if (range === 'unsatisfiable') {
        fs.closeSync(fd);
        return plain(416, 'Range not satisfiable.', { 'Content-Range': `bytes */${size}`, 'Accept-Ranges': 'bytes' });
      }
      const start = range === 'none' ? 0 : range.start;
      const end = range === 'none' ? size - 1 : Math.min(range.end, range.start + MAX_RANGE_BYTES - 1);
      const length = size === 0 ? 0 : end - start + 1;
      headers['Content-Length'] = String(length);
      if (range !== 'none') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
      const status = range === 'none' ? 200 : 206;
      if (request.method === 'HEAD' || length === 0) {
        fs.closeSync(fd);
        return { status, headers, body: null };
      }
      const file = fs.createReadStream('', { fd, start, end, highWaterMark: 64 * 1024, autoClose: true });
      return { status, headers, body: counted(file, (bytes) => deps.onServed?.({ recordingId: request.recordingId, kind, status, range: request.range ?? null, bytes })) };
    },
  };
}

export type MediaSource = ReturnType<typeof createMediaSource>;

/** Opens the file only if its real path is inside the real root; returns the descriptor and its stat. */
function openInside(file: string, root: string): { fd: number; stat: fs.Stats } | null {
  let real: string;
  let realRoot: string;
  try {
    real = fs.realpathSync(file);
    realRoot = fs.realpathSync(root);
  } catch {
    return null;
  }
  if (!real.startsWith(realRoot + path.sep)) return null;
  let fd: number;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return null;
  }
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    fs.closeSync(fd);
    return null;
  }
  return { fd, stat };
}

/** Passes the stream through, counting bytes, and reports once when it finishes or is destroyed. */
function counted(source: Readable, report: (bytes: number) => void): Readable {
  let bytes = 0;
  let reported = false;
  const once = () => {
    if (reported) return;
    reported = true;
    report(bytes);
  };
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  source.on('error', (error) => counter.destroy(error));
  counter.on('close', () => {
    source.destroy();
    once();
  });
  counter.on('end', once);
  return source.pipe(counter);
}
