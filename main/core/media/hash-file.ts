// Size and SHA-256 of an artifact, streamed: recordings can be gigabytes and must not be read into memory.
// The size comes from the bytes actually hashed, so both describe the same content.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export interface FileDigest {
  bytes: number;
  sha256: string;
}

export async function hashFile(filePath: string, signal?: AbortSignal): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = fs.createReadStream(filePath, { highWaterMark: 1024 * 1024, ...(signal ? { signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}
