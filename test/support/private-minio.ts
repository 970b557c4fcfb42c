// A MinIO of a test's own, for faults that would disturb everyone else's tests on the shared one: it is
// stopped and restarted mid-upload, its writer is disabled mid-upload, it may run with a site region. Same
// binaries as test/services (.cache/bin), its own data folder, port and mc config; root credentials stay the
// same across restarts so its IAM data (and open multipart uploads) survive them.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BIN_DIR } from '../services/paths';
import { minioHealthy, minioServerEnv, putObjectOnlyPolicy } from '../services/minio';
import { freeTcpPort } from '../services/ports';

const execFileAsync = promisify(execFile);

export interface PrivateMinio {
  endpoint: string;
  port: number;
  region: string;
  bucket: string;
  adminKey: string;
  adminSecret: string;
  writerKey: string;
  writerSecret: string;
  /** A writer whose PutObject grant covers every bucket, so a missing bucket reads NoSuchBucket. */
  broadKey: string;
  broadSecret: string;
  admin: S3Client;
  /** With withLock: a second bucket, without Object Lock (what `profile test` must tell apart). */
  plainBucket: string | null;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Runs `mc` against this server as its root user. */
  mc(...args: string[]): Promise<string>;
  /** The object's bytes, read with the admin credentials. */
  read(key: string): Promise<Buffer>;
  destroy(): Promise<void>;
}

export interface PrivateMinioOptions {
  /** MINIO_SITE_REGION: requests signed for another region are refused. */
  siteRegion?: string;
  bucket?: string;
  /**
   * Object Lock: the bucket is made with `mc mb --with-lock` (versioned, lockable), and the writer may also
   * set retention (s3:PutObject + s3:PutObjectRetention, the policy docs/evidence.md gives customers).
   * `plainBucket` is made beside it without Object Lock, writable by the same writer.
   */
  withLock?: boolean;
}

export async function startPrivateMinio(options: PrivateMinioOptions = {}): Promise<PrivateMinio> {
  const minioBin = path.join(BIN_DIR, 'minio');
  const mcBin = path.join(BIN_DIR, 'mc');
  if (!fs.existsSync(minioBin) || !fs.existsSync(mcBin)) throw new Error(`MinIO binaries missing in ${BIN_DIR}: run npm run services:up once`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-minio-'));
  const dataDir = path.join(root, 'data');
  const mcDir = path.join(root, 'mc');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(mcDir);
  const port = await freeTcpPort();
  const endpoint = `http://127.0.0.1:${port}`;
  const adminKey = `ftadmin${randomBytes(4).toString('hex')}`;
  const adminSecret = randomBytes(24).toString('hex');
  const region = options.siteRegion ?? 'us-east-1';
  const bucket = options.bucket ?? 'fieldtape-private';
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const consolePort = await freeTcpPort();
    const log = fs.openSync(path.join(root, 'minio.log'), 'a');
    child = spawn(minioBin, ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--quiet'], {
      stdio: ['ignore', log, log],
      env: minioServerEnv(adminKey, adminSecret, root, options.siteRegion ? { MINIO_SITE_REGION: options.siteRegion } : {}),
    });
    fs.closeSync(log);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (await minioHealthy(endpoint).catch(() => false)) return;
      if (child.exitCode !== null) throw new Error(`private MinIO exited: ${fs.readFileSync(path.join(root, 'minio.log'), 'utf8').slice(-2000)}`);
      if (Date.now() > deadline) throw new Error('private MinIO did not become ready in 60 s');
      await new Promise((r) => setTimeout(r, 150));
    }
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const mc = async (...args: string[]): Promise<string> => {
    const { stdout } = await execFileAsync(mcBin, ['--config-dir', mcDir, '--no-color', '--quiet', ...args], {
      timeout: 60_000,
      env: { ...process.env, HOME: mcDir, MC_DISABLE_PAGER: '1' },
    });
    return stdout;
  };

  await start();
  const writerKey = `ftwriter${randomBytes(4).toString('hex')}`;
  const writerSecret = randomBytes(24).toString('hex');
  const broadKey = `ftbroad${randomBytes(4).toString('hex')}`;
  const broadSecret = randomBytes(24).toString('hex');
  const plainBucket = options.withLock ? `${bucket}-nolock` : null;
  const writerResources = [`arn:aws:s3:::${bucket}/*`, ...(plainBucket ? [`arn:aws:s3:::${plainBucket}/*`] : [])];
  fs.writeFileSync(
    path.join(mcDir, 'writeonly.json'),
    options.withLock
      ? JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectRetention'], Resource: writerResources }] })
      : putObjectOnlyPolicy(`arn:aws:s3:::${bucket}/*`),
  );
  fs.writeFileSync(path.join(mcDir, 'broad.json'), putObjectOnlyPolicy('arn:aws:s3:::*/*'));
  await mc('alias', 'set', 'p', endpoint, adminKey, adminSecret, '--api', 'S3v4');
  await mc('mb', '--ignore-existing', '--region', region, ...(options.withLock ? ['--with-lock'] : []), `p/${bucket}`);
  if (plainBucket) await mc('mb', '--ignore-existing', '--region', region, `p/${plainBucket}`);
  await mc('admin', 'policy', 'create', 'p', 'writeonly', path.join(mcDir, 'writeonly.json'));
  await mc('admin', 'policy', 'create', 'p', 'broad', path.join(mcDir, 'broad.json'));
  await mc('admin', 'user', 'add', 'p', writerKey, writerSecret);
  await mc('admin', 'policy', 'attach', 'p', 'writeonly', '--user', writerKey);
  await mc('admin', 'user', 'add', 'p', broadKey, broadSecret);
  await mc('admin', 'policy', 'attach', 'p', 'broad', '--user', broadKey);

  const admin = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId: adminKey, secretAccessKey: adminSecret }, maxAttempts: 3 });
  return {
    endpoint,
    port,
    region,
    bucket,
    adminKey,
    adminSecret,
    writerKey,
    writerSecret,
    broadKey,
    broadSecret,
    admin,
    plainBucket,
    stop,
    start,
    mc,
    async read(key) {
      const got = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await got.Body!.transformToByteArray());
    },
    async destroy() {
      admin.destroy();
      await stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
