// `fieldtape profile test` against real endpoints: a probe object proves write access, and each way a
// profile can be wrong gives its own, actionable message — wrong secret, wrong access key, wrong bucket,
// no such bucket, wrong region, an endpoint that is not S3, unreachable (refused, DNS, TLS), a secret that
// is missing, and a skewed clock.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileTestResultSchema, type ProfileTestCause } from '../../shared/domain/profile';
import { createS3ClientFactory } from '../../main/core/delivery/s3-client';
import { testProfile } from '../../main/core/delivery/profile-test';
import { freeTcpPort } from '../services/ports';
import { runCliAsync } from '../support/cli-async';
import { adminClient, readObject } from '../support/delivery-fixture';
import { startPrivateMinio, type PrivateMinio } from '../support/private-minio';
import { makeTempHome } from '../support/temp-home';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};

let home: ReturnType<typeof makeTempHome>;
let minio: PrivateMinio;
let notS3: http.Server;
let notS3Url: string;

beforeAll(async () => {
  home = makeTempHome('fieldtape-profile-test-');
  minio = await startPrivateMinio({ siteRegion: 'eu-central-1' });
  notS3 = http.createServer((_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>Not here</body></html>'));
  await new Promise<void>((resolve) => notS3.listen(0, '127.0.0.1', () => resolve()));
  notS3Url = `http://127.0.0.1:${(notS3.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await minio?.destroy();
  await new Promise<void>((resolve) => notS3?.close(() => resolve()));
  home?.cleanup();
});

interface Case {
  name: string;
  endpoint: () => string;
  region?: string;
  bucket?: string;
  key?: string;
  secret?: string | null;
  cause: ProfileTestCause;
  message: RegExp;
}

async function addAndTest(c: Case) {
  const secretVar = `FT_SECRET_${c.name.replace(/-/g, '_').toUpperCase()}`;
  const add = await runCliAsync(home.dir, [
    'profile', 'add', c.name,
    '--endpoint', c.endpoint(),
    '--region', c.region ?? env('FIELDTAPE_TEST_S3_REGION'),
    '--bucket', c.bucket ?? env('FIELDTAPE_TEST_S3_BUCKET'),
    '--access-key-id', c.key ?? env('FIELDTAPE_TEST_S3_WRITER_KEY'),
    '--secret-env', secretVar, '--json',
  ]);
  expect(add.code, add.stderr).toBe(0);
  const secret = c.secret === undefined ? env('FIELDTAPE_TEST_S3_WRITER_SECRET') : c.secret;
  const run = await runCliAsync(home.dir, ['profile', 'test', c.name, '--json'], secret === null ? {} : { [secretVar]: secret });
  return { code: run.code, result: ProfileTestResultSchema.parse(run.json) };
}

describe('fieldtape profile test', () => {
  it('writes a probe object with write-only credentials', async () => {
    const { code, result } = await addAndTest({ name: 'good', endpoint: () => env('FIELDTAPE_TEST_S3_ENDPOINT'), cause: 'ok', message: /can write/ });
    expect(code).toBe(0);
    expect(result).toMatchObject({ ok: true, cause: 'ok' });
    const admin = adminClient(env('FIELDTAPE_TEST_S3_ENDPOINT'), env('FIELDTAPE_TEST_S3_REGION'), env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
    expect((await readObject(admin, env('FIELDTAPE_TEST_S3_BUCKET'), result.key)).toString()).toMatch(/Fieldtape write test for profile good/);
    admin.destroy();
  });

  it('names each cause of failure with its own message', async () => {
    const refusedPort = await freeTcpPort();
    const cases: Case[] = [
      { name: 'wrong-secret', endpoint: () => env('FIELDTAPE_TEST_S3_ENDPOINT'), secret: 'x'.repeat(48), cause: 'wrong-secret', message: /secret does not match/ },
      { name: 'wrong-key', endpoint: () => env('FIELDTAPE_TEST_S3_ENDPOINT'), key: 'NOSUCHKEY123', cause: 'wrong-access-key', message: /does not know the access key id "NOSUCHKEY123"/ },
      { name: 'wrong-bucket', endpoint: () => env('FIELDTAPE_TEST_S3_ENDPOINT'), bucket: 'no-such-bucket-here', cause: 'access-denied', message: /"no-such-bucket-here" does not exist .*policy lacks s3:PutObject/ },
      { name: 'no-bucket', endpoint: () => minio.endpoint, region: 'eu-central-1', bucket: 'missing-bucket', key: minio.broadKey, secret: minio.broadSecret, cause: 'no-such-bucket', message: /bucket "missing-bucket" does not exist/ },
      { name: 'wrong-region', endpoint: () => minio.endpoint, region: 'us-west-2', bucket: minio.bucket, key: minio.writerKey, secret: minio.writerSecret, cause: 'wrong-region', message: /not in region "us-west-2".*"eu-central-1"/ },
      { name: 'wrong-endpoint', endpoint: () => notS3Url, cause: 'wrong-endpoint', message: /not like S3/ },
      { name: 'refused', endpoint: () => `http://127.0.0.1:${refusedPort}`, cause: 'connection-refused', message: /refused the connection/ },
      { name: 'dns', endpoint: () => 'http://fieldtape-s3.invalid:9000', cause: 'dns', message: /cannot be resolved \(DNS/ },
      { name: 'tls', endpoint: () => env('FIELDTAPE_TEST_S3_ENDPOINT').replace('http:', 'https:'), cause: 'tls', message: /TLS handshake/ },
      { name: 'no-secret', endpoint: () => env('FIELDTAPE_TEST_S3_ENDPOINT'), secret: null, cause: 'missing-secret', message: /environment variable FT_SECRET_NO_SECRET, which is not set/ },
    ];
    const messages = new Set<string>();
    for (const c of cases) {
      const { code, result } = await addAndTest(c);
      expect(code, c.name).toBe(1);
      expect({ name: c.name, cause: result.cause }).toEqual({ name: c.name, cause: c.cause });
      expect(result.message, c.name).toMatch(c.message);
      messages.add(result.message.replace(/"[^"]*"/g, '""'));
    }
    expect(messages.size, 'every cause reads differently').toBe(cases.length);
  });

  it('names clock skew', async () => {
    const factory = createS3ClientFactory();
    const profile = {
      id: 'prof_skewtest0000',
      name: 'skewed',
      endpoint: env('FIELDTAPE_TEST_S3_ENDPOINT'),
      region: env('FIELDTAPE_TEST_S3_REGION'),
      bucket: env('FIELDTAPE_TEST_S3_BUCKET'),
      prefixTemplate: '{profile}/{recordingId}/{artifact}',
      accessKeyId: env('FIELDTAPE_TEST_S3_WRITER_KEY'),
      secretSource: { kind: 'env' as const, variable: 'X' },
      forcePathStyle: true,
      artifacts: { raw: false, snapshot: true, filmstrip: true, annotations: true, manifest: true },
      storageClass: null,
      encryption: { mode: 'none' as const },
      tags: false,
      active: false,
      managed: false,
      createdAt: '',
      updatedAt: '',
    };
    const result = await testProfile(profile, {
      resolveSecret: async () => env('FIELDTAPE_TEST_S3_WRITER_SECRET'),
      makeClient: (p, s) => {
        const client = factory(p, s);
        client.config.systemClockOffset = -25 * 60 * 1000; // the local clock is 25 minutes slow
        return client;
      },
      clock: () => new Date(Date.now() - 25 * 60 * 1000),
    });
    expect(result.cause).toBe('clock-skew');
    expect(result.message).toMatch(/clock is off by 25 minutes \(behind the server\)/);
  });
});
