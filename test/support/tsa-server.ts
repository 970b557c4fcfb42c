// A real RFC 3161 time-stamp authority for tests: `openssl ts -reply` behind a small HTTP server on
// 127.0.0.1. The test makes its own CA and a TSA certificate (extendedKeyUsage=critical,timeStamping)
// with `openssl req` / `openssl x509`, so nothing is shared between tests and nothing is mocked: every
// token is produced and signed by OpenSSL. stop() closes the server; start() opens it again on the same
// port (a TSA that was down and came back).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface TestTsa {
  /** http://127.0.0.1:PORT/tsa */
  url: string;
  port: number;
  /** PEM of the CA that issued the TSA certificate (what a verifier trusts). */
  caCertFile: string;
  /** PEM of the TSA's own signing certificate. */
  tsaCertFile: string;
  /** Requests answered so far. */
  answered(): number;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await execFileAsync('openssl', args, { cwd, timeout: 60_000 });
}

/** Makes a CA and a TSA certificate in `dir` and writes the `openssl ts` configuration. */
async function makeAuthority(dir: string): Promise<{ config: string; caCertFile: string; tsaCertFile: string }> {
  await openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3', '-subj', '/CN=Fieldtape Test TSA CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Fieldtape Test TSA'], dir);
  fs.writeFileSync(path.join(dir, 'tsa-ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\n');
  await openssl(['x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tsa.crt', '-days', '3', '-extfile', 'tsa-ext.cnf'], dir);
  fs.writeFileSync(path.join(dir, 'serial'), '01\n');
  const config = path.join(dir, 'tsa.cnf');
  fs.writeFileSync(
    config,
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `dir = ${dir}`,
      'serial = $dir/serial',
      'crypto_device = builtin',
      'signer_cert = $dir/tsa.crt',
      'certs = $dir/ca.crt',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.99999.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  return { config, caCertFile: path.join(dir, 'ca.crt'), tsaCertFile: path.join(dir, 'tsa.crt') };
}

export async function startTestTsa(): Promise<TestTsa> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-tsa-'));
  const { config, caCertFile, tsaCertFile } = await makeAuthority(dir);
  let answered = 0;
  // One request at a time: `openssl ts -reply` increments the serial file and would race with itself.
  let queue: Promise<void> = Promise.resolve();

  const reply = (query: Buffer): Promise<Buffer> => {
    const job = queue.then(async () => {
      const id = randomBytes(6).toString('hex');
      const queryFile = path.join(dir, `${id}.tsq`);
      const replyFile = path.join(dir, `${id}.tsr`);
      fs.writeFileSync(queryFile, query);
      try {
        await openssl(['ts', '-reply', '-config', config, '-queryfile', queryFile, '-out', replyFile], dir);
        return fs.readFileSync(replyFile);
      } finally {
        fs.rmSync(queryFile, { force: true });
        fs.rmSync(replyFile, { force: true });
      }
    });
    queue = job.then(() => undefined, () => undefined);
    return job;
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('POST an application/timestamp-query');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      reply(Buffer.concat(chunks)).then(
        (body) => {
          answered++;
          res.writeHead(200, { 'content-type': 'application/timestamp-reply', 'content-length': body.length }).end(body);
        },
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
    });
  });

  let port = 0;
  let listening = false;
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        listening = true;
        resolve();
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.closeAllConnections();
      server.close(() => resolve());
    });

  await start();
  return {
    get url() {
      return `http://127.0.0.1:${port}/tsa`;
    },
    get port() {
      return port;
    },
    caCertFile,
    tsaCertFile,
    answered: () => answered,
    start,
    stop,
    async destroy() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
