// The web shell's /media/<recordingId>/<kind> route: the engine's media source over HTTP. A <video src>
// cannot send headers, so when the page is loaded with the right ?token= the shell sets an HttpOnly,
// SameSite=Strict cookie scoped to /media (named after the port, so two shells on 127.0.0.1 do not
// overwrite each other's); non-browser clients may pass the launch ?token= instead.
//
// The cookie carries a media-only token, never the launch token: it is random per launch like the launch
// token, but only this route accepts it, so a cookie that leaks (a cookie jar, a proxy log) reads media
// and cannot open the WebSocket, that is, drive the contract.
import crypto from 'node:crypto';
import type http from 'node:http';
import { pipeline } from 'node:stream';
import { MEDIA_ROUTE_PREFIX } from '../../shared/domain/library';
import type { MediaSource } from '../core/library/media-range';
import { answerMediaRequest } from '../core/library/media-request';
import { tokensMatch } from '../core/guards/token-compare';
import type { Logger } from '../core/log';

export interface MediaRoute {
  handles(url: URL): boolean;
  /** Sets the media cookie when a page is loaded with the valid token. */
  grantCookie(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void;
  serve(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void;
}

export function createMediaRoute(options: { media: MediaSource; token: string; log: Logger; mediaToken?: string }): MediaRoute {
  const cookieName = (req: http.IncomingMessage) => `fieldtape_media_${req.socket.localPort ?? 0}`;
  const mediaToken = options.mediaToken ?? crypto.randomBytes(32).toString('base64url');
  if (tokensMatch(mediaToken, options.token)) throw new Error('the media token must differ from the launch token');

  const authorized = (req: http.IncomingMessage, url: URL): boolean => {
    const fromQuery = url.searchParams.get('token');
    if (fromQuery !== null) return tokensMatch(fromQuery, options.token);
    const cookie = readCookie(req.headers.cookie, cookieName(req));
    return cookie !== null && tokensMatch(cookie, mediaToken);
  };

  return {
    handles: (url) => url.pathname === MEDIA_ROUTE_PREFIX || url.pathname.startsWith(`${MEDIA_ROUTE_PREFIX}/`),

    grantCookie(req, res, url) {
      const presented = url.searchParams.get('token');
      if (presented === null || !tokensMatch(presented, options.token)) return;
      res.setHeader('Set-Cookie', `${cookieName(req)}=${mediaToken}; Path=${MEDIA_ROUTE_PREFIX}; HttpOnly; SameSite=Strict`);
    },

    serve(req, res, url) {
      if (!authorized(req, url)) {
        res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('Open the web shell with the URL it printed (with its token).');
        return;
      }
      const reply = answerMediaRequest(
        options.media,
        {
          pathname: url.pathname,
          method: req.method ?? 'GET',
          range: req.headers.range ?? null,
          ifRange: typeof req.headers['if-range'] === 'string' ? req.headers['if-range'] : null,
          download: url.searchParams.get('download') === '1',
        },
        options.log,
      );
      res.writeHead(reply.status, reply.headers);
      if (!reply.body) {
        res.end(req.method === 'HEAD' ? undefined : reply.message);
        return;
      }
      // pipeline destroys the file stream when the client aborts (a seek cancels the previous request).
      pipeline(reply.body, res, () => undefined);
    },
  };
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

