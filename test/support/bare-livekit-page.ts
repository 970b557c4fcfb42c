// A page that is not Fieldtape: the real livekit-client alone (test/integration/fixtures/livekit-join-page.ts),
// bundled with esbuild and served from 127.0.0.1. Tests use it to join a room as a plain LiveKit participant
// that speaks none of Fieldtape's data messages.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';

export interface BareLivekitPage {
  url: string;
  close(): Promise<void>;
}

export async function serveBareLivekitPage(): Promise<BareLivekitPage> {
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, '..', 'integration', 'fixtures', 'livekit-join-page.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.contents;
  const html = '<!doctype html><meta charset="utf-8"><title>livekit join</title><script type="module" src="/page.js"></script>';
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
