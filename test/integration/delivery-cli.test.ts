// `fieldtape record --profile` and `fieldtape deliver` end to end with real ffmpeg, SQLite and MinIO (write-only
// user): every artifact lands under the profile's key template, byte-identical; the manifest, delivered last,
// records each object's key, ETag and checksum; `show --json` gives each artifact its delivery; the raw chunks
// go only once the delivery is confirmed; a raw recording can be delivered too.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveredManifestSchema, DeliverySnapshotSchema } from '../../shared/domain/delivery';
import { ProfileSchema } from '../../shared/domain/profile';
import { asAuditEvents, asRecording, runCli } from '../support/cli';
import { adminClient, readObject, sha256, sha256File } from '../support/delivery-fixture';
import { ffprobe } from '../support/media-check';
import { makeTempHome } from '../support/temp-home';
import { z } from 'zod';
import type { S3Client } from '@aws-sdk/client-s3';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};

const home = makeTempHome('fieldtape-deliver-cli-');
let admin: S3Client;
const cliEnv = () => ({ FT_SECRET: env('FIELDTAPE_TEST_S3_WRITER_SECRET') });
const cli = (args: string[]) => runCli(home.dir, args, { env: cliEnv() });

beforeAll(() => {
  admin = adminClient(env('FIELDTAPE_TEST_S3_ENDPOINT'), env('FIELDTAPE_TEST_S3_REGION'), env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
  const common = ['--endpoint', env('FIELDTAPE_TEST_S3_ENDPOINT'), '--region', env('FIELDTAPE_TEST_S3_REGION'), '--bucket', env('FIELDTAPE_TEST_S3_BUCKET'), '--access-key-id', env('FIELDTAPE_TEST_S3_WRITER_KEY'), '--secret-env', 'FT_SECRET'];
  expect(cli(['profile', 'add', 'acme', ...common, '--prefix', 'tenants/{profile}/{yyyy}/{mm}/{dd}/{recordingId}/{artifact}']).code).toBe(0);
  expect(cli(['profile', 'add', 'rawco', ...common, '--raw', '--no-filmstrip']).code).toBe(0);
});
afterAll(() => {
  admin?.destroy();
  home.cleanup();
});

const ShownSchema = z.object({
  id: z.string(),
  profileId: z.string().nullable(),
  artifacts: z.array(z.object({ kind: z.string(), path: z.string(), sha256: z.string(), delivery: z.object({ state: z.string(), key: z.string().nullable(), etag: z.string().nullable(), sha256: z.string().nullable(), attempts: z.number(), nextAttemptAt: z.string().nullable(), lastError: z.unknown() }) })),
});

describe('fieldtape profile + record + deliver', () => {
  it('lists profiles without secrets and binds a recording to the one named, or else the active one', () => {
    const list = z.array(ProfileSchema).parse(cli(['profile', 'list', '--json']).json);
    expect(list.map((p) => [p.name, p.active])).toEqual([['acme', true], ['rawco', false]]);
    expect(JSON.stringify(list)).not.toContain(env('FIELDTAPE_TEST_S3_WRITER_SECRET'));
    expect(cli(['profile', 'use', 'rawco']).code).toBe(0);
    expect(z.array(ProfileSchema).parse(cli(['profile', 'list', '--json']).json).find((p) => p.active)?.name).toBe('rawco');
    expect(cli(['profile', 'use', 'acme']).code).toBe(0);
  });

  it('records with --profile and delivers every artifact byte-identical, the manifest last', async () => {
    const run = cli(['record', '--source', 'testsrc', '--duration', '3', '--profile', 'acme', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const recording = asRecording(run.json);
    const acme = z.array(ProfileSchema).parse(cli(['profile', 'list', '--json']).json).find((p) => p.name === 'acme')!;
    expect(recording.profileId).toBe(acme.id);

    const shown = ShownSchema.parse(cli(['show', recording.id, '--json']).json);
    const day = recording.createdAt.slice(0, 10).replace(/-/g, '/');
    for (const a of shown.artifacts) {
      expect(a.delivery, a.kind).toMatchObject({ state: 'delivered', attempts: 1, nextAttemptAt: null, lastError: null });
      expect(a.delivery.key).toBe(`tenants/acme/${day}/${recording.id}/${path.basename(a.path)}`);
      expect(a.delivery.etag).toMatch(/^"[0-9a-f]{32}(-\d+)?"$/);
      const remote = await readObject(admin, env('FIELDTAPE_TEST_S3_BUCKET'), a.delivery.key!);
      if (a.kind !== 'manifest') expect(sha256(remote), `${a.kind} byte-identical`).toBe(a.sha256);
      else expect(sha256(remote)).toBe(a.delivery.sha256); // the delivered manifest (see docs/delivery.md)
    }
    const manifestKey = shown.artifacts.find((a) => a.kind === 'manifest')!.delivery.key!;
    const delivered = DeliveredManifestSchema.parse(JSON.parse((await readObject(admin, env('FIELDTAPE_TEST_S3_BUCKET'), manifestKey)).toString('utf8')));
    expect(delivered.recordingId).toBe(recording.id);
    expect(delivered.delivery.profile).toBe('acme');
    expect(delivered.delivery.finalizeManifestSha256).toBe(shown.artifacts.find((a) => a.kind === 'manifest')!.sha256);
    expect(delivered.delivery.objects.map((o) => o.kind)).toEqual(['mp4', 'snapshot', 'filmstrip']);
    for (const o of delivered.delivery.objects) {
      const artifact = shown.artifacts.find((a) => a.kind === o.kind)!;
      expect(o).toMatchObject({ key: artifact.delivery.key, etag: artifact.delivery.etag, sha256: artifact.sha256 });
      expect(o.checksumSha256).toMatch(/=(-\d+)?$/);
    }
    // The manifest object was written after every other one.
    const local = path.join(home.dir, 'recordings', recording.id, 'delivery', 'manifest.json');
    expect(sha256File(local)).toBe(sha256(await readObject(admin, env('FIELDTAPE_TEST_S3_BUCKET'), manifestKey)));

    // Confirmed, so the raw chunks are gone; the MP4 stays for offline review; both facts are audited.
    expect(fs.existsSync(path.join(home.dir, 'recordings', recording.id, 'journal'))).toBe(false);
    expect(fs.existsSync(shown.artifacts.find((a) => a.kind === 'mp4')!.path)).toBe(true);
    const events = asAuditEvents(cli(['audit', 'list', '--json']).json).filter((e) => e.recordingId === recording.id).map((e) => e.type);
    expect(events.slice(-2)).toEqual(['delivery.completed', 'retention.purged']);

    const again = cli(['deliver', '--all', '--json']);
    expect(again.code).toBe(0);
    expect(z.array(DeliverySnapshotSchema).parse(again.json)).toEqual([]);
  });

  it('delivers the raw recording when the profile asks for it', async () => {
    const run = cli(['record', '--source', 'testsrc', '--duration', '3', '--profile', 'rawco', '--no-deliver', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const recording = asRecording(run.json);
    expect(fs.existsSync(path.join(home.dir, 'recordings', recording.id, 'journal'))).toBe(true);
    const delivered = cli(['deliver', recording.id, '--json']);
    expect(delivered.code, delivered.stderr).toBe(0);
    const delivery = DeliverySnapshotSchema.parse(delivered.json);
    expect(delivery.objects.map((o) => o.name)).toEqual(['recording.mp4', 'raw-segment-1.mkv', 'snapshot.jpg', 'manifest.json', 'receipt.json']);
    const raw = delivery.objects.find((o) => o.kind === 'raw')!;
    const bytes = await readObject(admin, env('FIELDTAPE_TEST_S3_BUCKET'), raw.key);
    expect(sha256(bytes)).toBe(raw.sha256);
    const file = path.join(home.dir, 'raw-check.mkv');
    fs.writeFileSync(file, bytes);
    expect(ffprobe(file).codecs).toEqual(expect.arrayContaining(['h264', 'aac']));
    expect(fs.existsSync(path.join(home.dir, 'recordings', recording.id, 'journal'))).toBe(false);
  });
});
