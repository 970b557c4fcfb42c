// Where delivered objects are read from for verification, without the local database: a folder the bucket
// owner downloaded (any layout that keeps the key's tail: `aws s3 cp --recursive`, `mc cp --recursive`, a
// single recording's folder), or a bucket prefix read with the owner's read credentials. Paths are
// relative, '/'-separated; an object's key ends with its path.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../../../shared/errors';
import { hashFile } from '../media/hash-file';

export interface SourceFile {
  path: string;
  bytes: number;
}

export interface EvidenceSource {
  /** The folder, or s3://bucket/prefix. */
  readonly name: string;
  list(): Promise<SourceFile[]>;
  read(file: string): Promise<Buffer>;
  /** Streamed: a raw recording may be gigabytes. */
  hash(file: string): Promise<{ sha256: string; bytes: number }>;
}

export function folderSource(root: string): EvidenceSource {
  const abs = path.resolve(root);
  const full = (file: string) => path.join(abs, ...file.split('/'));
  return {
    name: abs,
    async list() {
      let stat: fs.Stats;
      try {
        stat = fs.statSync(abs);
      } catch {
        throw new AppError('NOT_FOUND', `The folder ${abs} does not exist.`);
      }
      if (!stat.isDirectory()) throw new AppError('INVALID_REQUEST', `${abs} is not a folder: give the folder the delivered objects were downloaded into.`);
      const out: SourceFile[] = [];
      const walk = (dir: string, rel: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const relPath = rel ? `${rel}/${entry.name}` : entry.name;
          const p = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(p, relPath);
          else if (entry.isFile()) out.push({ path: relPath, bytes: fs.statSync(p).size });
        }
      };
      walk(abs, '');
      return out.sort((a, b) => a.path.localeCompare(b.path));
    },
    read: async (file) => fs.promises.readFile(full(file)),
    hash: async (file) => hashFile(full(file)),
  };
}

export interface S3SourceOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix (a folder, e.g. "acme/2026/"); empty for the whole bucket. */
  prefix: string;
}

export function s3Source(o: S3SourceOptions): EvidenceSource {
  const prefix = o.prefix.replace(/^\/+/, '');
  const keyOf = (file: string) => `${prefix}${prefix && !prefix.endsWith('/') ? '/' : ''}${file}`;
  const get = async (file: string) => {
    const got = await o.client.send(new GetObjectCommand({ Bucket: o.bucket, Key: keyOf(file) }));
    if (!got.Body) throw new AppError('NOT_FOUND', `s3://${o.bucket}/${keyOf(file)} has no body.`);
    return got.Body as NodeJS.ReadableStream & { transformToByteArray(): Promise<Uint8Array> };
  };
  return {
    name: `s3://${o.bucket}/${prefix}`,
    async list() {
      const out: SourceFile[] = [];
      let token: string | undefined;
      do {
        const page = await o.client.send(new ListObjectsV2Command({ Bucket: o.bucket, Prefix: prefix || undefined, ContinuationToken: token }));
        for (const item of page.Contents ?? []) {
          if (!item.Key || item.Key.endsWith('/')) continue;
          const rel = item.Key.slice(prefix.length).replace(/^\/+/, '');
          out.push({ path: rel, bytes: item.Size ?? 0 });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out.sort((a, b) => a.path.localeCompare(b.path));
    },
    async read(file) {
      return Buffer.from(await (await get(file)).transformToByteArray());
    },
    async hash(file) {
      const body = await get(file);
      const digest = createHash('sha256');
      let bytes = 0;
      for await (const chunk of body as AsyncIterable<Buffer>) {
        digest.update(chunk);
        bytes += chunk.length;
      }
      return { sha256: digest.digest('hex'), bytes };
    },
  };
}
