// Fixtures for delivery tests: a finished ("ready") recording with artifacts of a chosen size, made without
// waiting minutes for real capture (the content does not matter to the uploader, its bytes do), and a
// profile pointing at an endpoint. Real recordings are used where the media matters (delivery-cli, instant).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_KEY_TEMPLATE, DEFAULT_PROFILE_ARTIFACTS, type Profile, type ProfileSettings } from '../../shared/domain/profile';
import type { RecordingSnapshot } from '../../shared/domain/recording';
import type { Engine } from '../../main/engine';
import { buildManifest } from '../../main/core/media/manifest';
import { createRecordingStore } from '../../main/core/store/recording-store';
import { recordingPaths } from '../../main/core/recording/recording-paths';
import { sha256File } from './media-check';

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export { sha256File } from './media-check';

/** Writes `bytes` of random data in 1 MiB steps (memory stays small for large files). */
export function writeRandomFile(file: string, bytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  try {
    for (let done = 0; done < bytes; ) {
      const n = Math.min(1024 * 1024, bytes - done);
      fs.writeSync(fd, randomBytes(n));
      done += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

export async function seedReadyRecording(engine: Engine, options: { mp4Bytes: number; profileId: string | null; title?: string }): Promise<RecordingSnapshot> {
  const store = createRecordingStore(engine.db);
  const id = `rec_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
  const p = recordingPaths(path.join(engine.dataDir, 'recordings'), id);
  const now = new Date().toISOString();
  fs.mkdirSync(p.artifacts, { recursive: true });
  // A stand-in journal, so tests can see that the raw chunks stay until the delivery is confirmed.
  writeRandomFile(path.join(p.journal, 'segment-000001.ftj'), 64 * 1024);
  const files: Array<{ kind: 'mp4' | 'snapshot' | 'filmstrip'; name: string; bytes: number }> = [
    { kind: 'mp4', name: 'recording.mp4', bytes: options.mp4Bytes },
    { kind: 'snapshot', name: 'snapshot.jpg', bytes: 40_000 },
    { kind: 'filmstrip', name: 'filmstrip.jpg', bytes: 90_000 },
  ];
  const artifacts = files.map((f) => {
    const file = path.join(p.artifacts, f.name);
    writeRandomFile(file, f.bytes);
    return { kind: f.kind, path: file, bytes: f.bytes, sha256: sha256File(file) };
  });
  const manifest = await buildManifest({
    outDir: p.artifacts,
    recordingId: id,
    sessionId: null,
    title: options.title ?? 'Seeded recording',
    startedAt: now,
    stoppedAt: now,
    durationSec: 60,
    sources: [{ kind: 'testsrc' }],
    artifacts,
    ffmpegVersion: 'test',
    finalizePath: 'remux',
    sourceVideoCodec: 'h264',
    media: { video: true, audio: true, silentAudioAdded: false, blankVideoAdded: false },
  });
  store.insert({ id, title: options.title ?? 'Seeded recording', source: { kind: 'testsrc' }, sessionId: null, participant: null, profileId: options.profileId, createdAt: now, state: { status: 'ready', at: now } });
  store.setArtifacts(id, [...artifacts, manifest], now);
  store.setTimes(id, { startedAt: now, stoppedAt: now, durationSec: 60 });
  return store.get(id)!;
}

export interface S3Target {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
}

export function profileSettings(name: string, target: S3Target, secretEnv: string, extra: Partial<ProfileSettings> = {}): ProfileSettings {
  return {
    name,
    endpoint: target.endpoint,
    region: target.region,
    bucket: target.bucket,
    prefixTemplate: DEFAULT_KEY_TEMPLATE,
    accessKeyId: target.accessKeyId,
    secretSource: { kind: 'env', variable: secretEnv },
    forcePathStyle: true,
    artifacts: { ...DEFAULT_PROFILE_ARTIFACTS },
    storageClass: null,
    encryption: { mode: 'none' },
    tags: false,
    ...extra,
  };
}

export function addProfile(engine: Engine, settings: ProfileSettings): Profile {
  return engine.delivery.profiles.add(settings, { activate: true });
}

export function adminClient(endpoint: string, region: string, key: string, secret: string): S3Client {
  return new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId: key, secretAccessKey: secret }, maxAttempts: 3 });
}

export async function readObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

/** Part numbers that got a 2xx answer and were sent again afterwards, per upload. */
export function resentParts(requests: Array<{ kind: string; uploadId: string | null; partNumber: number | null; status: number | null; outcome: string; startedAt: number; endedAt: number | null }>) {
  const answered = new Map<string, number>();
  const resent: Array<{ uploadId: string; partNumber: number; firstAnsweredAt: number }> = [];
  for (const r of requests) {
    if (r.kind !== 'part' || r.uploadId === null || r.partNumber === null) continue;
    const key = `${r.uploadId}#${r.partNumber}`;
    const first = answered.get(key);
    if (first !== undefined) resent.push({ uploadId: r.uploadId, partNumber: r.partNumber, firstAnsweredAt: first });
    if (r.outcome === 'forwarded' && r.status !== null && r.status < 300 && first === undefined) answered.set(key, r.endedAt ?? r.startedAt);
  }
  return resent;
}
