// One media request, whichever host it came through (the web shell's /media route, the Electron app's
// app://fieldtape/media): the path is parsed, the engine's media source answers, and a failure while
// reading becomes a 500 with a plain message (and a log line) instead of an exception in the host.
import type { Logger } from '../log';
import { parseMediaPath, type MediaReply, type MediaSource } from './media-range';

/** What a host reads off its own request object. */
export interface MediaRequestFacts {
  pathname: string;
  method: string;
  range: string | null;
  ifRange: string | null;
  download: boolean;
}

export function answerMediaRequest(media: MediaSource, facts: MediaRequestFacts, log: Logger): MediaReply {
  // Parsed from the raw path: an encoded slash or dot-dot never reaches a lookup, and ids are checked.
  const parts = parseMediaPath(facts.pathname);
  if (!parts) return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: null, message: 'Not found.' };
  try {
    return media.serve({ recordingId: parts.recordingId, kind: parts.kind, method: facts.method, range: facts.range, ifRange: facts.ifRange, download: facts.download });
  } catch (error) {
    log.error('media request failed', { path: facts.pathname, error: String(error) });
    return { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, body: null, message: 'The media could not be read.' };
  }
}
