// The web shell: the same renderer and the same contract as the Electron app, served on 127.0.0.1 for
// development and for tests in a real Chromium. A per-launch random token guards the WebSocket; a
// connection without it is refused before it is upgraded.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_WIRE_BYTES } from '../../shared/contract';
import { ClientFrameSchema, decodeFrame, encodeFrame, type ServerFrame } from '../../shared/wire';
import { contentSecurityPolicy } from '../core/ipc/content-security-policy';
import type { Engine } from '../engine';
import { HOST_REFUSED_MESSAGE, hostAllowed } from './host-check';
import { createMediaRoute } from './media-route';
import { contentTypeOf, resolveStaticFile } from '../core/shell/static-files';
import { tokensMatch } from '../core/guards/token-compare';

export interface WebShellOptions {
  engine: Engine;
  rendererDir: string;
  port: number;
  /** Fixed token for tests that need to know it up front; random otherwise. */
  token?: string;
}

export interface WebShell {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const API_PATH = '/api';

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const { engine } = options;
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const csp = contentSecurityPolicy();
  const media = createMediaRoute({ media: engine.library.media, token, log: engine.log });

  // Set once the server listens; no request arrives before that.
  let port = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (!hostAllowed(req.headers.host, port)) {
      // 421 Misdirected Request: this server is not the one that name should reach (DNS rebinding).
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(HOST_REFUSED_MESSAGE);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (media.handles(url)) {
      media.serve(req, res, url);
      return;
    }
    const file = resolveStaticFile(options.rendererDir, url.pathname) ?? resolveStaticFile(options.rendererDir, '/');
    if (!file) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('The renderer is not built: run `npm run build`.');
      return;
    }
    media.grantCookie(req, res, url);
    res.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_BYTES });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!hostAllowed(req.headers.host, port)) {
      engine.log.warn('web shell refused a connection for another host name', { host: req.headers.host ?? null });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const presented = url.searchParams.get('token') ?? '';
    const allowed = url.pathname === API_PATH && tokensMatch(presented, token) && originAllowed(req.headers.origin, req.headers.host);
    if (!allowed) {
      engine.log.warn('web shell refused a connection without a valid token', { path: url.pathname });
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    const abort = new AbortController();
    ws.on('close', () => {
      sockets.delete(ws);
      abort.abort();
    });
    ws.on('error', (error) => engine.log.warn('web shell socket error', { error: error.message }));
    ws.on('message', (data, isBinary) => {
      void handleMessage(ws, data, isBinary, abort.signal);
    });
  });

  async function handleMessage(ws: WebSocket, data: unknown, isBinary: boolean, signal: AbortSignal): Promise<void> {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeFrame(frame));
    };
    if (isBinary) {
      send({ t: 'res', id: null, result: { ok: false, error: { code: 'INVALID_REQUEST', message: 'Binary frames are not part of the contract.' } } });
      return;
    }
    let frame;
    try {
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
      frame = ClientFrameSchema.safeParse(decodeFrame(text));
    } catch {
      send({ t: 'res', id: null, result: { ok: false, error: { code: 'INVALID_REQUEST', message: 'The message is not valid JSON.' } } });
      return;
    }
    if (!frame.success) {
      send({ t: 'res', id: null, result: { ok: false, error: { code: 'INVALID_REQUEST', message: 'The message is not a contract request frame.' } } });
      return;
    }
    const result = await engine.dispatch(frame.data.channel, frame.data.payload, { host: 'web', signal });
    send({ t: 'res', id: frame.data.id, result });
  }

  const unsubscribe = engine.events.subscribe((event, payload) => {
    const text = encodeFrame({ t: 'evt', event, payload } satisfies ServerFrame);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}


/** Browsers always send Origin on WebSocket upgrades; only our own page may connect. */
function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // non-browser clients (tests, CLI tools) still need the token
  return host !== undefined && (origin === `http://${host}`);
}
