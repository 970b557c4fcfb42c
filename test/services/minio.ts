// MinIO on loopback with throwaway root credentials, provisioned with mc the way a customer's bucket is:
// a bucket and a user whose only permission is s3:PutObject on that bucket's objects.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SERVICES_DIR, SERVICES_LOG_DIR } from './paths';
import { freeTcpPort } from './ports';
import { startDetached, waitReady, type ProcRecord } from './proc';

const execFileAsync = promisify(execFile);

export const TEST_BUCKET = 'fieldtape-test';
export const TEST_REGION = 'us-east-1';
const POLICY_NAME = 'fieldtape-writeonly';

export interface MinioInfo {
  proc: ProcRecord;
  endpoint: string;
  adminKey: string;
  adminSecret: string;
}

export interface MinioWriter {
  bucket: string;
  writerKey: string;
  writerSecret: string;
}

export async function startMinio(minioBin: string, track: (rec: ProcRecord) => void): Promise<MinioInfo> {
  // Root credentials are new every run and MinIO encrypts its IAM data with them: start from an empty
  // data directory rather than one the last run's credentials can no longer read.
  const dataDir = path.join(SERVICES_DIR, 'minio-data');
  const certsDir = path.join(SERVICES_DIR, 'minio-certs');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(certsDir, { recursive: true });
  const port = await freeTcpPort();
  const consolePort = await freeTcpPort();
  const adminKey = `ftadmin${randomBytes(4).toString('hex')}`;
  const adminSecret = randomBytes(24).toString('hex');
  const endpoint = `http://127.0.0.1:${port}`;
  const proc = await startDetached(
    'minio',
    minioBin,
    ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--certs-dir', certsDir, '--quiet'],
    {
      env: minioServerEnv(adminKey, adminSecret, path.join(SERVICES_DIR, 'minio-home')),
      log: path.join(SERVICES_LOG_DIR, 'minio.log'),
    },
  );
  track(proc);
  await waitReady(proc, () => minioHealthy(endpoint), { timeoutMs: 60_000, what: `GET ${endpoint}/minio/health/live` });
  return { proc, endpoint, adminKey, adminSecret };
}

/** The environment a MinIO server of the tests runs with: throwaway root credentials, nothing phoning home. */
export function minioServerEnv(adminKey: string, adminSecret: string, home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MINIO_ROOT_USER: adminKey,
    MINIO_ROOT_PASSWORD: adminSecret,
    MINIO_BROWSER: 'off',
    MINIO_UPDATE: 'off',
    MINIO_CALLHOME_ENABLE: 'off',
    ...extra,
    HOME: home,
  };
}

/** An IAM policy that allows s3:PutObject on `resource` and nothing else: what a tenant gives Fieldtape. */
export function putObjectOnlyPolicy(resource: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: [resource] }] });
}

export async function minioHealthy(endpoint: string): Promise<boolean> {
  const response = await fetch(`${endpoint}/minio/health/live`, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return true;
}

export async function provisionWriteOnly(mcBin: string, minio: MinioInfo): Promise<MinioWriter> {
  const configDir = path.join(SERVICES_DIR, 'mc-config');
  fs.rmSync(configDir, { recursive: true, force: true });
  fs.mkdirSync(configDir, { recursive: true });
  const writerKey = `ftwriter${randomBytes(4).toString('hex')}`;
  const writerSecret = randomBytes(24).toString('hex');
  const policyFile = path.join(configDir, `${POLICY_NAME}.json`);
  fs.writeFileSync(policyFile, putObjectOnlyPolicy(`arn:aws:s3:::${TEST_BUCKET}/*`));
  const mc = async (...args: string[]): Promise<void> => {
    try {
      await execFileAsync(mcBin, ['--config-dir', configDir, '--no-color', '--quiet', ...args], {
        timeout: 60_000,
        env: { ...process.env, HOME: configDir, MC_DISABLE_PAGER: '1' },
      });
    } catch (error) {
      const e = error as Error & { stdout?: string; stderr?: string };
      const shown = args.map((a) => (a === minio.adminSecret || a === writerSecret ? '[redacted]' : a)).join(' ');
      throw new Error(`mc ${shown} failed: ${e.message.split('\n')[0]}\n${e.stdout ?? ''}${e.stderr ?? ''}`.trimEnd());
    }
  };
  await mc('alias', 'set', 'ft', minio.endpoint, minio.adminKey, minio.adminSecret, '--api', 'S3v4');
  await mc('mb', '--ignore-existing', '--region', TEST_REGION, `ft/${TEST_BUCKET}`);
  await mc('admin', 'policy', 'create', 'ft', POLICY_NAME, policyFile);
  await mc('admin', 'user', 'add', 'ft', writerKey, writerSecret);
  await mc('admin', 'policy', 'attach', 'ft', POLICY_NAME, '--user', writerKey);
  return { bucket: TEST_BUCKET, writerKey, writerSecret };
}
