// app://fieldtape/media/<recordingId>/<kind>: the engine's media source (range requests included) behind
// the app's own protocol, so the player gets the same route as in the web shell and never a file:// URL.
// Only the app's own pages can reach app://, so no token is needed here. The request is answered by the
// same core function as the web shell's route (media-request.ts); this file only converts the types.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { MediaSource } from '../core/library/media-range';
import { answerMediaRequest } from '../core/library/media-request';
import type { Logger } from '../core/log';

export function mediaProtocolResponse(media: MediaSource, request: Request, log: Logger): Response {
  const url = new URL(request.url);
  const reply = answerMediaRequest(
    media,
    { pathname: url.pathname, method: request.method, range: request.headers.get('range'), ifRange: request.headers.get('if-range'), download: url.searchParams.get('download') === '1' },
    log,
  );
  const body = reply.body ? (Readable.toWeb(reply.body) as WebReadableStream<Uint8Array> as unknown as ReadableStream<Uint8Array>) : reply.message ?? null;
  return new Response(body, { status: reply.status, headers: reply.headers });
}
