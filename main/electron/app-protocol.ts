// Serves the built renderer over app://fieldtape/ with the CSP attached to every response.
import path from 'node:path';
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { MEDIA_ROUTE_PREFIX } from '../../shared/domain/library';
import { contentSecurityPolicy } from '../core/ipc/content-security-policy';
import type { MediaSource } from '../core/library/media-range';
import type { Logger } from '../core/log';
import { mediaProtocolResponse } from './media-protocol';
import { resolveStaticFile } from '../core/shell/static-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** Must run before the app is ready: gives app:// the privileges of a secure, standard origin. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    // codeCache: V8 keeps the renderer's compiled code between loads (by default only http(s) get one), so
    // a window reloaded after a renderer crash runs its resume code sooner.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

export function handleAppProtocol(rendererDir: string, media?: { source: MediaSource; log: Logger }): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    if (media && url.pathname.startsWith(`${MEDIA_ROUTE_PREFIX}/`)) return mediaProtocolResponse(media.source, request, media.log);
    const file = resolveStaticFile(rendererDir, url.pathname) ?? resolveStaticFile(rendererDir, '/');
    if (!file) return new Response('Not found', { status: 404 });
    const upstream = await net.fetch(pathToFileURL(path.resolve(file)).toString());
    const headers = new Headers(upstream.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(upstream.body, { status: upstream.status, headers });
  });
}
