// app://fieldtape/media/<recordingId>/<kind>: the engine's media source (range requests included) behind
// the app's own protocol, so the player gets the same route as in the web shell and never a file:// URL.
// Only the app's own pages can reach app://, so no token is needed here.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseMediaPath, type MediaSource } from '../core/library/media-range';

export function mediaProtocolResponse(media: MediaSource, request: Request): Response {
  const url = new URL(request.url);
  const parts = parseMediaPath(url.pathname);
  if (!parts) return new Response('Not found', { status: 404 });
  const reply = media.serve({
    recordingId: parts.recordingId,
    kind: parts.kind,
    method: request.method,
    range: request.headers.get('range'),
    ifRange: request.headers.get('if-range'),
    download: url.searchParams.get('download') === '1',
  });
  const body = reply.body ? (Readable.toWeb(reply.body) as WebReadableStream<Uint8Array> as unknown as ReadableStream<Uint8Array>) : reply.message ?? null;
  return new Response(body, { status: reply.status, headers: reply.headers });
}
