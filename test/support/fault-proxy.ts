// Our own proxy between Fieldtape and MinIO, for fault tests. It forwards requests unchanged (the Host header
// too, so SigV4 signatures still verify) and can, on demand: reset the TCP connection every N bytes of request
// body, stall (accept a request and never answer), answer 503 SlowDown, answer a Complete with "200 OK" and an
// error in the body, or cap the bandwidth. Every request is logged with its part number and outcome, so a test
// can count exactly which parts were sent, and which were sent again.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Transform } from 'node:stream';

export type RequestKind = 'create' | 'part' | 'complete' | 'put' | 'other';

export interface ProxiedRequest {
  seq: number;
  method: string;
  path: string;
  kind: RequestKind;
  partNumber: number | null;
  uploadId: string | null;
  startedAt: number;
  endedAt: number | null;
  /** Status sent back to the client (null: none, the connection was reset or stalled). */
  status: number | null;
  bodyBytes: number;
  /**
   * forwarded: the upstream answer was handed to the client in full. client-gone: the upstream answered but the
   * client had already given up (a timeout), so for the client that request is still "in flight".
   */
  outcome: 'forwarded' | 'client-gone' | 'reset' | 'stalled' | 'slow-down' | 'error-200' | 'upstream-down' | 'pending';
}

export interface Faults {
  /** Reset the client's connection each time this many more request-body bytes have passed. */
  resetEveryBytes: number | null;
  /** Stall the next N requests of these kinds. */
  stallNext: number;
  /** Answer the next N requests of these kinds with 503 SlowDown. */
  slowDownNext: number;
  /** Answer the next N Completes with 200 and an <Error> body. */
  error200Next: number;
  /** Which kinds stall / slow-down apply to. */
  kinds: RequestKind[];
  /** Request-body bandwidth cap, bytes per second. */
  bytesPerSecond: number | null;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  readonly requests: ProxiedRequest[];
  faults: Faults;
  /** Parts (by upload id and number) that got a 2xx answer. */
  completedParts(): ProxiedRequest[];
  close(): Promise<void>;
}

const noFaults = (): Faults => ({ resetEveryBytes: null, stallNext: 0, slowDownNext: 0, error200Next: 0, kinds: ['part', 'put', 'complete', 'create'], bytesPerSecond: null });

function kindOf(method: string, url: URL): RequestKind {
  if (method === 'POST' && url.searchParams.has('uploads')) return 'create';
  if (method === 'PUT' && url.searchParams.has('partNumber')) return 'part';
  if (method === 'POST' && url.searchParams.has('uploadId')) return 'complete';
  if (method === 'PUT') return 'put';
  return 'other';
}

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`;

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  let bodyBytesTotal = 0;
  let nextReset: number | null = null;
  const state: { faults: Faults } = { faults: noFaults() };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const kind = kindOf(req.method ?? 'GET', url);
    const entry: ProxiedRequest = {
      seq: requests.length + 1,
      method: req.method ?? 'GET',
      path: url.pathname,
      kind,
      partNumber: url.searchParams.has('partNumber') ? Number(url.searchParams.get('partNumber')) : null,
      uploadId: url.searchParams.get('uploadId'),
      startedAt: Date.now(),
      endedAt: null,
      status: null,
      bodyBytes: 0,
      outcome: 'pending',
    };
    requests.push(entry);
    const f = state.faults;
    const answer = (status: number, body: string, outcome: ProxiedRequest['outcome'], headers: Record<string, string> = {}) => {
      req.resume();
      req.once('end', () => {
        entry.status = status;
        entry.outcome = outcome;
        entry.endedAt = Date.now();
        res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body), ...headers }).end(body);
      });
    };
    if (f.slowDownNext > 0 && f.kinds.includes(kind)) {
      f.slowDownNext--;
      return answer(503, xmlError('SlowDown', 'Please reduce your request rate.'), 'slow-down', { 'Retry-After': '1' });
    }
    if (f.error200Next > 0 && kind === 'complete') {
      f.error200Next--;
      return answer(200, xmlError('InternalError', 'We encountered an internal error. Please try again.'), 'error-200');
    }
    if (f.stallNext > 0 && f.kinds.includes(kind)) {
      f.stallNext--;
      entry.outcome = 'stalled';
      req.resume(); // read everything, answer nothing
      return;
    }

    const upstreamReq = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
      (upstreamRes) => {
        entry.status = upstreamRes.statusCode ?? null;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
        res.once('finish', () => {
          entry.endedAt = Date.now();
          if (entry.outcome === 'pending') entry.outcome = 'forwarded';
        });
        res.once('close', () => {
          if (entry.outcome !== 'pending') return;
          entry.endedAt = Date.now();
          entry.outcome = res.writableFinished ? 'forwarded' : 'client-gone';
        });
      },
    );
    upstreamReq.on('error', () => {
      if (entry.outcome === 'pending') entry.outcome = 'upstream-down';
      entry.endedAt = Date.now();
      req.socket.resetAndDestroy();
    });
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        entry.bodyBytes += chunk.length;
        bodyBytesTotal += chunk.length;
        const faults = state.faults;
        if (faults.resetEveryBytes !== null) {
          nextReset ??= bodyBytesTotal + faults.resetEveryBytes;
          if (bodyBytesTotal >= nextReset) {
            nextReset = bodyBytesTotal + faults.resetEveryBytes;
            entry.outcome = 'reset';
            entry.endedAt = Date.now();
            upstreamReq.destroy();
            req.socket.resetAndDestroy();
            return done();
          }
        }
        const rate = faults.bytesPerSecond;
        if (rate) setTimeout(() => done(null, chunk), (chunk.length / rate) * 1000);
        else done(null, chunk);
      },
    });
    req.pipe(meter).pipe(upstreamReq);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get faults() {
      return state.faults;
    },
    set faults(next: Faults) {
      state.faults = { ...noFaults(), ...next };
      nextReset = null;
    },
    completedParts: () => requests.filter((r) => r.kind === 'part' && r.status !== null && r.status >= 200 && r.status < 300 && r.outcome === 'forwarded'),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

export function withFaults(partial: Partial<Faults>): Faults {
  return { ...noFaults(), ...partial };
}
