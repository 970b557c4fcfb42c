// The manifest as delivered: the finalize manifest (artifacts/manifest.json, whose SHA-256 the audit log
// recorded) plus a `delivery` section with the key, ETag and S3 checksum of every object delivered before
// it. It is written durably beside the recording (delivery/manifest.json) before it is sent, so the bytes in
// the bucket are a local file's bytes like every other object's.
import fs from 'node:fs';
import { DeliveredManifestSchema, type DeliveredObject } from '../../../shared/domain/delivery';
import { ManifestSchema } from '../../../shared/domain/manifest';
import { AppError } from '../../../shared/errors';
import { writeFileDurable } from '../fs-durable';
import { hashFile } from '../media/hash-file';

export interface DeliveredManifestInput {
  finalizeManifestPath: string;
  finalizeManifestSha256: string;
  profile: string;
  bucket: string;
  objects: DeliveredObject[];
  outFile: string;
}

export async function writeDeliveredManifest(input: DeliveredManifestInput): Promise<{ bytes: number; sha256: string }> {
  let base;
  try {
    base = ManifestSchema.parse(JSON.parse(fs.readFileSync(input.finalizeManifestPath, 'utf8')));
  } catch (error) {
    throw new AppError('CORRUPT_DATA', `The recording's manifest ${input.finalizeManifestPath} is missing or unreadable, so the delivery cannot be committed.`, String(error));
  }
  const manifest = DeliveredManifestSchema.parse({
    ...base,
    delivery: { profile: input.profile, bucket: input.bucket, finalizeManifestSha256: input.finalizeManifestSha256, objects: input.objects },
  });
  // Stable bytes: a retried attempt rewrites exactly the same file unless an object's facts changed.
  const text = JSON.stringify(manifest, null, 2) + '\n';
  const current = fs.existsSync(input.outFile) ? fs.readFileSync(input.outFile, 'utf8') : null;
  if (current !== text) writeFileDurable(input.outFile, text);
  return hashFile(input.outFile);
}
